// The quality.md item 6 run, shared by the CI test and the benchmark: incidents declared and
// resolved while the engine drains through seeded fault proxies, then every effect is counted at
// the fakes by the vendor's idempotency key.
import { startFaultProxy, QUALITY_PROFILE, type FaultProfile, type FaultProxy } from '../../fakes/faultProxy';
import { sandboxIntegrations, startAllFakes, type FakeKind, type Fakes } from '../../fakes';
import type { Core } from '../../../main/core/core';
import { effects } from './harness';

/** Vendors with an idempotency key at the vendor get every fault, duplicates included. */
export const IDEMPOTENT: FakeKind[] = ['pagerduty', 'opsgenie', 'webhook'];
/**
 * Vendors without one (Jira, Statuspage, Slack posts) get every fault except a network-level
 * duplicate: a duplicated non-idempotent POST makes two effects at the real vendor too, and no
 * client can prevent that. Their lost responses are covered by search-before-retry.
 */
export const SEARCHED: FakeKind[] = ['slack', 'jira', 'statuspage'];
export const FAULT_KINDS: FakeKind[] = [...IDEMPOTENT, ...SEARCHED];

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
    proxies[k] = await startFaultProxy({ target: fakes[k].url, seed: seed + i++, profile: IDEMPOTENT.includes(k) ? profile : { ...profile, duplicate: 0 } });
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
  for (const cfg of sandboxIntegrations({ ...urls, teams: rig.fakes.teams.url })) {
    if ((FAULT_KINDS as string[]).includes(cfg.kind)) await core.invoke('integrations:configure', cfg);
  }
}

/** 12 outbox items per incident: declare (7) + resolve (5). */
export const ITEMS_PER_INCIDENT = 12;

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
  return { problems, items: all.length };
}
