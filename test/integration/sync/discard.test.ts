// outbox:discard says "will not be sent": that must hold even when the discard commits between the
// engine choosing an item and recording its attempt (a busy write queue makes that window wide).
import { afterEach, expect, test } from 'vitest';
import { SyncEngine } from '../../../main/core/sync/engine';
import { FAKE_CREDENTIALS as C } from '../../fakes';
import { mulberry32 } from '../../fakes/faultProxy';
import { startPagerDutyFake, type PagerDutyFake } from '../../fakes/pagerduty';
import { quiesce, syncCore, until, type SyncCore } from './harness';

const ITEMS = 10;

let core: SyncCore | null = null;
let fake: PagerDutyFake | null = null;
let engine: SyncEngine | null = null;
afterEach(async () => {
  await engine?.stop();
  await core?.cleanup();
  await fake?.close();
});

test('discards queued behind a busy write queue win over the engine: the vendor receives none of them', async () => {
  fake = await startPagerDutyFake();
  // The core's own engine is off; this one is driven by hand so the race is staged, not hoped for.
  core = await syncCore({ start: false });
  const pd = { kind: 'pagerduty', name: 'pd', baseUrl: fake.url, settings: {}, secret: C.pagerduty.routingKey } as const;
  await core.invoke('integrations:configure', pd);
  for (let n = 0; n < ITEMS; n++) await core.invoke('incidents:declare', { title: `Checkout degraded ${n}`, severity: 'SEV-1' });
  const items = await core.invoke('outbox:list', { integration: 'pd' });
  expect(items).toHaveLength(ITEMS);

  // The engine starts while the integration is disabled, so its first pass takes nothing; it then
  // sleeps (no poll for an hour) until reload() below.
  await core.invoke('integrations:configure', { ...pd, enabled: false });
  engine = new SyncEngine({ db: core.db, keyStore: core.keyStore, clock: core.clock, random: mulberry32(9), requestTimeoutMs: 3_000, pollIntervalMs: 3_600_000, oncallRefreshMs: 0, concurrency: ITEMS });
  await engine.start();
  await core.invoke('integrations:configure', { ...pd, enabled: true });
  await quiesce(core);

  // A long write holds the queue; the discards queue behind it.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const busy = core.db.queue.transaction(() => gate);
  let discards: Array<Promise<{ state: string }>> = [];
  try {
    discards = items.map((i) => core!.invoke('outbox:discard', { id: i.id, reason: 'paged by phone' }));
    expect(await until(() => core!.db.queue.pending === 1 + ITEMS)).toBe(true);
    // The engine sees the items still pending (reads do not wait for the queue) and queues its claim.
    engine.reload();
    expect(await until(() => core!.db.queue.pending === 2 + ITEMS), 'the engine queued its claim behind the discards').toBe(true);
  } finally {
    release(); // a failed expectation must not leave the write queue blocked for the teardown
  }
  await busy;
  const discarded = await Promise.all(discards);
  expect(await engine.whenDrained({ timeoutMs: 10_000 })).toBe(true);
  await core.db.queue.drain();

  expect(discarded.map((d) => d.state)).toEqual(Array(ITEMS).fill('discarded'));
  expect(fake.effects.received, 'requests that reached PagerDuty').toBe(0);
  expect(fake.accepted).toEqual([]);
  const after = await core.invoke('outbox:list', { integration: 'pd' });
  expect(after.map((i) => [i.state, i.attempts])).toEqual(Array(ITEMS).fill(['discarded', 0]));
});
