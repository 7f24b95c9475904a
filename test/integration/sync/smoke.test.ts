// The whole path once per vendor: routing → outbox → engine → adapter → fake, nothing left over.
import { afterEach, expect, test } from 'vitest';
import { startAllFakes, sandboxIntegrations, FAKE_KINDS, type Fakes, type FakeKind } from '../../fakes';
import { drained, syncCore, type SyncCore } from './harness';

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
  expect(items.every((i) => i.state === 'delivered')).toBe(true);
});
