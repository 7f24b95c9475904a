// The demo war room, in a folder of its own. The shells (`--demo`) call prepareDemo() before they open
// their core and unlockDemo() after:
// - The demo lives in `<data folder>-demo` (demoDataDir), so a user's real folder is never opened,
//   let alone mixed with exercise data; only an explicit `--demo-here` seeds the chosen folder.
// - It seeds only a folder that holds nothing yet (no incident, vault, catalog or integration), so it
//   never writes over anything; a reset empties only a folder the demo made (it has demo.json).
// - The story (story.ts) runs through the dispatcher of a short-lived core whose clock walks from 55
//   minutes ago to now: every step is a real command with its own audit row, actor and time.
// - OS key stores stay out of it (keyStore: null): the demo vault and its integration secrets use the
//   passphrase store inside the demo folder, with a generated passphrase kept beside it (0600), so
//   nothing lands in the user's keychain, whose entries are shared by every folder.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CommandInput, CommandName, CommandResult } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { createCore, type Core } from '../createCore';
import { acquireDataDirLock, LOCK_FILE_NAME, LOCK_INFO_FILE_NAME } from '../db/dataDirLock';
import type { Logger } from '../logger';
import { createPrivateFile, ensureDataDir } from '../paths';
import type { Transport } from '../policy/pathAccess';
import { probeSandboxes, SANDBOX_KINDS, type SandboxUrls } from './sandbox';
import { DEMO_SPAN_MINUTES, tellStory, type StoryDriver } from './story';

export const DEMO_MARKER_FILE = 'demo.json';
export const DEMO_PASSPHRASE_FILE = 'demo-vault-passphrase.txt';
/** The actor of what the launcher itself does (unlocking the demo vault at each start). */
export const DEMO_LAUNCHER = 'demo';

/** The demo's own folder beside a data folder: `~/.local/share/command-post` → `…/command-post-demo`. */
export function demoDataDir(dataDir: string): string {
  return `${path.resolve(dataDir)}-demo`;
}

export interface DemoOptions {
  /** The folder to seed: demoDataDir(…) normally, the user's own folder only when asked (--demo-here). */
  dataDir: string;
  resourcesDir: string;
  logger: Logger;
  /** Recorded in the audit trail of every seeded command ('cli' for the browser host, 'app' for Electron). */
  transport: Transport;
  /** First port of the vendor sandboxes to look for (npm run fakes); null: do not look. */
  sandboxBasePort: number | null;
  /** Empty the folder first and seed it again; refused for a folder the demo did not make. */
  reset?: boolean;
  /** The real clock (tests inject one). */
  now?: () => number;
}

export interface DemoFolder {
  dataDir: string;
  /** Seeded by this call (false: it was seeded before, or it holds other data and was left alone). */
  seeded: boolean;
  /** The demo incident's human id, when the folder holds the demo. */
  incident: string | null;
  seededAt: string | null;
  /** Where the demo vault's passphrase is, when the demo made the vault. */
  passphraseFile: string | null;
  /** Integrations pointed at sandboxes when it was seeded (empty: none was running). */
  integrations: string[];
  /** Lines for the shell to log at start: where the demo is, the passphrase, the integrations. */
  notes: string[];
}

interface Marker {
  format: 'command-post-demo';
  state: 'seeding' | 'seeded';
  seededAt: string;
  incident: string | null;
  integrations: string[];
  sandboxBasePort: number | null;
}

function readMarker(dataDir: string): Marker | null {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dataDir, DEMO_MARKER_FILE), 'utf8')) as Partial<Marker>;
    return m.format === 'command-post-demo' ? (m as Marker) : null;
  } catch {
    return null;
  }
}

function writePrivate(file: string, content: string): void {
  createPrivateFile(file);
  fs.writeFileSync(file, content, { mode: 0o600 });
}

function writeMarker(dataDir: string, m: Marker): void {
  writePrivate(path.join(dataDir, DEMO_MARKER_FILE), `${JSON.stringify(m, null, 2)}\n`);
}

/** The demo's passphrase file, made on first use: 24 random base64url characters. */
function demoPassphrase(dataDir: string): string {
  const file = path.join(dataDir, DEMO_PASSPHRASE_FILE);
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  if (existing) return existing;
  const fresh = randomBytes(18).toString('base64url');
  writePrivate(file, `${fresh}\n`);
  return fresh;
}

/**
 * Empty a folder the demo made, holding its lock (so a running console on it refuses the reset
 * instead of losing its files). The lock files stay: see dataDirLock.ts on why they are never deleted.
 */
async function emptyDemoFolder(dataDir: string): Promise<void> {
  const lock = await acquireDataDirLock(dataDir);
  try {
    for (const name of fs.readdirSync(dataDir)) {
      if (name === LOCK_FILE_NAME || name === LOCK_INFO_FILE_NAME) continue;
      fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
    }
  } finally {
    await lock.release();
  }
}

/** What a folder holds that the demo must never write over. */
async function existingData(core: Core): Promise<string[]> {
  const held: string[] = [];
  if ((await core.invoke('incidents:list', {})).length > 0) held.push('incidents');
  if ((await core.invoke('vault:status', {})).state !== 'uninitialized') held.push('a vault');
  if ((await core.invoke('catalog:graph', {})).services.length > 0) held.push('a service catalog');
  if ((await core.invoke('integrations:list', {})).length > 0) held.push('integrations');
  return held;
}

/** Keeps warnings and errors of the short-lived seeding core; its start-up information would repeat the shell's. */
function quiet(logger: Logger): Logger {
  return { info: () => undefined, warn: (m) => logger.warn(m), error: (m) => logger.error(m) };
}

/**
 * Make `opts.dataDir` hold the demo war room: seed it when it is empty (or reset), leave it as it is
 * when the demo is already there, and leave alone a folder that holds anything else.
 */
export async function prepareDemo(opts: DemoOptions): Promise<DemoFolder> {
  const { dataDir } = opts;
  ensureDataDir(dataDir);
  let marker = readMarker(dataDir);
  if (opts.reset || marker?.state === 'seeding') {
    // An interrupted seed is started over; a reset is refused where the demo did not make the folder.
    if (!marker) throw new AppError('conflict', `${dataDir} was not made by the demo (no ${DEMO_MARKER_FILE}); a reset empties only the demo's own folder.`);
    await emptyDemoFolder(dataDir);
    marker = null;
  }
  if (marker) return describe(dataDir, marker, false);

  const realNow = opts.now ?? Date.now;
  const end = realNow();
  let t = end - DEMO_SPAN_MINUTES * 60_000 - 60_000;
  const core = await createCore({
    dataDir,
    resourcesDir: opts.resourcesDir,
    logger: quiet(opts.logger),
    now: () => t,
    keyStore: null,
    // Only the story's own steps move time; the outbox is drained by the shell's core afterwards.
    timerTickMs: 3_600_000,
    sync: { start: false },
  });
  try {
    const held = await existingData(core);
    if (held.length > 0) {
      return {
        dataDir,
        seeded: false,
        incident: null,
        seededAt: null,
        passphraseFile: null,
        integrations: [],
        notes: [`demo not loaded: ${dataDir} already holds ${held.join(', ')}; the demo only seeds an empty folder (without --demo-here it uses its own, ${demoDataDir(dataDir)}).`],
      };
    }
    const sandbox: SandboxUrls = opts.sandboxBasePort === null ? {} : await probeSandboxes(opts.sandboxBasePort);
    const seeding: Marker = { format: 'command-post-demo', state: 'seeding', seededAt: new Date(end).toISOString(), incident: null, integrations: Object.keys(sandbox), sandboxBasePort: opts.sandboxBasePort };
    writeMarker(dataDir, seeding);
    const driver: StoryDriver = {
      async at(minutesAgo) {
        t = Math.max(t, end - minutesAgo * 60_000);
        await core.timers.tick();
      },
      async run<N extends CommandName>(actor: string, name: N, input: CommandInput<N>): Promise<CommandResult<N>> {
        const res = await core.invoke(name, input, { transport: opts.transport, actorOverride: actor });
        // One second between two steps of the same minute keeps their order and their times distinct.
        t += 1000;
        return res;
      },
      now: () => t,
      end,
      resourcesDir: opts.resourcesDir,
      sandbox,
      vaultPassphrase: demoPassphrase(dataDir),
    };
    const incident = await tellStory(driver);
    const done: Marker = { ...seeding, state: 'seeded', incident: incident.humanId };
    writeMarker(dataDir, done);
    return describe(dataDir, done, true);
  } finally {
    await core.close();
  }
}

function describe(dataDir: string, m: Marker, seeded: boolean): DemoFolder {
  const passphraseFile = path.join(dataDir, DEMO_PASSPHRASE_FILE);
  const hasPassphrase = fs.existsSync(passphraseFile);
  const base = m.sandboxBasePort ?? 4900;
  const notes = [
    `demo: ${m.incident ?? 'the demo incident'} (an exercise) ${seeded ? 'seeded now' : `seeded ${m.seededAt}`} in ${dataDir}; start over with --demo-reset`,
    hasPassphrase ? `demo: the demo vault's passphrase is in ${passphraseFile}` : 'demo: no demo vault in this folder',
    m.integrations.length > 0
      ? `demo: integrations ${m.integrations.join(', ')} point at the vendor sandboxes on 127.0.0.1:${base}–${base + SANDBOX_KINDS.length - 1} (npm run fakes); an exercise reaches only ${m.integrations.filter((k) => ['slack', 'teams', 'jira', 'webhook'].includes(k)).join(', ') || 'none of them'}`
      : `demo: integrations not configured (no vendor sandbox answered on 127.0.0.1:${base}–${base + SANDBOX_KINDS.length - 1} when it was seeded): run \`npm run fakes\`, then start with --demo-reset`,
  ];
  return { dataDir, seeded, incident: m.incident, seededAt: m.seededAt, passphraseFile: hasPassphrase ? passphraseFile : null, integrations: m.integrations, notes };
}

/**
 * After the shell opened its core on the demo folder: unlock the demo vault with its passphrase file
 * (a real vault:unlock, audited as the launcher), so the vault and the integration secrets work.
 */
export async function unlockDemo(core: Core, demo: DemoFolder, opts: { transport: Transport; logger: Logger }): Promise<void> {
  if (!demo.passphraseFile) return;
  const status = await core.invoke('vault:status', {});
  if (status.state !== 'locked') return;
  const passphrase = fs.readFileSync(demo.passphraseFile, 'utf8').trim();
  const res = await core.dispatch('vault:unlock', { passphrase }, { transport: opts.transport, actorOverride: DEMO_LAUNCHER });
  if (!res.ok) opts.logger.warn(`demo: the demo vault stayed locked: ${res.error.message}`);
}
