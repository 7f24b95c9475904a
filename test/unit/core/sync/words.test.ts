// What the offline banner says: what is queued, by what people call it, for which integrations.
import { expect, test } from 'vitest';
import type { IntegrationSyncState, SyncStatus } from '../../../../shared/domain/sync';
import { linkWord, lockedSentence, queuedSentence } from '../../../../renderer/src/features/outbox/index';

const integ = (name: string, state: IntegrationSyncState['state'], queued: IntegrationSyncState['queued']): IntegrationSyncState => ({
  name,
  kind: name,
  state,
  lastSyncedAt: null,
  breaker: 'closed',
  pending: queued.reduce((a, q) => a + q.count, 0),
  dead: 0,
  lastError: null,
  lastCheckedAt: null,
  pausedUntil: null,
  queued,
});

test('names what waits, merging operations people call the same, only for offline integrations', () => {
  const status: SyncStatus = {
    pending: 9,
    dead: 0,
    offline: true,
    locked: false,
    integrations: [
      integ('pagerduty', 'offline', [{ operation: 'trigger', count: 2 }]),
      integ('webhook', 'offline', [
        { operation: 'declared', count: 1 },
        { operation: 'timeline', count: 2 },
      ]),
      integ('slack', 'online', [{ operation: 'post', count: 4 }]),
    ],
  };
  expect(queuedSentence(status)).toBe('2 pages, 3 updates queued for pagerduty, webhook');
  expect(queuedSentence({ ...status, integrations: [status.integrations[2]!] })).toBeNull();
});

test('integrations waiting for the key store say so: "locked — unlock to send", with what waits', () => {
  const status: SyncStatus = {
    pending: 3,
    dead: 0,
    offline: false,
    locked: true,
    integrations: [integ('pagerduty', 'locked', [{ operation: 'trigger', count: 1 }, { operation: 'resolve', count: 1 }]), integ('slack', 'locked', []), integ('webhook', 'online', [{ operation: 'declared', count: 1 }])],
  };
  expect(lockedSentence(status)).toBe('1 page, 1 page resolution queued for pagerduty');
  expect(queuedSentence(status)).toBeNull();
  expect(linkWord(status.integrations[0]!)).toBe('locked — unlock to send');
  expect(linkWord(status.integrations[2]!)).toBe('online');
});
