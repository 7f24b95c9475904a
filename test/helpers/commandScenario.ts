// One valid call of every command of the contract, in an order a fresh core accepts: each input is
// typed against the contract (a wrong shape fails to compile) and built from the answers of the
// steps before it (ids, event ids, artifact ids). `prepare` hooks bring the core into the state a
// step needs (e.g. outbox items the vendor refused) through the core itself, never by hand.
// Needs a core with a running sync engine, `ctx.vendorUrl` pointing at a loopback server that
// refuses every delivery with 400 (so an outbox item goes dead and can be retried, and the one
// queued behind it can be discarded), and `ctx.reopen` to restart the core on its data folder (an
// older backup put back leaves a blob no row mentions: an orphan to re-attach).
import fs from 'node:fs';
import path from 'node:path';
import type { CommandInput, CommandName } from '../../shared/contract';
import type { Core } from '../../main/core/createCore';
import { DB_FILE_NAME } from '../../main/core/db/database';

const ROOT = path.resolve(__dirname, '../..');

export interface ScenarioContext {
  /** The core the steps talk to (replaced by `reopen`). */
  core: Core;
  /** Base URL of the vendor stand-in (answers 400 to every request). */
  vendorUrl: string;
  /** Close `core`, run `whileClosed`, then set `core` to a new core on the same data folder. */
  reopen(whileClosed: () => void | Promise<void>): Promise<void>;
  /** Answers of earlier steps, by step key. */
  results: Record<string, any>;
}

export interface ScenarioStep<N extends CommandName = CommandName> {
  /** Unique per step; `results[key]` holds the step's answer. */
  key: string;
  name: N;
  input: (ctx: ScenarioContext) => CommandInput<N>;
  prepare?: (ctx: ScenarioContext) => Promise<void>;
}

function step<N extends CommandName>(name: N, input: (ctx: ScenarioContext) => CommandInput<N>, opts: { key?: string; prepare?: ScenarioStep<N>['prepare'] } = {}): ScenarioStep {
  return { key: opts.key ?? name, name, input, ...(opts.prepare ? { prepare: opts.prepare } : {}) } as unknown as ScenarioStep;
}

const r = (ctx: ScenarioContext, key: string) => {
  const v = ctx.results[key];
  if (v === undefined) throw new Error(`scenario: step "${key}" has not answered yet`);
  return v;
};
const incidentId = (ctx: ScenarioContext) => r(ctx, 'incidents:declare').id as string;
const entryId = (ctx: ScenarioContext) => r(ctx, 'timeline:append').eventId as string;
const artifactId = (ctx: ScenarioContext) => r(ctx, 'artifacts:import').id as string;

export const SCENARIO_PASSPHRASE = 'correct horse battery staple';

/**
 * Wait (bounded) until the vendor stand-in has refused the incident's first item (dead) and the one
 * queued behind it waits for a person to decide (a stream never passes an undelivered head).
 */
async function deadHead(ctx: ScenarioContext, incidentId: string): Promise<void> {
  let states: string[] = [];
  for (let i = 0; i < 200; i++) {
    states = (await ctx.core.invoke('outbox:list', { incidentId })).map((it) => it.state);
    if (states.length === 2 && states[0] === 'dead' && states[1] === 'pending') return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`scenario: expected a dead head and one waiting item within 10 s; the outbox holds ${JSON.stringify(states)}`);
}

/**
 * An orphan, made the way users make one: a backup of the database is taken, evidence is imported,
 * then the older backup is put back, so a blob no row mentions remains in the vault.
 */
async function orphanFromOlderBackup(ctx: ScenarioContext): Promise<void> {
  const dbFile = path.join(ctx.core.dataDir, DB_FILE_NAME);
  const backup = `${dbFile}.backup`;
  const incident = incidentId(ctx);
  await ctx.reopen(() => fs.copyFileSync(dbFile, backup));
  await ctx.core.invoke('vault:unlock', { passphrase: SCENARIO_PASSPHRASE });
  await ctx.core.invoke('artifacts:import', { incidentId: incident, name: 'late-capture.pcap', dataBase64: Buffer.from('captured after the backup').toString('base64') });
  await ctx.reopen(() => {
    fs.copyFileSync(backup, dbFile);
    fs.rmSync(backup);
  });
  await ctx.core.invoke('vault:unlock', { passphrase: SCENARIO_PASSPHRASE });
}

export const COMMAND_SCENARIO: ScenarioStep[] = [
  step('app:info', () => ({})),
  step('profile:get', () => ({})),
  step('profile:set', () => ({ displayName: 'Test Commander', handle: 'tester' })),
  // The vault first: its passphrase store also holds the integration's secret.
  step('vault:status', () => ({})),
  step('vault:create', () => ({ mode: 'passphrase', passphrase: SCENARIO_PASSPHRASE })),
  step('integrations:configure', (ctx) => ({
    kind: 'webhook',
    name: 'ops-webhook',
    baseUrl: ctx.vendorUrl,
    settings: {},
    secret: 'webhook signing secret',
    routing: { onDeclare: true, onTimeline: true, onSeverityChange: false, onStatusChange: false, onResolve: false },
  })),
  step('integrations:list', () => ({})),
  step('integrations:test', () => ({ name: 'ops-webhook' })),
  step('incidents:declare', () => ({ title: 'Checkout API returning 502s', severity: 'SEV-2', summary: 'EU cards failing' })),
  step('incidents:list', () => ({ status: 'investigating' })),
  step('incidents:get', (ctx) => ({ id: incidentId(ctx) })),
  step('incidents:update', (ctx) => ({ id: incidentId(ctx), title: 'Checkout API returning 502s in eu-west-1' })),
  step('incidents:set-severity', (ctx) => ({ id: incidentId(ctx), severity: 'SEV-1', reason: 'All EU card payments' })),
  step('incidents:milestone', (ctx) => ({ id: incidentId(ctx), milestone: 'acknowledged' })),
  step('incidents:set-status', (ctx) => ({ id: incidentId(ctx), status: 'identified', note: 'Pool size too small' })),
  step('timeline:append', (ctx) => ({ incidentId: incidentId(ctx), kind: 'decision', text: 'Roll back payments-gateway' })),
  step('timeline:list', (ctx) => ({ incidentId: incidentId(ctx), limit: 50, search: 'roll back' })),
  step('timeline:pin', (ctx) => ({ eventId: entryId(ctx), pinned: true })),
  step('timeline:correct', (ctx) => ({ eventId: entryId(ctx), text: 'Roll back payments-gateway to 2026.11.24-2' })),
  step('timeline:history', (ctx) => ({ eventId: entryId(ctx) })),
  step('timeline:export', (ctx) => ({ incidentId: incidentId(ctx), format: 'json' })),
  step('sync:status', () => ({})),
  // The declaration and the decision were routed to the webhook: it refused the first (400), the
  // second waits behind it.
  step('outbox:list', (ctx) => ({ incidentId: incidentId(ctx) }), { prepare: (ctx) => deadHead(ctx, incidentId(ctx)) }),
  step('outbox:discard', (ctx) => ({ id: r(ctx, 'outbox:list')[1].id, reason: 'The receiver is being replaced' })),
  step('outbox:retry', (ctx) => ({ id: r(ctx, 'outbox:list')[0].id })),
  step('oncall:list', () => ({})),
  step('sync:coverage', (ctx) => ({ incidentId: incidentId(ctx) })),
  step('integrations:offers', () => ({})),
  step('integrations:catch-up', (ctx) => ({ integration: 'ops-webhook', incidentIds: [incidentId(ctx)] })),
  step('roster:import', () => ({ format: 'csv', content: fs.readFileSync(path.join(ROOT, 'resources/catalogs/roster.csv'), 'utf8') })),
  step('roster:list', () => ({})),
  step('roster:upsert', () => ({ handle: 'zoe', name: 'Zoe Park', team: 'Payments', contacts: [{ channel: 'slack', value: '@zoe' }] })),
  step('roster:remove', () => ({ handle: 'zoe' })),
  step('roles:assign', (ctx) => ({ incidentId: incidentId(ctx), role: 'incident_commander', person: 'dana' })),
  step('roles:assign', (ctx) => ({ incidentId: incidentId(ctx), role: 'scribe', person: 'lee' }), { key: 'roles:assign scribe' }),
  step('roles:release', (ctx) => ({ incidentId: incidentId(ctx), role: 'scribe', person: 'lee' })),
  step('roles:list', (ctx) => ({ incidentId: incidentId(ctx) })),
  step('roles:brief', (ctx) => ({ incidentId: incidentId(ctx) })),
  step('roles:checklist', (ctx) => ({ incidentId: incidentId(ctx), role: 'incident_commander', item: 'confirm-severity', done: true })),
  step('roles:handover', (ctx) => ({
    incidentId: incidentId(ctx),
    to: 'priya',
    brief: { situation: 'SEV-1 checkout 502s', objectives: 'Restore checkout', currentActions: 'Rollback', resources: 'Scribe: none', openAsks: 'None' },
  })),
  step('timers:start', (ctx) => ({ incidentId: incidentId(ctx), kind: 'diagnosis', label: 'Connection pool exhausted', minutes: 15, owner: 'priya' })),
  step('timers:list', (ctx) => ({ incidentId: incidentId(ctx) })),
  step('timers:resolve', (ctx) => ({ timerId: r(ctx, 'timers:start').id, decision: 'done', note: 'Confirmed: pool size 20' })),
  step('cadence:policies', () => ({})),
  step('cadence:set-policy', () => ({ severity: 'SEV-1', key: 'status-update', firstMinutes: 15, everyMinutes: 30, enabled: true, reason: 'Customers ask every half hour' })),
  step('cadence:start', (ctx) => ({ incidentId: incidentId(ctx) })),
  step('catalog:import', () => ({ format: 'backstage', content: fs.readFileSync(path.join(ROOT, 'resources/catalogs/catalog-info.yaml'), 'utf8') })),
  step('catalog:graph', () => ({})),
  step('catalog:export', () => ({ format: 'json' })),
  step('catalog:failover', (ctx) => ({ incidentId: incidentId(ctx), service: 'api-gateway', active: 'us-east-1' })),
  step('impact:set', (ctx) => ({ incidentId: incidentId(ctx), service: 'api-gateway', status: 'major_outage' })),
  step('impact:blast-radius', (ctx) => ({ incidentId: incidentId(ctx) })),
  step('vault:lock', () => ({})),
  step('vault:unlock', () => ({ passphrase: SCENARIO_PASSPHRASE })),
  step('artifacts:import', (ctx) => ({ incidentId: incidentId(ctx), name: 'gateway.log', dataBase64: Buffer.from('pool exhausted\n').toString('base64') })),
  step('artifacts:list', (ctx) => ({ incidentId: incidentId(ctx) })),
  step('artifacts:read', (ctx) => ({ id: artifactId(ctx) })),
  step('artifacts:export', (ctx) => ({ id: artifactId(ctx), destination: 'inline', format: 'plain' })),
  step('artifacts:custody', (ctx) => ({ id: artifactId(ctx) })),
  step('custody:verify', (ctx) => ({ artifactId: artifactId(ctx) })),
  step('artifacts:delete', (ctx) => ({ id: artifactId(ctx), reason: 'Imported into the wrong incident' })),
  step('vault:orphans', () => ({}), { prepare: orphanFromOlderBackup }),
  step('vault:reattach', (ctx) => ({ blobHash: r(ctx, 'vault:orphans')[0].blobHash, incidentId: incidentId(ctx) })),
  step('audit:list', () => ({ limit: 500 })),
  step('audit:verify', () => ({})),
  step('demo:load', () => ({})),
];
