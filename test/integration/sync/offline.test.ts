// Offline-first: with the vendor unreachable, work queues (never dead-letters for lack of a
// network), each integration reports itself offline from its own requests, the status says what is
// queued, and when the host answers again everything goes out once.
import { afterAll, expect, test } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../fakes/faultProxy';
import { FAKE_CREDENTIALS as C, startAllFakes, type Fakes } from '../../fakes';
import { drained, effects, syncCore, type SyncCore } from './harness';

let core: SyncCore | null = null;
let fakes: Fakes | null = null;
let proxy: FaultProxy | null = null;
afterAll(async () => {
  await core?.cleanup();
  await proxy?.close();
  await fakes?.close();
});

test('queued while offline, drained once when the vendor answers again', async () => {
  fakes = await startAllFakes();
  proxy = await startFaultProxy({ target: fakes.pagerduty.url, seed: 3 });
  await proxy.setDown(true);
  core = await syncCore({ engine: { backoff: { maxAnsweredFailures: 2 }, reconnectProbeMs: 5_000 } });
  await core.invoke('integrations:configure', { kind: 'pagerduty', name: 'pd', baseUrl: proxy.url, settings: {}, secret: C.pagerduty.routingKey });
  await core.invoke('integrations:configure', { kind: 'webhook', name: 'hook', baseUrl: fakes.webhook.url, settings: { path: '/h' }, secret: C.webhook.secret });
  const a = await core.invoke('incidents:declare', { title: 'API down', severity: 'SEV-1' });
  const b = await core.invoke('incidents:declare', { title: 'Queue stuck', severity: 'SEV-2' });
  await core.invoke('incidents:set-status', { id: a.id, status: 'resolved' });

  // Many failed attempts later (the sync clock runs 100× faster), nothing is dead.
  await new Promise((r) => setTimeout(r, 1_500));
  const status = await core.invoke('sync:status', {});
  const pd = status.integrations.find((i) => i.name === 'pd')!;
  expect(pd.state).toBe('offline');
  expect(pd.pending).toBe(3);
  expect(pd.dead).toBe(0);
  expect(pd.queued.sort((x, y) => x.operation.localeCompare(y.operation))).toEqual([
    { operation: 'resolve', count: 1 },
    { operation: 'trigger', count: 2 },
  ]);
  expect(status.offline).toBe(true);
  expect(status.integrations.find((i) => i.name === 'hook')!.state).toBe('online'); // judged per integration
  const waiting = await core.invoke('outbox:list', { integration: 'pd' });
  // Stream heads are retrying; the resolve waits behind its trigger (per-incident order), untried.
  expect(waiting.map((i) => `${i.operation}:${i.state === 'in_flight' ? 'failed' : i.state}`).sort()).toEqual(['resolve:pending', 'trigger:failed', 'trigger:failed']);
  expect(waiting[0]!.nextAttemptAt).not.toBeNull();
  expect(waiting[0]!.lastError).toMatch(/connection|network/);
  expect(waiting[0]!.attempts).toBeGreaterThan(2);

  await proxy.setDown(false);
  // How soon it drains (the reconnect probe, every 5 s of sync time) is a bench figure (bench/sync.bench.ts).
  await drained(core, 20_000);
  const fx = await effects(fakes.pagerduty.url);
  expect(fx.effects[`trigger:cp-${a.id}`]).toBe(1);
  expect(fx.effects[`resolve:cp-${a.id}`]).toBe(1);
  expect(fx.effects[`trigger:cp-${b.id}`]).toBe(1);
  const after = await core.invoke('sync:status', {});
  expect(after.offline).toBe(false);
  expect(after.integrations.find((i) => i.name === 'pd')).toMatchObject({ state: 'online', pending: 0, breaker: 'closed' });

  // Closing the core stops the engine cleanly (nothing left running to keep the process alive).
  await core.close();
  expect(core.sync.engine!.isRunning).toBe(false);
});
