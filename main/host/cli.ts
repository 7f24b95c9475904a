// `npm run web -- [--port P] [--data-dir D] [--token T] [--demo]`: the browser host.
// Prints exactly one line on stdout when ready; everything else goes to stderr.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core/createCore';
import { DataDirLockedError } from '../core/db/dataDirLock';
// Sync (issue 5)
import { scaledClock } from '../core/sync/clock';
import { consoleLogger } from '../core/logger';
import { defaultDataDir } from '../core/paths';
import { AppError } from '../../shared/errors';
import { newToken } from './security';
import { startHost } from './server';
// Artifact vault (issue 6): streaming upload/download endpoints.
import { vaultRoutes } from './vaultRoutes';

export interface CliOptions {
  port: number;
  dataDir: string;
  token: string;
  demo: boolean;
  fastClock: number;
  /** Sync (issue 5), test/demo only: the outbox engine's clock rate (defaults to --clock-rate). */
  syncClockRate: number | null;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const opts: CliOptions = { port: 4780, dataDir: defaultDataDir(env), token: '', demo: false, fastClock: 1, syncClockRate: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const p = Number(value());
        if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error('--port must be an integer from 0 to 65535');
        opts.port = p;
        break;
      }
      case '--data-dir':
        opts.dataDir = path.resolve(value());
        break;
      case '--token': {
        const t = value();
        if (!/^[A-Za-z0-9_-]{16,128}$/.test(t)) throw new Error('--token must be 16–128 characters of A–Z, a–z, 0–9, - or _');
        opts.token = t;
        break;
      }
      case '--clock-rate': {
        // TEST/DEMO ONLY: the core's clock runs N times faster than real time, so a 1-minute
        // time-box expires in 60/N seconds in end-to-end tests and exercises.
        const r = Number(value());
        if (!Number.isFinite(r) || r < 1 || r > 3600) throw new Error('--clock-rate must be a number from 1 to 3600 (test/demo option)');
        opts.fastClock = r;
        break;
      }
      case '--sync-clock-rate': {
        // TEST/DEMO ONLY (sync, issue 5): back-offs, breaker cool-downs and reconnect probes run N
        // times faster, so an end-to-end "offline → back online" run drains in seconds.
        const r = Number(value());
        if (!Number.isFinite(r) || r < 1 || r > 3600) throw new Error('--sync-clock-rate must be a number from 1 to 3600 (test/demo option)');
        opts.syncClockRate = r;
        break;
      }
      case '--demo':
        opts.demo = true;
        break;
      case '--help':
      case '-h':
        throw new Error('usage: npm run web -- [--port P] [--data-dir D] [--token T] [--demo] [--clock-rate N (test/demo only)] [--sync-clock-rate N (test/demo only)]');
      default:
        throw new Error(`unknown option ${arg} (try --help)`);
    }
  }
  if (!opts.token) opts.token = newToken();
  return opts;
}

/** The built renderer and shipped resources, whether we run from source or from out/. */
export function locate(): { staticDir: string | null; resourcesDir: string } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = [path.resolve(here, '..', '..'), path.resolve(here, '..')].find((r) => fs.existsSync(path.join(r, 'resources'))) ?? path.resolve(here, '..', '..');
  const staticDir = path.join(root, 'out', 'renderer');
  return { staticDir: fs.existsSync(path.join(staticDir, 'index.html')) ? staticDir : null, resourcesDir: path.join(root, 'resources') };
}

/** `--clock-rate N` (test/demo only): now = start + (Date.now() - start) * N, timers polled often enough to keep up. */
function fastClockOptions(rate: number, logger: { warn(m: string): void }): { now?: () => number; timerTickMs?: number } {
  if (rate === 1) return {};
  logger.warn(`TEST/DEMO CLOCK: time runs ${rate}× faster than real time (--clock-rate). Do not use for a real incident.`);
  const start = Date.now();
  return { now: () => Math.round(start + (Date.now() - start) * rate), timerTickMs: Math.max(50, Math.round(1000 / rate)) };
}

export async function main(argv: string[]): Promise<void> {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`command-post: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = consoleLogger('host');
  const { staticDir, resourcesDir } = locate();
  if (!staticDir) logger.warn('renderer not built (out/renderer missing): serving the API only. Run `npm run build`.');
  let core;
  try {
    core = await createCore({
      dataDir: opts.dataDir,
      resourcesDir,
      logger,
      ...fastClockOptions(opts.fastClock, logger),
      // Sync (issue 5): the outbox engine runs in this process (started by createCore, stopped by
      // core.close()); under --clock-rate its back-offs and probes run on the same fast clock.
      ...((opts.syncClockRate ?? opts.fastClock) !== 1 ? { sync: { engine: { clock: scaledClock(opts.syncClockRate ?? opts.fastClock) } } } : {}),
    });
  } catch (err) {
    // A folder in use already names itself and its holder; anything else is about the database.
    if (err instanceof DataDirLockedError) process.stderr.write(`command-post: ${err.message}\n`);
    else process.stderr.write(`command-post: cannot open the database in ${opts.dataDir}: ${err instanceof AppError ? err.message : (err as Error).message}\n`);
    process.exit(1);
  }
  if (opts.demo) {
    const existing = await core.invoke('incidents:list', {});
    if (existing.length === 0) {
      const res = await core.dispatch('demo:load', {}, { transport: 'cli', actorOverride: 'demo' });
      if (!res.ok) logger.warn(`demo not loaded: ${res.error.message}`);
    }
  }
  let host;
  try {
    host = await startHost({ core, token: opts.token, port: opts.port, staticDir, routes: vaultRoutes(core) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' && argv.every((a) => !a.startsWith('--port'))) {
      logger.warn(`port ${opts.port} is in use; choosing a free port`);
      host = await startHost({ core, token: opts.token, port: 0, staticDir, routes: vaultRoutes(core) });
    } else {
      process.stderr.write(`command-post: cannot listen on 127.0.0.1:${opts.port}: ${e.code ?? e.message}\n`);
      await core.close();
      process.exit(1);
    }
  }
  logger.info(`data directory ${opts.dataDir}`);
  process.stdout.write(`Command Post listening on ${host.url}\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info(`${signal}: closing`);
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) void main(process.argv.slice(2));
