// `npm run web -- [--port P] [--data-dir D] [--token T] [--demo | --demo-here] [--demo-reset]`: the
// browser host. Prints exactly one line on stdout when ready; everything else goes to stderr.
// `--demo` (what `npm start` passes) opens the demo's own folder, `<data folder>-demo`, seeded with the
// demo war room on first use; the data folder itself is not opened. `--demo-here` seeds the chosen
// folder instead, and only when it holds nothing yet.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors';
import { consoleLogger, createCore, DataDirLockedError, defaultDataDir, demoDataDir, prepareDemo, SANDBOX_BASE_PORT, scaledClock, unlockDemo, type DemoFolder } from '../core';
import { newToken } from './security';
import { startHost } from './server';
import { vaultRoutes } from './vaultRoutes';

export interface CliOptions {
  port: number;
  dataDir: string;
  token: string;
  /** off; own: the demo's own folder beside dataDir; here: seed dataDir itself (explicitly asked). */
  demo: 'off' | 'own' | 'here';
  /** Empty the demo folder and seed it again. */
  demoReset: boolean;
  /** First port of the vendor sandboxes the demo looks for (npm run fakes), null: do not look. */
  demoSandboxPort: number | null;
  fastClock: number;
  /** Test/demo only: the outbox engine's clock rate (defaults to --clock-rate). */
  syncClockRate: number | null;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const opts: CliOptions = { port: 4780, dataDir: defaultDataDir(env), token: '', demo: 'off', demoReset: false, demoSandboxPort: SANDBOX_BASE_PORT, fastClock: 1, syncClockRate: null };
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
        // TEST/DEMO ONLY: back-offs, breaker cool-downs and reconnect probes run N
        // times faster, so an end-to-end "offline → back online" run drains in seconds.
        const r = Number(value());
        if (!Number.isFinite(r) || r < 1 || r > 3600) throw new Error('--sync-clock-rate must be a number from 1 to 3600 (test/demo option)');
        opts.syncClockRate = r;
        break;
      }
      case '--demo':
        if (opts.demo === 'off') opts.demo = 'own';
        break;
      case '--demo-here':
        opts.demo = 'here';
        break;
      case '--demo-reset':
        opts.demoReset = true;
        if (opts.demo === 'off') opts.demo = 'own';
        break;
      case '--demo-sandbox': {
        const v = value();
        const p = Number(v);
        if (v !== 'off' && (!Number.isInteger(p) || p < 1 || p > 65_529)) throw new Error('--demo-sandbox must be the first port of the vendor sandboxes (npm run fakes -- --base-port N) or off');
        opts.demoSandboxPort = v === 'off' ? null : p;
        break;
      }
      case '--help':
      case '-h':
        throw new Error(
          'usage: npm run web -- [--port P] [--data-dir D] [--token T] [--demo (its own folder, D-demo) | --demo-here (seed D itself)] [--demo-reset] [--demo-sandbox PORT|off] [--clock-rate N (test/demo only)] [--sync-clock-rate N (test/demo only)]',
        );
      default:
        throw new Error(`unknown option ${arg} (try --help)`);
    }
  }
  if (!opts.token) opts.token = newToken();
  if (opts.demo === 'here' && opts.demoReset) throw new Error('--demo-reset empties only the demo\'s own folder; it cannot be used with --demo-here');
  // The demo never opens the data folder itself unless asked with --demo-here.
  if (opts.demo === 'own') opts.dataDir = demoDataDir(opts.dataDir);
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
  let demo: DemoFolder | null = null;
  if (opts.demo !== 'off') {
    try {
      demo = await prepareDemo({ dataDir: opts.dataDir, resourcesDir, logger, transport: 'cli', sandboxBasePort: opts.demoSandboxPort, reset: opts.demoReset });
    } catch (err) {
      process.stderr.write(`command-post: the demo could not be prepared in ${opts.dataDir}: ${(err as Error).message}\n`);
      process.exit(1);
    }
  }
  let core;
  try {
    core = await createCore({
      dataDir: opts.dataDir,
      resourcesDir,
      logger,
      // The demo's secrets stay in its folder's passphrase store, never in the OS keychain.
      ...(demo ? { keyStore: null } : {}),
      ...fastClockOptions(opts.fastClock, logger),
      // The outbox engine runs in this process (started by createCore, stopped by
      // core.close()); under --clock-rate its back-offs and probes run on the same fast clock.
      ...((opts.syncClockRate ?? opts.fastClock) !== 1 ? { sync: { engine: { clock: scaledClock(opts.syncClockRate ?? opts.fastClock) } } } : {}),
    });
  } catch (err) {
    // A folder in use already names itself and its holder; anything else is about the database.
    if (err instanceof DataDirLockedError) process.stderr.write(`command-post: ${err.message}\n`);
    else process.stderr.write(`command-post: cannot open the database in ${opts.dataDir}: ${err instanceof AppError ? err.message : (err as Error).message}\n`);
    process.exit(1);
  }
  if (demo) {
    await unlockDemo(core, demo, { transport: 'cli', logger });
    for (const note of demo.notes) logger.info(note);
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
