// The whole path once per vendor: routing → outbox → engine → adapter → fake, nothing left over.
// Judged at the fakes: each delivered row must be exactly one effect the vendor recorded under the
// row's own idempotency key, and the vendors must have done nothing else.
import { afterEach, expect, test } from 'vitest';
import { startAllFakes, sandboxIntegrations, FAKE_KINDS, type Fakes, type FakeKind } from '../../fakes';
import { drained, rowsAtFakes, strayEffects, syncCore, type SyncCore } from './harness';

let core: SyncCore | null = null;
let fakes: Fakes | null = null;
afterEach(async () => {
  await core?.cleanup();
  await fakes?.close();
});

test('every vendor end to end: declare, a note and resolve go out through all seven fakes', async () => {
  fakes = await startAllFakes();
  core = await syncCore();
  const urls = Object.fromEntries(FAKE_KINDS.map((k) => [k, fakes![k].url])) as Record<FakeKind, string>;
  for (const cfg of sandboxIntegrations(urls)) await core.invoke('integrations:configure', cfg);
  const inc = await core.invoke('incidents:declare', { title: 'Checkout is down', severity: 'SEV-1' });
  await core.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'db-7.prod.internal at 10.0.0.7 is sad' });
  await core.invoke('incidents:set-status', { id: inc.id, status: 'resolved' });
  await drained(core);
  const items = await core.invoke('outbox:list', {});
  // The rows the default routing rules queue, first: "all delivered" means nothing of an empty list.
  expect(items.map((i) => `${i.integration}:${i.operation}`)).toEqual([
    'jira:create_issue',
    'opsgenie:trigger',
    'pagerduty:trigger',
    'slack:create_channel',
    'slack:post',
    'statuspage:create_incident',
    'teams:post',
    'webhook:declared',
    'webhook:timeline',
    'opsgenie:resolve',
    'pagerduty:resolve',
    'slack:post',
    'statuspage:status:resolved',
    'teams:post',
    'webhook:status_changed',
  ]);
  expect(items.every((i) => i.state === 'delivered')).toBe(true);
  // At the vendors: one effect per row under the row's key (Teams too: no fault is injected here, so
  // its at-least-once delivery is exactly once), and no effect no row asked for.
  const rows = await rowsAtFakes(core, fakes);
  expect(rows).toHaveLength(items.length);
  expect(rows.map((r) => `${r.integration}:${r.operation} ${r.ledger} ×${r.effects}`)).toEqual(rows.map((r) => `${r.integration}:${r.operation} ${r.ledger} ×1`));
  expect(strayEffects(fakes, rows, FAKE_KINDS)).toEqual([]);
  // And the vendors answered 2xx to the write that had the effect.
  for (const r of rows) {
    const writes = fakes[r.kind].requests.filter((q) => q.write && q.ids.includes(r.ledger));
    expect(writes.map((q) => `${q.method} ${q.path} → ${q.status}`), `${r.integration}:${r.operation}`).toHaveLength(1);
    expect(writes[0]!.status, `${r.integration}:${r.operation}`).toBeGreaterThanOrEqual(200);
    expect(writes[0]!.status, `${r.integration}:${r.operation}`).toBeLessThan(300);
  }
});
