// Retries judged at the vendor. Rows come from the real router (commands through core.invoke with
// every integration configured), and each fake faults the FIRST write of every idempotency key: a
// 500 before acting, or acting and then dropping the answer. So every item is retried, and what the
// retry carried is compared, at the fake, with what its first attempt carried:
// - the retry of every item carries the key of its first attempt (no write carries a key that no
//   row has), and after a 500 it is written again under that same key;
// - exactly one effect per item, whatever the fault (Teams excepted, below);
// - per incident, each fake saw the effects in the order of the events, for every vendor.
// Microsoft Teams incoming webhooks have no idempotency key and cannot be read back, so Teams is
// at-least-once: a post whose answer is lost after Teams acted is posted again by the retry (a
// duplicate in the channel). It still promises delivery and per-incident order, and is held to both.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FAKE_KINDS, sandboxIntegrations, startAllFakes, type FakeKind, type Fakes } from '../../fakes';
import type { WriteFault } from '../../fakes/server';
import { drained, orderProblems, rowsAtFakes, strayEffects, syncCore, type RowAtFake, type SyncCore } from './harness';

/** The operations one incident queues below, per integration, in order. */
const EXPECTED: Record<FakeKind, string[]> = {
  pagerduty: ['trigger', 'acknowledge', 'resolve'],
  opsgenie: ['trigger', 'acknowledge', 'resolve'],
  statuspage: ['create_incident', 'status:identified', 'status:monitoring', 'status:resolved'],
  slack: ['create_channel', 'post', 'post', 'post', 'post'],
  teams: ['post', 'post', 'post', 'post'],
  jira: ['create_issue'],
  webhook: ['declared', 'status_changed', 'timeline', 'status_changed', 'status_changed'],
};

const INCIDENTS = 2;

/** Two incidents whose commands interleave, so per-incident order is not just arrival order. */
async function workload(core: SyncCore): Promise<string[]> {
  const a = await core.invoke('incidents:declare', { title: 'Checkout is down', severity: 'SEV-1' });
  const b = await core.invoke('incidents:declare', { title: 'Login errors', severity: 'SEV-1' });
  for (const id of [a.id, b.id]) await core.invoke('incidents:milestone', { id, milestone: 'acknowledged' });
  await core.invoke('incidents:set-status', { id: b.id, status: 'identified' });
  await core.invoke('incidents:set-status', { id: a.id, status: 'identified' });
  for (const id of [a.id, b.id]) await core.invoke('timeline:append', { incidentId: id, kind: 'note', text: 'rolled back the deploy' });
  await core.invoke('incidents:set-status', { id: a.id, status: 'monitoring' });
  await core.invoke('incidents:set-status', { id: b.id, status: 'monitoring' });
  await core.invoke('incidents:set-status', { id: b.id, status: 'resolved' });
  await core.invoke('incidents:set-status', { id: a.id, status: 'resolved' });
  return [a.id, b.id];
}

describe.each<WriteFault>(['error500', 'dropResponse'])('first write of every item faulted at the vendor (%s)', (fault) => {
  let fakes: Fakes;
  let core: SyncCore;
  let rows: RowAtFake[];
  let incidents: string[];
  beforeAll(async () => {
    fakes = await startAllFakes({ opsgenieDelayMs: 5 });
    core = await syncCore();
    const urls = Object.fromEntries(FAKE_KINDS.map((k) => [k, fakes[k].url])) as Record<FakeKind, string>;
    for (const cfg of sandboxIntegrations(urls)) await core.invoke('integrations:configure', cfg);
    // One fault per item the workload queues: a retry under a new key then goes through (and fails
    // the key checks below) instead of being faulted again until the drain times out.
    for (const k of FAKE_KINDS) fakes[k].faultFirstWrites(fault, INCIDENTS * EXPECTED[k].length);
    incidents = await workload(core);
    await drained(core);
    rows = await rowsAtFakes(core, fakes);
  });
  afterAll(async () => {
    await core.cleanup();
    await fakes.close();
  });

  test('the router queued what the events ask for, and every item was delivered', () => {
    for (const id of incidents) {
      for (const k of FAKE_KINDS) expect(rows.filter((r) => r.incidentId === id && r.kind === k).map((r) => r.operation), `${k} ${id}`).toEqual(EXPECTED[k]);
    }
    expect(rows.filter((r) => r.state !== 'delivered').map((r) => `${r.integration}:${r.operation} ${r.state}`)).toEqual([]);
  });

  test('every item failed once at the vendor and was retried under the key of its first attempt', () => {
    for (const k of FAKE_KINDS) expect(fakes[k].requests.filter((q) => q.fault === fault).length, `${k}: faulted writes`).toBe(INCIDENTS * EXPECTED[k].length);
    for (const r of rows) {
      const fake = fakes[r.kind];
      const mine = fake.requests.filter((q) => q.ids.includes(r.ledger) || q.found.includes(r.ledger));
      const first = mine.find((q) => q.write);
      expect(first?.fault, `${r.integration}:${r.operation} ${r.ledger}: its first write carried its key and was faulted`).toBe(fault);
      const later = mine.filter((q) => q.seq > first!.seq);
      // After a 500 nothing happened, so the retry must write again, under the same key.
      if (fault === 'error500') expect(later.filter((q) => q.write).length, `${r.integration}:${r.operation}: a retry carrying ${r.ledger}`).toBeGreaterThanOrEqual(1);
      // After a lost answer the retry may look first (search, history, check) instead of writing.
      else expect(later.length, `${r.integration}:${r.operation}: a retry touching ${r.ledger}`).toBeGreaterThanOrEqual(1);
    }
    // No write at any fake carries a key that no row has: a retry under a new key would show here.
    for (const k of FAKE_KINDS) {
      const keys = new Set(rows.filter((r) => r.kind === k).map((r) => r.ledger));
      const foreign = fakes[k].requests.filter((q) => q.write && !q.ids.every((id) => keys.has(id)));
      expect(foreign.map((q) => `${q.method} ${q.path} carrying ${q.ids.join(', ')}`), `${k}: writes under a key no outbox row has`).toEqual([]);
    }
  });

  test('exactly one effect per item at every idempotent vendor; Teams at least once, twice only after a lost answer', () => {
    const counts = rows.map((r) => `${r.integration}:${r.operation} ${r.ledger} ×${r.effects}`);
    const teamsAfterLoss = fault === 'dropResponse' ? 2 : 1;
    expect(counts).toEqual(rows.map((r) => `${r.integration}:${r.operation} ${r.ledger} ×${r.kind === 'teams' ? teamsAfterLoss : 1}`));
    expect(strayEffects(fakes, rows, FAKE_KINDS)).toEqual([]);
  });

  test('per incident, every vendor saw the effects in the order of the events', () => {
    expect(orderProblems(fakes, rows, FAKE_KINDS)).toEqual([]);
  });
});
