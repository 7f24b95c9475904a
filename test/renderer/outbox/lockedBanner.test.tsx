// While the key store is locked, queued updates wait: the banner and the integration line say
// "locked — unlock to send" and what waits, so nobody mistakes the wait for a failure.
import { cleanup, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import type { IntegrationSyncState, SyncStatus } from '../../../shared/domain';
import { OfflineBanner, SyncIndicator } from '../../../renderer/src/features/outbox';
import { createFakeApi } from '../fakeApi';
import { renderWithApi } from '../render';

afterEach(cleanup);

const pd: IntegrationSyncState = {
  name: 'pagerduty',
  kind: 'pagerduty',
  state: 'locked',
  lastSyncedAt: null,
  breaker: 'closed',
  pending: 2,
  dead: 0,
  lastError: null,
  lastCheckedAt: null,
  pausedUntil: null,
  queued: [
    { operation: 'trigger', count: 1 },
    { operation: 'resolve', count: 1 },
  ],
};
const status: SyncStatus = { pending: 2, dead: 0, offline: false, locked: true, integrations: [pd] };

it('the banner says locked — unlock to send, with what waits; the status bar item says so too', async () => {
  const api = createFakeApi();
  api.override('sync:status', () => status);
  renderWithApi(
    <>
      <OfflineBanner />
      <SyncIndicator />
    </>,
    api,
  );
  const banner = await screen.findByTestId('locked-banner');
  expect(banner.textContent).toContain('Locked — unlock to send: 1 page, 1 page resolution queued for pagerduty.');
  expect(screen.queryByTestId('offline-banner')).toBeNull();
  const chip = await screen.findByTestId('sync-pagerduty');
  expect(chip.getAttribute('data-state')).toBe('locked');
  expect(chip.getAttribute('title')).toContain('locked — unlock to send');
});
