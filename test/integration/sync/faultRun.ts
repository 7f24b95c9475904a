// The quality.md item 6 run, shared by the CI test and the benchmark: incidents declared and
// resolved while the engine drains through seeded fault proxies, then every outbox row is matched,
// by its idempotency key, with its one effect at the fake, the write that made it (seen at the
// proxy, answered 2xx by the vendor) and a 2xx that reached the engine; and per incident every
// vendor must have seen the effects in the order of the events.
import { startFaultProxy, QUALITY_PROFILE, type FaultProfile, type FaultProxy } from '../../fakes/faultProxy';
import { sandboxIntegrations, startAllFakes, type FakeKind, type Fakes } from '../../fakes';
import type { Core } from '../../../main/core/createCore';
import { effects, orderProblems, rowsAtFakes, strayEffects } from './harness';

/** Vendors with an idempotency key at the vendor get every fault, duplicates included. */
export const IDEMPOTENT: FakeKind[] = ['pagerduty', 'opsgenie', 'webhook'];
/**
 * Vendors without one (Jira, Statuspage, Slack posts) get every fault except a network-level
 * duplicate: a duplicated non-idempotent POST makes two effects at the real vendor too, and no
 * client can prevent that. Their lost responses are covered by search-before-retry, against a Jira
 * search that is eventually consistent as the real one is (test/fakes/jira.ts).
 */
export const SEARCHED: FakeKind[] = ['slack', 'jira', 'statuspage'];
/**
 * Teams incoming webhooks have neither an idempotency key nor a way to read back: at least once and
 * in order, not exactly once. A post whose answer was lost after Teams acted (a dropped response, a
 * timeout) is posted again by the retry. Same faults as SEARCHED.
 */
export const AT_LEAST_ONCE: FakeKind[] = ['teams'];
export const FAULT_KINDS: FakeKind[] = [...IDEMPOTENT, ...SEARCHED, ...AT_LEAST_ONCE];

export interface FaultRig {
  fakes: Fakes;
  proxies: Record<string, FaultProxy>;
  close(): Promise<void>;
}

export async function startRig(seed: number, profile: FaultProfile = QUALITY_PROFILE): Promise<FaultRig> {
  const fakes = await startAllFakes({ opsgenieDelayMs: 5 });
  const proxies: Record<string, FaultProxy> = {};
  let i = 0;
  for (const k of FAULT_KINDS) {
    proxies[k] = await startFaultProxy({ target: fakes[k].url, seed: seed + i++, kind: k, profile: IDEMPOTENT.includes(k) ? profile : { ...profile, duplicate: 0 } });
  }
  return {
    fakes,
    proxies,
    async close() {
      for (const p of Object.values(proxies)) await p.close();
      await fakes.close();
    },
  };
}

export async function configureThroughProxies(core: Core, rig: FaultRig): Promise<void> {
  const urls = Object.fromEntries(FAULT_KINDS.map((k) => [k, rig.proxies[k]!.url])) as Record<FakeKind, string>;
  for (const cfg of sandboxIntegrations(urls)) {
    if ((FAULT_KINDS as string[]).includes(cfg.kind)) await core.invoke('integrations:configure', cfg);
  }
}

/** 14 outbox items per incident: declare (8) + resolve (6). */
export const ITEMS_PER_INCIDENT = 14;

export async function generate(core: Core, incidents: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < incidents; n++) {
    const inc = await core.invoke('incidents:declare', { title: `Checkout degraded ${n}`, severity: 'SEV-1' });
    ids.push(inc.id);
  }
  for (const id of ids) await core.invoke('incidents:set-status', { id, status: 'resolved' });
  return ids;
}

export interface Verdict {
  problems: string[];
  items: number;
  /** Teams posts made twice (at-least-once: the answer to the first was lost after Teams acted). */
  teamsDuplicates: number;
  /** Rows delivered although no answer to their write reached the engine (found by a search or check). */
  foundBySearch: number;
  /** Jira searches that did not yet show an issue an earlier attempt had created (eventual consistency). */
  jiraLaggedSearches: number;
}

/** Count effects per idempotency key at the fakes and compare with the outbox. */
export async function verify(core: Core, rig: FaultRig, incidentIds: string[]): Promise<Verdict> {
  const problems: string[] = [];
  // Read every row at once (outbox:list pages by limit, and thousands of rows are expected).
  const all = await core.db.reader.all<{ id: string; incident_id: string; integration: string; operation: string; vendor_key: string; state: string; last_status: number | null; last_error: string | null }>(
    'SELECT id, incident_id, integration, operation, vendor_key, state, last_status, last_error FROM outbox ORDER BY seq',
  );
  for (const r of all) {
    if (r.state !== 'delivered') problems.push(`item ${r.integration}/${r.operation} ${r.id} is ${r.state}: ${r.last_error ?? ''}`);
    else if (r.last_status === null || r.last_status < 200 || r.last_status > 299) problems.push(`item ${r.id} delivered with status ${r.last_status}`);
  }
  const fx = Object.fromEntries(await Promise.all(FAULT_KINDS.map(async (k) => [k, await effects(rig.fakes[k].url)] as const))) as Record<string, Awaited<ReturnType<typeof effects>>>;
  const expectOne = (kind: string, key: string) => {
    const n = fx[kind]!.effects[key] ?? 0;
    if (n !== 1) problems.push(`${kind}: ${n} effects for ${key} (expected exactly 1)`);
  };
  for (const id of incidentIds) {
    expectOne('pagerduty', `trigger:cp-${id}`);
    expectOne('pagerduty', `resolve:cp-${id}`);
    expectOne('opsgenie', `create:cp-${id}`);
    expectOne('opsgenie', `close:cp-${id}`);
    expectOne('jira', `issue:cp-${id.toLowerCase()}`);
    expectOne('statuspage', `create:cp-${id}`);
  }
  for (const r of all) {
    if (r.integration === 'webhook') expectOne('webhook', `delivery:${r.vendor_key}`);
    if (r.integration === 'slack' && r.operation === 'post') expectOne('slack', `post:${r.vendor_key}`);
    if (r.integration === 'slack' && r.operation === 'create_channel') expectOne('slack', `channel:${r.vendor_key}`);
    if (r.integration === 'statuspage' && r.operation.startsWith('status:')) expectOne('statuspage', `update:${r.vendor_key}`);
  }
  // No effect the outbox did not ask for (e.g. a second Slack post under another key).
  const expected: Record<string, number> = { webhook: 0, slack: 0, statuspage: 0 };
  for (const r of all) if (r.integration in expected) expected[r.integration]!++;
  const count = (k: string, prefixes: string[]) => Object.entries(fx[k]!.effects).filter(([key]) => prefixes.some((p) => key.startsWith(p))).reduce((a, [, n]) => a + n, 0);
  if (count('webhook', ['delivery:']) !== expected.webhook) problems.push(`webhook: ${count('webhook', ['delivery:'])} deliveries for ${expected.webhook} items`);
  if (count('slack', ['post:', 'channel:']) !== expected.slack) problems.push(`slack: ${count('slack', ['post:', 'channel:'])} effects for ${expected.slack} items`);
  if (count('statuspage', ['create:', 'update:']) !== expected.statuspage) problems.push(`statuspage: ${count('statuspage', ['create:', 'update:'])} effects for ${expected.statuspage} items`);
  // Each row matched with what the vendor did, by its key. Exactly one effect (Teams: at least one);
  // the write that made it went through the proxy and the vendor answered it 2xx; and the engine was
  // sent a 2xx naming this row (its write's answer, or a search, poll or check that found it).
  const rows = await rowsAtFakes(core, rig.fakes);
  let teamsDuplicates = 0;
  let foundBySearch = 0;
  for (const r of rows) {
    const at = `${r.integration}/${r.operation} ${r.ledger}`;
    if (AT_LEAST_ONCE.includes(r.kind)) {
      if (r.effects < 1) problems.push(`${at}: no effect at the vendor (at least one expected)`);
      teamsDuplicates += Math.max(0, r.effects - 1);
    } else if (r.effects !== 1) problems.push(`${at}: ${r.effects} effects at the vendor (expected exactly 1)`);
    if (r.state !== 'delivered') continue;
    const log = rig.proxies[r.kind]!.log;
    const ok = (s: number | null) => s !== null && s >= 200 && s < 300;
    if (!log.some((q) => q.write && q.ids.includes(r.ledger) && ok(q.upstream))) problems.push(`${at}: delivered, but no write carrying its key was answered 2xx by the vendor through the proxy`);
    const answered = log.filter((q) => ok(q.client) && (q.write ? q.ids.includes(r.ledger) : q.found.includes(r.ledger)));
    if (answered.length === 0) problems.push(`${at}: delivered without a 2xx naming it that reached the engine`);
    else if (!answered.some((q) => q.write)) foundBySearch++;
  }
  problems.push(...strayEffects(rig.fakes, rows, FAULT_KINDS).map((s) => `${s}: an effect no outbox row asked for`));
  // Per incident, every vendor saw the effects in the order of the events.
  problems.push(...orderProblems(rig.fakes, rows, FAULT_KINDS));
  // Per-incident order at the vendor: a trigger is never after its resolve; a channel before its posts.
  for (const kind of ['pagerduty', 'opsgenie']) {
    const seen = new Map<string, string[]>();
    for (const e of fx[kind]!.log) {
      if (e.effect === 'dedup') continue;
      seen.set(e.key, [...(seen.get(e.key) ?? []), e.effect]);
    }
    for (const [key, seq] of seen) {
      const t = seq.indexOf(kind === 'pagerduty' ? 'trigger' : 'create');
      const r = seq.indexOf(kind === 'pagerduty' ? 'resolve' : 'close');
      if (t < 0 || r < 0 || r < t) problems.push(`${kind}: order for ${key} was ${seq.join(' → ')}`);
    }
  }
  return { problems, items: all.length, teamsDuplicates, foundBySearch, jiraLaggedSearches: rig.fakes.jira.laggedSearches() };
}
