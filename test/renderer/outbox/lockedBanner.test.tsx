// @vitest-environment node
// While the key store is locked, queued updates wait: the banner and the integration line say
// "locked — unlock to send" and what waits, so nobody mistakes the wait for a failure. A real core:
// a PagerDuty integration whose routing key sits in the passphrase key store, the vault locked (which
// locks that store), then a page and its resolution queued behind it.
import '../nodeDom';
import { screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { OfflineBanner, SyncIndicator } from '../../../renderer/src/features/outbox';
import { useRealCores } from '../realApi';
import { closedPort } from '../realHost';

const real = useRealCores();

it('the banner says locked — unlock to send, with what waits; the status bar item says so too', async () => {
  const core = await real.core({ vault: true });
  // Never reached while the store is locked; nothing listens there either.
  await core.invoke('integrations:configure', { kind: 'pagerduty', name: 'pagerduty', baseUrl: `http://127.0.0.1:${await closedPort()}`, settings: {}, secret: 'R0UT1NGKEY0123456789ABCDEFGHIJKL' });
  await core.invoke('vault:lock', {});
  const inc = await core.invoke('incidents:declare', { title: 'Checkout API returning 502s', severity: 'SEV-1' });
  await core.invoke('incidents:set-status', { id: inc.id, status: 'resolved' });
  real.render(
    <>
      <OfflineBanner />
      <SyncIndicator />
    </>,
    core,
  );
  const banner = await screen.findByTestId('locked-banner', {}, { timeout: 5_000 });
  // The core lists what waits by operation name (resolve before trigger), not in delivery order.
  expect(banner.textContent).toContain('Locked — unlock to send: 1 page resolution, 1 page queued for pagerduty.');
  expect(screen.queryByTestId('offline-banner')).toBeNull();
  const chip = await screen.findByTestId('sync-pagerduty');
  expect(chip.getAttribute('data-state')).toBe('locked');
  expect(chip.getAttribute('title')).toContain('locked — unlock to send');
  // What the banner shows is the core's own status: both items still wait, none was sent.
  expect(await core.invoke('sync:status', {})).toMatchObject({ pending: 2, locked: true, integrations: [{ name: 'pagerduty', state: 'locked', queued: [{ operation: 'resolve', count: 1 }, { operation: 'trigger', count: 1 }] }] });
});
