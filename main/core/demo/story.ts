// The demo's story: a SEV-1 exercise worked for the last 55 minutes, told as the commands people
// would have run, in order, each as its own actor. seed.ts runs it through the dispatcher on a clock
// that walks from 55 minutes ago to now, so every pane (timeline, roles, time-boxes and cadence,
// dependency map, vault, outbox, integrations) and the audit trail hold what really happened, at times
// relative to the moment the demo was seeded.
import fs from 'node:fs';
import path from 'node:path';
import type { CommandInput, CommandName, CommandResult } from '../../../shared/contract';
import type { Incident } from '../../../shared/domain/incidents';
import type { Timer } from '../../../shared/domain/timers';
import { sandboxIntegrations, type SandboxKind, type SandboxUrls } from './sandbox';

export interface StoryDriver {
  /** Move the script's clock forward to `minutesAgo` before the end and let the timer scheduler catch up. */
  at(minutesAgo: number): Promise<void>;
  /** Dispatch one command as `actor` at the script's current time; throws with the core's message on refusal. */
  run<N extends CommandName>(actor: string, name: N, input: CommandInput<N>): Promise<CommandResult<N>>;
  /** The script's current time, in ms. */
  now(): number;
  /** When the story ends (the moment it was seeded), in ms. */
  readonly end: number;
  readonly resourcesDir: string;
  /** The sandboxes found running (npm run fakes); empty when none answered. */
  readonly sandbox: SandboxUrls;
  readonly vaultPassphrase: string;
}

export const DEMO_TITLE = 'Checkout API returning 502s in eu-west-1';
/** The exercise's facilitator: prepares the console (vault, roster, catalog, integrations) and observes. */
export const DEMO_FACILITATOR = 'rosa';
/** How long ago the story begins. */
export const DEMO_SPAN_MINUTES = 55;

const hhmm = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;
/** Exercises never page anyone and never reach a public page: only these may carry one (router.ts). */
const EXERCISE_KINDS: readonly SandboxKind[] = ['slack', 'teams', 'jira', 'webhook'];

/** A log excerpt around the bad deploy, `deployMs` being when it rolled out. */
function poolLog(deployMs: number): string {
  const at = (s: number) => new Date(deployMs + s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return [
    `${at(0)} INFO  payments-gateway deploy 2026.11.24-3 rolled out (eu-west-1, 12/12 pods)`,
    `${at(38)} WARN  pool=card-auth active=20 idle=0 waiting=37 max=20`,
    `${at(69)} ERROR pool=card-auth timeout acquiring connection after 5000 ms (waiting=112)`,
    `${at(70)} ERROR upstream checkout-api: 502 Bad Gateway (POST /v2/payments/authorize)`,
    `${at(121)} WARN  pool=card-auth active=20 idle=0 waiting=164 max=20`,
    `${at(148)} ERROR pool=card-auth timeout acquiring connection after 5000 ms (waiting=171)`,
    '',
  ].join('\n');
}

/** The rollback as the ops lead logged it; `at(m)` is the clock time m minutes before the end of the story. */
function rollbackCsv(at: (minutesAgo: number) => string): string {
  return [
    'step,at_utc,by,result',
    `freeze payments deploys,${at(27)},priya,done`,
    `shift EU checkout to eu-central-1,${at(26)},ravi,done`,
    `rollback payments-gateway to 2026.11.24-2 (canary 10%),${at(20)},priya,5xx 0.3%`,
    `rollback 50%,${at(16)},priya,5xx 0.2%`,
    `rollback 100%,${at(10)},priya,5xx 0.2%`,
    '',
  ].join('\n');
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export async function tellStory(d: StoryDriver): Promise<Incident> {
  const sandboxKinds = Object.keys(d.sandbox) as SandboxKind[];
  const run = d.run.bind(d);
  // Clock times in texts follow the story's clock: `ago(m)` is the UTC time m minutes before its end.
  const end = d.end;
  const ago = (m: number) => new Date(end - m * 60_000).toISOString().slice(11, 16);

  // --- Before the exercise: the facilitator prepares the console.
  await d.at(55);
  await run(DEMO_FACILITATOR, 'vault:create', { mode: 'passphrase', passphrase: d.vaultPassphrase });
  await run(DEMO_FACILITATOR, 'roster:import', { format: 'csv', content: fs.readFileSync(path.join(d.resourcesDir, 'demo', 'roster.csv'), 'utf8') });
  await run(DEMO_FACILITATOR, 'catalog:import', { format: 'json', content: fs.readFileSync(path.join(d.resourcesDir, 'demo', 'catalog.json'), 'utf8') });
  for (const cfg of sandboxIntegrations(d.sandbox)) {
    const exerciseSafe = EXERCISE_KINDS.includes(cfg.kind as SandboxKind);
    await run(DEMO_FACILITATOR, 'integrations:configure', { ...cfg, routing: { includeExercises: exerciseSafe, onTimeline: exerciseSafe } });
  }

  // --- Detection and declaration.
  await d.at(53);
  const inc = await run('dana', 'incidents:declare', {
    title: DEMO_TITLE,
    severity: 'SEV-2',
    mode: 'exercise',
    detectedAt: new Date(d.now() - 2 * 60_000).toISOString(),
    summary:
      'Customers in Europe see intermittent 502 errors at checkout. Error rate on checkout-api rose from 0.2% to 18% two minutes after deploy 2026.11.24-3 of payments-gateway.',
  });
  const id = inc.id;
  const board = await run('dana', 'roles:list', { incidentId: id });
  if (!board.holders.some((a) => a.role === 'incident_commander')) await run('dana', 'roles:assign', { incidentId: id, role: 'incident_commander', person: 'dana' });
  await run(DEMO_FACILITATOR, 'roles:assign', { incidentId: id, role: 'observer', person: DEMO_FACILITATOR });
  await run(
    DEMO_FACILITATOR,
    'timeline:append',
    {
      incidentId: id,
      kind: 'note',
      text:
        sandboxKinds.length > 0
          ? `Exercise set-up: ${sandboxKinds.filter((k) => EXERCISE_KINDS.includes(k)).join(', ')} point at the local vendor sandboxes (npm run fakes). An exercise never pages anyone and never reaches a public status page, so PagerDuty, Opsgenie and Statuspage receive nothing.`
          : 'Exercise set-up: no integration is configured (no vendor sandbox answered on 127.0.0.1:4900–4906), so nothing is sent anywhere. Start `npm run fakes`, then `npm start -- --demo-reset` to see Slack, Teams, Jira and webhook deliveries.',
    },
  );

  await d.at(52);
  await run('dana', 'timeline:append', { incidentId: id, kind: 'note', text: 'Paged by Alertmanager: CheckoutErrorRateHigh (eu-west-1), 18% 5xx over 5 minutes.' });
  await run('dana', 'incidents:milestone', { id, milestone: 'acknowledged' });
  await run('dana', 'cadence:start', { incidentId: id });

  // --- The IC staffs the incident.
  await d.at(51);
  for (const [role, person] of [
    ['scribe', 'lee'],
    ['comms_lead', 'sam'],
    ['ops_lead', 'priya'],
    ['deputy', 'maya'],
  ] as const) {
    await run('dana', 'roles:assign', { incidentId: id, role, person });
  }
  await run('dana', 'roles:checklist', { incidentId: id, role: 'incident_commander', item: 'assign-roles', done: true });

  await d.at(50);
  await run('lee', 'timeline:append', { incidentId: id, kind: 'action', text: 'Opened #inc-checkout-502 and started the bridge.' });

  await d.at(49);
  await run('priya', 'impact:set', { incidentId: id, service: 'payments-gateway', status: 'major_outage' });
  await run('priya', 'impact:set', { incidentId: id, service: 'checkout-api', status: 'partial_outage' });

  // Updates are given a minute before they fall due: the cadence plans the next one from then.
  await doneCadence(d, id, 'first-internal', 'sam', 'Posted in #incidents: EU checkout errors, bridge open, next update in 20 minutes.');
  await run('dana', 'roles:checklist', { incidentId: id, role: 'incident_commander', item: 'first-update', done: true });

  await d.at(47);
  const pool = await run('priya', 'timeline:append', { incidentId: id, kind: 'note', text: `Grafana: connection pool exhaustion on payments-gateway since the ${ago(56)} UTC deploy (active 20/20, 160+ waiting).` });
  await run('dana', 'timeline:pin', { eventId: pool.eventId, pinned: true });

  // --- Severity confirmed: SEV-1 re-plans the cadence.
  await d.at(45);
  await run('dana', 'incidents:set-severity', { id, severity: 'SEV-1', reason: 'Impact confirmed for all EU card payments; public notice needed.' });
  await run('dana', 'roles:checklist', { incidentId: id, role: 'incident_commander', item: 'confirm-severity', done: true });

  // --- A time-boxed diagnosis and an ask.
  await d.at(44);
  await run('dana', 'timers:start', { incidentId: id, kind: 'diagnosis', label: 'Connection pool exhausted after deploy 2026.11.24-3', minutes: 15, owner: 'priya' });
  await run('dana', 'roles:checklist', { incidentId: id, role: 'incident_commander', item: 'diagnosis-box', done: true });
  await run('dana', 'roles:assign', { incidentId: id, role: 'sme', person: 'alex' });
  await doneCadence(d, id, 'scope', 'sam', 'Scope: EU card payments at checkout. Other regions, PayPal and gift cards unaffected.');
  await doneCadence(d, id, 'time-check', 'maya', '9 minutes in.');
  await d.at(43);
  const dbAsk = await run('dana', 'timers:start', { incidentId: id, kind: 'ask', label: 'Confirm payments-db connection count against max_connections', minutes: 10, owner: 'alex' });

  await d.at(40);
  await run('alex', 'timers:resolve', { timerId: dbAsk.id, decision: 'done', note: 'payments-db at 180/500 connections: the database is not the bottleneck.' });

  await d.at(39);
  await doneCadence(d, id, 'can-report', 'dana', 'Conditions: EU card payments failing ~18%. Actions: pool hypothesis time-boxed. Needs: a second pair of eyes from payments.');

  await d.at(36);
  const log = await run('priya', 'artifacts:import', { incidentId: id, name: 'payments-gateway-pool.log', dataBase64: b64(poolLog(end - 56 * 60_000)), source: 'paste' });
  await run('dana', 'artifacts:read', { id: log.id });

  await d.at(35);
  await run('dana', 'incidents:set-status', { id, status: 'identified', note: "Deploy 2026.11.24-3 lowered the gateway's max pool size from 200 to 20." });
  await doneCadence(d, id, 'time-check', 'maya', '18 minutes in.');
  await d.at(34);
  await doneCadence(d, id, 'status-update', 'sam', 'Status update: identified; a configuration change in the payments gateway. Rollback being prepared.');

  // --- The box expires; the IC decides.
  await d.at(29);
  await d.at(28);
  const box = (await run('dana', 'timers:list', { incidentId: id })).timers.find((t) => t.kind === 'diagnosis' && t.state !== 'resolved' && t.state !== 'cancelled');
  if (box) await run('dana', 'timers:resolve', { timerId: box.id, decision: 'done', note: 'Confirmed: pool max 20 since 2026.11.24-3; pool waits line up with the 502s.' });
  await d.at(27);
  const rollback = await run('dana', 'timeline:append', { incidentId: id, kind: 'decision', text: 'Roll back payments-gateway to 2026.11.24-2. Deploy freeze on payments services until resolved.' });
  await run('dana', 'timeline:pin', { eventId: rollback.eventId, pinned: true });

  await d.at(26);
  await run('dana', 'roles:assign', { incidentId: id, role: 'sme', person: 'ravi' });
  await run('ravi', 'catalog:failover', { incidentId: id, service: 'checkout-api', active: 'eu-central-1' });
  await run('ravi', 'timeline:append', { incidentId: id, kind: 'action', text: 'EU checkout traffic shifted to eu-central-1 (gateway pool there still on 2026.11.24-2) while the rollback runs.' });
  await doneCadence(d, id, 'time-check', 'maya', '27 minutes in.');

  await d.at(24);
  await doneCadence(d, id, 'exec-summary', 'dana', 'Sent to the VP Engineering: EU checkout degraded 30 min, cause identified, rollback under way.');

  await d.at(22);
  await run('priya', 'timers:start', { incidentId: id, kind: 'diagnosis', label: 'Rollback to 2026.11.24-2 brings checkout 5xx under 1%', minutes: 30, owner: 'priya' });

  await d.at(20);
  await run('priya', 'timeline:append', { incidentId: id, kind: 'action', text: 'Rollback started; canary at 10% shows the error rate back to 0.3%.' });

  await d.at(18);
  await run('dana', 'roles:assign', { incidentId: id, role: 'customer_liaison', person: 'jo' });
  await run('dana', 'timers:start', { incidentId: id, kind: 'ask', label: 'Support macro for customers whose EU card payment failed', minutes: 10, owner: 'jo' });

  await d.at(17);
  await doneCadence(d, id, 'time-check', 'maya', '36 minutes in.');

  await d.at(15);
  await doneCadence(d, id, 'status-update', 'sam', 'Status update: mitigating; rollback under way, error rate falling.');
  await run('priya', 'impact:set', { incidentId: id, service: 'payments-gateway', status: 'degraded_performance' });
  await run('priya', 'impact:set', { incidentId: id, service: 'checkout-api', status: 'degraded_performance' });

  await d.at(14);
  await run('dana', 'incidents:milestone', { id, milestone: 'mitigated' });

  await d.at(10);
  await doneCadence(d, id, 'can-report', 'dana', 'Conditions: error rate back to 0.2%. Actions: rollback complete, deploy freeze. Needs: none.');

  await d.at(8);
  await run('dana', 'incidents:set-status', { id, status: 'monitoring', note: 'Rollback complete; checkout error rate 0.2% for 10 minutes.' });
  await doneCadence(d, id, 'time-check', 'maya', '45 minutes in.');

  await d.at(5);
  await run('lee', 'artifacts:import', { incidentId: id, name: 'rollback-steps.csv', dataBase64: b64(rollbackCsv(ago)), source: 'paste' });

  await d.at(3);
  const next = (await run('lee', 'timers:list', { incidentId: id })).timers.find((t: Timer) => t.policyKey === 'status-update' && t.state !== 'resolved' && t.state !== 'cancelled');
  await run('lee', 'timeline:append', { incidentId: id, kind: 'note', text: `Next status update due ${next ? hhmm(Date.parse(next.dueAt)) : 'on the cadence'}. Scribe drafting the post-mortem skeleton.` });
  return run('dana', 'incidents:get', { id });
}

/** Mark the open cadence timer of `key` done (the update was given); the next one is planned by the core. */
async function doneCadence(d: StoryDriver, incidentId: string, key: string, actor: string, note: string): Promise<void> {
  const timer = (await d.run(actor, 'timers:list', { incidentId })).timers.find((t) => t.kind === 'cadence' && t.policyKey === key && t.state !== 'resolved' && t.state !== 'cancelled');
  if (!timer) return;
  await d.run(actor, 'timers:resolve', { timerId: timer.id, decision: 'done', note });
}
