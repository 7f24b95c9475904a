// A valid input for every command, and the prepared console it is valid on. The fuzz test starts
// from these and replaces one field at a time, so a hostile value is refused for what it is, not
// because some other required field was missing. fuzz.test.ts checks that every fixture passes the
// schema and that every mutation's fixture succeeds through the real dispatcher on a copy of the
// prepared console; a command without a fixture fails that test.
//
// The prepared console is built through real commands only: a roster, an incident with roles, a
// note, a timer, a service catalog, a keystore vault with an artifact and an orphaned blob, a
// webhook integration delivering to a fake receiver on 127.0.0.1 and one whose items are dead.
// Its clock is frozen, so no timer warns and nothing the scheduler writes moves under a snapshot.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { commands, type CommandName } from '../../../shared/contract';
import { createCore, type Core } from '../../../main/core/createCore';
import { DB_FILE_NAME } from '../../../main/core/db/database';
import { SEAL_FILE_NAME } from '../../../main/core/audit/integrity';
import type { Transport } from '../../../main/core/policy/pathAccess';
import { FAKE_CREDENTIALS as C } from '../../fakes';
import { startWebhookFake, type WebhookFake } from '../../fakes/webhook';
import { InMemoryOsKeyStore } from '../vault/helpers';
import { coveredPaths, fieldCases, generalise, schemaPaths, type FieldCase } from './fuzzCases';

/** The console's frozen clock: every timestamp of the prepared state and its copies. */
export const FROZEN_NOW = Date.parse('2026-11-24T09:00:00Z');
export const VAULT_PASSPHRASE = 'correct horse battery staple';
export const BUNDLE_PASSPHRASE = 'evidence bundle passphrase';

export interface FuzzContext {
  incidentId: string;
  humanId: string;
  /** A user note on the incident's timeline. */
  noteEventId: string;
  /** An open diagnosis time-box. */
  timerId: string;
  artifactId: string;
  /** A blob in the orphan folder with its sealed key file (no row of the database names it). */
  orphanBlobHash: string;
  /** An outbox item the receiver refused (401): dead until a person retries or discards it. */
  deadOutboxId: string;
  recoveryKey: string;
  /** An exported, passphrase-protected evidence bundle of the artifact. */
  bundleBase64: string;
  webhookUrl: string;
  statuspageUrl: string;
  /** A regular file to import by path. */
  sourceFile: string;
  /** A fresh empty folder for whatever one command run writes (an export's destination). */
  scratch: string;
  /** Set by a variant's `before` (a staged upload); a well-formed placeholder otherwise. */
  uploadId: string;
}

export interface Variant {
  input: (ctx: FuzzContext) => Record<string, unknown>;
  /** The console it is valid on: the prepared one (default), or one with a profile and an incident but no vault yet. */
  base?: 'prepared' | 'bare';
  /** Puts the copy into the state the input needs (lock the vault, stage an upload); may add to the context. */
  before?: (core: Core, ctx: FuzzContext) => Promise<Partial<FuzzContext> | void>;
  /** Paths on this machine are taken only from the app's own file dialogs (see policy/pathAccess.ts). */
  transport?: Transport;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const catalogs = fileURLToPath(new URL('../../../resources/catalogs/', import.meta.url));
const catalogJson = () => fs.readFileSync(path.join(catalogs, 'services.json'), 'utf8');
const catalogYaml = () => fs.readFileSync(path.join(catalogs, 'services.yaml'), 'utf8');
const backstageYaml = () => fs.readFileSync(path.join(catalogs, 'catalog-info.yaml'), 'utf8');
const lock = async (core: Core) => void (await core.invoke('vault:lock', {}));
const brief = {
  situation: 'Checkout fails for a third of EU customers since 10:02.',
  objectives: 'Restore checkout; keep the status page current.',
  currentActions: 'Rolling back the payments deploy; draining eu-west-1.',
  resources: 'Payments on-call, SRE, Comms.',
  openAsks: 'Finance: size of the refund batch.',
};

/** One entry per command; the first variant is the main one, the others cover fields it cannot hold at once. */
export const FIXTURES: Record<CommandName, Variant[]> = {
  'app:info': [{ input: () => ({}) }],
  'profile:get': [{ input: () => ({}) }],
  'profile:set': [{ input: () => ({ displayName: 'Fuzz Commander', handle: 'tester' }) }],
  'demo:load': [{ input: () => ({}) }],

  'incidents:declare': [{ input: () => ({ title: 'Payments latency in eu-west-1', severity: 'SEV-2', summary: 'Card authorisations time out for EU customers.', mode: 'exercise', detectedAt: '2026-11-24T08:40:00Z' }) }],
  'incidents:list': [{ input: () => ({ status: 'investigating', mode: 'real' }) }],
  'incidents:get': [{ input: (c) => ({ id: c.incidentId }) }, { input: (c) => ({ id: c.humanId }) }],
  'incidents:update': [{ input: (c) => ({ id: c.incidentId, title: 'Checkout failing in eu-west-1', summary: 'Payments deploy suspected; rollback started.' }) }],
  'incidents:set-severity': [{ input: (c) => ({ id: c.incidentId, severity: 'SEV-1', reason: 'A third of EU checkouts fail.' }) }],
  'incidents:set-status': [{ input: (c) => ({ id: c.incidentId, status: 'identified', note: 'The payments deploy of 09:55 is the cause.' }) }],
  'incidents:milestone': [{ input: (c) => ({ id: c.incidentId, milestone: 'acknowledged', at: '2026-11-24T09:00:00Z', note: 'Paged the payments on-call.' }) }],

  'timeline:append': [{ input: (c) => ({ incidentId: c.incidentId, kind: 'decision', text: 'Roll back the payments deploy now.' }) }],
  'timeline:list': [{ input: (c) => ({ incidentId: c.incidentId, before: 100000, limit: 50, kinds: ['note'], pinnedOnly: false, search: 'database' }) }],
  'timeline:pin': [{ input: (c) => ({ eventId: c.noteEventId, pinned: true }) }],
  'timeline:correct': [{ input: (c) => ({ eventId: c.noteEventId, text: 'Database failover finished at 10:07.' }) }],
  'timeline:history': [{ input: (c) => ({ eventId: c.noteEventId }) }],
  'timeline:export': [{ input: (c) => ({ incidentId: c.incidentId, format: 'markdown', timeZone: 'Europe/Berlin' }) }],

  'audit:list': [{ input: () => ({ before: 100000, limit: 50 }) }],
  'audit:verify': [{ input: () => ({}) }],
  'sync:status': [{ input: () => ({}) }],

  'integrations:configure': [
    {
      input: (c) => ({
        kind: 'webhook',
        name: 'hook-two',
        baseUrl: c.webhookUrl,
        settings: { path: C.webhook.path },
        secret: C.webhook.secret,
        routing: { minSeverity: 'SEV-3', onDeclare: true, onSeverityChange: true, onStatusChange: true, onTimeline: false, onResolve: true, includeExercises: false, catchUp: 'offer' },
        enabled: true,
      }),
    },
    // Settings of other value types: a list (Statuspage components) and a flag (Slack).
    { input: (c) => ({ kind: 'statuspage', name: 'status', baseUrl: c.statuspageUrl, settings: { pageId: C.statuspage.pageId, componentIds: [C.statuspage.componentId] }, secret: C.statuspage.apiKey }) },
    { input: (c) => ({ kind: 'slack', name: 'chat', baseUrl: c.webhookUrl, settings: { perIncidentChannel: true }, secret: C.slack.token }) },
  ],
  'integrations:list': [{ input: () => ({}) }],
  'integrations:test': [{ input: () => ({ name: 'hook' }) }],
  'integrations:offers': [{ input: () => ({ integration: 'hook' }) }],
  'integrations:catch-up': [{ input: (c) => ({ integration: 'hook', incidentIds: [c.incidentId] }) }],
  'sync:coverage': [{ input: (c) => ({ incidentId: c.incidentId }) }],
  'outbox:list': [{ input: (c) => ({ state: 'dead', integration: 'deadhook', incidentId: c.incidentId, limit: 50 }) }],
  'outbox:retry': [{ input: (c) => ({ id: c.deadOutboxId }) }],
  'outbox:discard': [{ input: (c) => ({ id: c.deadOutboxId, reason: 'The receiver was retired.' }) }],
  'oncall:list': [{ input: () => ({}) }],

  'roles:list': [{ input: (c) => ({ incidentId: c.incidentId }) }],
  'roles:assign': [{ input: (c) => ({ incidentId: c.incidentId, role: 'deputy', person: 'sam' }) }],
  'roles:release': [{ input: (c) => ({ incidentId: c.incidentId, role: 'scribe', person: 'lee' }) }],
  'roles:handover': [{ input: (c) => ({ incidentId: c.incidentId, to: 'priya', brief }) }],
  'roles:brief': [{ input: (c) => ({ incidentId: c.incidentId }) }, { input: (c) => ({ incidentId: c.incidentId, timeZone: 'America/New_York' }) }],
  'roles:checklist': [{ input: (c) => ({ incidentId: c.incidentId, role: 'incident_commander', item: 'confirm-severity', done: true }) }],
  'roster:list': [{ input: () => ({}) }],
  'roster:upsert': [{ input: () => ({ handle: 'alex', name: 'Alex Moreno', team: 'Payments', contacts: [{ channel: 'email', value: 'alex@example.com' }] }) }],
  'roster:remove': [{ input: () => ({ handle: 'sam' }) }],
  'roster:import': [
    { input: () => ({ format: 'csv', content: 'name,handle,team,email\nKim Lee,kim,SRE,kim@example.com\nRo Baker,ro,Comms,ro@example.com\n' }) },
    { input: () => ({ format: 'json', content: JSON.stringify([{ name: 'Kim Lee', handle: 'kim', team: 'SRE', contacts: [{ channel: 'email', value: 'kim@example.com' }] }]) }) },
  ],
  'timers:start': [{ input: (c) => ({ incidentId: c.incidentId, kind: 'ask', label: 'Finance: size of the refund batch', minutes: 15, owner: 'Dana Whitfield' }) }],
  'timers:list': [{ input: (c) => ({ incidentId: c.incidentId }) }],
  'timers:resolve': [{ input: (c) => ({ timerId: c.timerId, decision: 'switch', note: 'The pool is fine; look at the deploy.', minutes: 20, hypothesis: 'The 09:55 deploy broke card tokenisation' }) }, { input: (c) => ({ timerId: c.timerId, decision: 'switch', note: 'Hand the next box to the database lead.', minutes: 15, hypothesis: 'Replica lag', owner: 'alex' }) }],
  'cadence:policies': [{ input: () => ({}) }],
  'cadence:set-policy': [
    { input: () => ({ severity: 'SEV-2', key: 'status-update', firstMinutes: 15, everyMinutes: 30, enabled: true, reason: 'Customers asked for updates every half hour.' }) },
    { input: () => ({ severity: 'SEV-3', key: 'status-update', firstMinutes: 30, everyMinutes: null, enabled: false }) },
  ],
  'cadence:start': [{ input: (c) => ({ incidentId: c.incidentId }) }],
  'catalog:import': [
    { input: () => ({ format: 'json', content: catalogJson() }) },
    { input: () => ({ format: 'yaml', content: catalogYaml() }) },
    { input: () => ({ format: 'backstage', content: backstageYaml() }) },
  ],
  'catalog:graph': [{ input: () => ({}) }],
  'catalog:export': [{ input: () => ({ format: 'yaml' }) }],
  'catalog:failover': [{ input: (c) => ({ incidentId: c.incidentId, service: 'api', active: 'us-east-1' }) }],
  'impact:set': [{ input: (c) => ({ incidentId: c.incidentId, service: 'api', status: 'major_outage' }) }],
  'impact:blast-radius': [{ input: (c) => ({ incidentId: c.incidentId }) }],

  'vault:status': [{ input: () => ({}) }],
  'vault:create': [
    { base: 'bare', input: () => ({ mode: 'keystore' }) },
    { base: 'bare', input: () => ({ mode: 'passphrase', passphrase: VAULT_PASSPHRASE }) },
  ],
  'vault:unlock': [
    { input: () => ({}), before: lock },
    { input: (c) => ({ recoveryKey: c.recoveryKey }), before: lock },
    {
      base: 'bare',
      input: () => ({ passphrase: VAULT_PASSPHRASE }),
      before: async (core) => {
        await core.invoke('vault:create', { mode: 'passphrase', passphrase: VAULT_PASSPHRASE });
        await lock(core);
      },
    },
  ],
  'vault:lock': [{ input: () => ({}) }],
  'vault:orphans': [{ input: () => ({}) }],
  'vault:reattach': [{ input: (c) => ({ blobHash: c.orphanBlobHash, incidentId: c.incidentId }) }],
  'artifacts:import': [
    { input: (c) => ({ incidentId: c.incidentId, name: 'gateway-errors.log', dataBase64: b64('502 upstream timeout\n'.repeat(20)), source: 'paste' }) },
    { input: (c) => ({ incidentId: c.incidentId, name: 'capture.txt', path: c.sourceFile, source: 'file' }), transport: 'app-dialog' },
    {
      input: (c) => ({ incidentId: c.incidentId, name: 'upload.bin', uploadId: c.uploadId }),
      before: async (core) => ({ uploadId: await core.vault.artifacts.stage(chunks('streamed evidence')) }),
    },
    { input: (c) => ({ incidentId: c.incidentId, name: 'from-another-console.log', dataBase64: c.bundleBase64, bundlePassphrase: BUNDLE_PASSPHRASE }) },
  ],
  'artifacts:list': [{ input: (c) => ({ incidentId: c.incidentId, includeDeleted: true }) }],
  'artifacts:read': [{ input: (c) => ({ id: c.artifactId }) }],
  'artifacts:export': [
    { input: (c) => ({ id: c.artifactId, destination: 'inline', format: 'bundle', passphrase: BUNDLE_PASSPHRASE }) },
    { input: (c) => ({ id: c.artifactId, destination: path.join(c.scratch, 'export.log'), format: 'plain' }), transport: 'app-dialog' },
    { input: (c) => ({ id: c.artifactId, destination: 'download', format: 'plain' }) },
  ],
  'artifacts:delete': [{ input: (c) => ({ id: c.artifactId, reason: 'Holds a customer card number; shred it.' }) }],
  'artifacts:custody': [{ input: (c) => ({ id: c.artifactId }) }],
  'custody:verify': [{ input: (c) => ({ artifactId: c.artifactId }) }],
};

async function* chunks(s: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(s, 'utf8');
}

// --- the prepared console and its copies ------------------------------------------------------

export interface FuzzWorld {
  /** The key stores the templates were made with (they stand in for the OS store: the vault and integrity keys live there). */
  keyStores: { prepared: InMemoryOsKeyStore; bare: InMemoryOsKeyStore };
  webhook: WebhookFake;
  statuspageUrl: string;
  /** Closed consoles to copy: the prepared one, and the bare one (profile and incident, no vault). */
  templates: { prepared: string; bare: string };
  ctx: Omit<FuzzContext, 'scratch' | 'uploadId'>;
  root: string;
  /** Open a copy of a template (a fresh folder); `close()` stops it and deletes the folder. */
  open(base: 'prepared' | 'bare', opts?: { sync?: boolean }): Promise<FuzzCopy>;
  close(): Promise<void>;
}

export type FuzzCopy = Core & { scratch: string; errors: string[]; dispose(): Promise<void> };

function openCore(dataDir: string, keyStore: InMemoryOsKeyStore, sync = true, errors: string[] = []): Promise<Core> {
  return createCore({
    dataDir,
    keyStore,
    // An internal error is an answer no caller can act on: the tests collect them and expect none.
    logger: { info() {}, warn() {}, error: (m) => void errors.push(m) },
    now: () => FROZEN_NOW,
    sync: { start: sync, engine: { oncallRefreshMs: 0, pollIntervalMs: 20, requestTimeoutMs: 3_000 } },
  });
}

async function drained(core: Core): Promise<void> {
  if (!(await core.sync.engine!.whenDrained({ timeoutMs: 30_000 }))) throw new Error('the prepared console’s outbox did not settle');
}

/** Build the prepared and bare consoles once (about a second), closed, ready to copy. */
export async function prepareWorld(): Promise<FuzzWorld> {
  // Thousands of refused mutations each commit a failure audit row with synchronous=FULL. What is
  // tested here is what the boundary lets through, not durability, so the consoles live in memory
  // (tmpfs) where the machine has one, and their fsyncs cost nothing.
  const shm = '/dev/shm';
  const root = fs.mkdtempSync(path.join(fs.existsSync(shm) && fs.statSync(shm).isDirectory() ? shm : os.tmpdir(), 'cp-fuzz-'));
  const keyStore = new InMemoryOsKeyStore();
  const bareKeyStore = new InMemoryOsKeyStore();
  const webhook = await startWebhookFake();
  // Configuring a Statuspage integration reaches nothing; an unused loopback port stands for its API.
  const statuspageUrl = 'http://127.0.0.1:9';
  const sourceFile = path.join(root, 'capture.txt');
  fs.writeFileSync(sourceFile, 'tcpdump: 14 retransmissions to 10.2.0.7:5432\n');

  const bare = path.join(root, 'bare');
  {
    const core = await openCore(bare, bareKeyStore, false);
    await core.invoke('profile:set', { displayName: 'Test Commander', handle: 'tester' });
    await core.invoke('incidents:declare', { title: 'Vault-less incident', severity: 'SEV-3' });
    await core.close();
  }

  const prepared = path.join(root, 'prepared');
  let core = await openCore(prepared, keyStore);
  await core.invoke('profile:set', { displayName: 'Test Commander', handle: 'tester' });
  // Integrations first: a chat-like receiver hears of an incident's later events only once it was told of its declaration.
  await core.invoke('integrations:configure', { kind: 'webhook', name: 'hook', baseUrl: webhook.url, settings: { path: C.webhook.path }, secret: C.webhook.secret });
  // Only the declaration goes to the refusing receiver: its dead item would hold back any later one.
  const declareOnly = { onDeclare: true, onSeverityChange: false, onStatusChange: false, onTimeline: false, onResolve: false };
  await core.invoke('integrations:configure', { kind: 'webhook', name: 'deadhook', baseUrl: webhook.url, settings: { path: '/refused' }, secret: 'not-the-receivers-secret', routing: declareOnly });
  const inc = await core.invoke('incidents:declare', { title: 'Checkout errors in eu-west-1', severity: 'SEV-2', summary: 'Card payments fail intermittently.' });
  const created = await core.invoke('vault:create', { mode: 'keystore' });
  const artifact = await core.invoke('artifacts:import', { incidentId: inc.id, name: 'pgbouncer.log', dataBase64: b64('pool exhausted\n'.repeat(40)) });

  // An orphan the way users make one: a database (and its seal) put back from before a blob was added.
  await core.close();
  const backup = path.join(root, 'backup');
  fs.mkdirSync(backup);
  for (const f of [DB_FILE_NAME, SEAL_FILE_NAME]) fs.copyFileSync(path.join(prepared, f), path.join(backup, f));
  core = await openCore(prepared, keyStore);
  await core.invoke('artifacts:import', { incidentId: inc.id, name: 'orphan.pcap', dataBase64: b64('captured after the backup') });
  await core.close();
  for (const f of [DB_FILE_NAME, SEAL_FILE_NAME]) {
    fs.copyFileSync(path.join(backup, f), path.join(prepared, f));
    for (const s of ['-wal', '-shm']) if (f === DB_FILE_NAME) fs.rmSync(path.join(prepared, f + s), { force: true });
  }
  core = await openCore(prepared, keyStore);
  await core.vault.idle();
  const orphans = await core.invoke('vault:orphans', {});
  if (orphans.length !== 1 || !orphans[0]!.artifact) throw new Error(`expected one re-attachable orphan, found ${JSON.stringify(orphans)}`);

  for (const [handle, name] of [['dana', 'Dana Whitfield'], ['lee', 'Lee Park'], ['priya', 'Priya Raman'], ['sam', 'Sam Okafor']] as const) {
    await core.invoke('roster:upsert', { handle, name, team: 'SRE', contacts: [{ channel: 'email', value: `${handle}@example.com` }] });
  }
  await core.invoke('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: 'dana' });
  await core.invoke('roles:assign', { incidentId: inc.id, role: 'scribe', person: 'lee' });
  const note = await core.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'Database failover started at 10:04.' });
  const timer = await core.invoke('timers:start', { incidentId: inc.id, kind: 'diagnosis', label: 'Connection pool exhausted', minutes: 30, owner: 'Dana Whitfield' });
  await core.invoke('catalog:import', { format: 'json', content: catalogJson() });
  const bundle = await core.invoke('artifacts:export', { id: artifact.id, destination: 'inline', format: 'bundle', passphrase: BUNDLE_PASSPHRASE });

  await core.invoke('timeline:append', { incidentId: inc.id, kind: 'action', text: 'Drain eu-west-1 behind the load balancer.' });
  await drained(core);
  const dead = await core.invoke('outbox:list', { state: 'dead', integration: 'deadhook' });
  if (dead.length === 0) throw new Error('the refusing receiver left no dead item');
  const verify = await core.invoke('audit:verify', {});
  if (!verify.ok) throw new Error(`the prepared console does not verify: ${JSON.stringify(verify.problems)}`);
  await core.close();

  const ctx: FuzzWorld['ctx'] = {
    incidentId: inc.id,
    humanId: inc.humanId,
    noteEventId: note.eventId,
    timerId: timer.id,
    artifactId: artifact.id,
    orphanBlobHash: orphans[0]!.blobHash,
    deadOutboxId: dead[0]!.id,
    recoveryKey: created.recoveryKey,
    bundleBase64: bundle.dataBase64!,
    webhookUrl: webhook.url,
    statuspageUrl,
    sourceFile,
  };

  let copies = 0;
  return {
    keyStores: { prepared: keyStore, bare: bareKeyStore },
    webhook,
    statuspageUrl,
    templates: { prepared, bare },
    ctx,
    root,
    async open(base, opts = {}) {
      const dir = path.join(root, `copy-${copies++}`);
      fs.cpSync(base === 'bare' ? bare : prepared, dir, { recursive: true });
      const scratch = fs.mkdtempSync(path.join(root, 'scratch-'));
      // Each copy has its own copy of the key store too: a secret one command writes is not another's.
      const store = new InMemoryOsKeyStore();
      for (const [k, v] of (base === 'bare' ? bareKeyStore : keyStore).entries) store.entries.set(k, Buffer.from(v));
      const errors: string[] = [];
      const c = await openCore(dir, store, opts.sync ?? true, errors);
      return Object.assign(c, {
        scratch,
        errors,
        async dispose() {
          await c.close().catch(() => undefined);
          fs.rmSync(dir, { recursive: true, force: true });
          fs.rmSync(scratch, { recursive: true, force: true });
        },
      });
    },
    async close() {
      await webhook.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The context for one run on one console: the world's ids plus that run's own scratch folder. */
export function contextFor(world: FuzzWorld, scratch: string, extra: Partial<FuzzContext> = {}): FuzzContext {
  return { ...world.ctx, scratch, uploadId: '0123456789abcdef0123456789abcdef', ...extra };
}

// --- which cases run from which variant ------------------------------------------------------------

export interface PlannedCase extends FieldCase {
  variant: number;
}

/**
 * The only fields that take a 10 MB string: inline evidence (base64, up to 16 MiB; the browser host's
 * body limit is lower). Every other field of the contract must refuse one.
 */
export const TEN_MB_FIELDS: ReadonlySet<string> = new Set(['artifacts:import dataBase64']);

/**
 * The hostile cases of one command. Each field is fuzzed from the first variant that holds it, so a
 * value is judged in the setting the field was written for (dataBase64 as pasted data, not as a
 * bundle); the whole-input cases come from the main variant.
 */
export function casesFor(name: CommandName, ctx: FuzzContext): PlannedCase[] {
  const schema = commands[name].input as z.ZodType;
  const seen = new Set<string>();
  const out: PlannedCase[] = [];
  for (const [i, v] of FIXTURES[name].entries()) {
    const cases = fieldCases(schema, v.input(ctx), (p) => TEN_MB_FIELDS.has(`${name} ${p}`));
    const fresh = new Set([...coveredPaths(schema, cases)].filter((p) => !seen.has(p)));
    for (const c of cases) {
      const general = c.path ? generalise(c.path, schema) : '';
      if (general === '' ? i === 0 : fresh.has(general)) out.push({ ...c, variant: i });
    }
    for (const p of fresh) seen.add(p);
  }
  return out;
}

/** Schema fields no variant of the command holds (so no hostile value would ever reach them). */
export function uncoveredFields(name: CommandName, ctx: FuzzContext): string[] {
  const schema = commands[name].input as z.ZodType;
  const covered = new Set<string>();
  for (const v of FIXTURES[name]) for (const p of coveredPaths(schema, fieldCases(schema, v.input(ctx)))) covered.add(p);
  return [...new Set(schemaPaths(schema))].filter((p) => !covered.has(p));
}
