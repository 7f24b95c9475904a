// @vitest-environment node
// What the Outbox, the status bar and the incident header say about sync must be true: "sent" only
// when something was delivered and nothing was left unrouted, "nothing to send" when nothing
// happened that an integration acts on, "not routed" with the reason otherwise; a declare that
// pages nobody says so. Real core on a temp SQLite file, its engine delivering to the Statuspage and
// PagerDuty fakes on 127.0.0.1.
import '../nodeDom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_CREDENTIALS as C } from '../../fakes';
import { startPagerDutyFake, type PagerDutyFake } from '../../fakes/pagerduty';
import { startStatuspageFake, type StatuspageFake } from '../../fakes/statuspage';
import { NobodyPagedBadge, OutboxPane, SyncCoverageStatus } from '../../../renderer/src/features/outbox';
import { IntegrationsPane } from '../../../renderer/src/features/integrations';
import { IncidentHeader } from '../../../renderer/src/features/incidents';
import { usePaneRequest } from '../../../renderer/src/lib/paneRequests';
import { useRealCores } from '../realApi';

const real = useRealCores();
let sp: StatuspageFake | null = null;
let pd: PagerDutyFake | null = null;
afterEach(async () => {
  await sp?.close();
  await pd?.close();
  sp = pd = null;
});

/** Shows which pane a feature asked the shell to open (the shell opens it). */
function PaneRequestProbe() {
  const req = usePaneRequest();
  return <output data-testid="pane-request">{req?.paneId ?? ''}</output>;
}

describe('the Outbox never says "everything has been sent" when nothing was', () => {
  it('no integration at all: not routed, with the reason; the status bar says so too', async () => {
    const core = await real.core({ vault: true });
    const inc = await core.invoke('incidents:declare', { title: 'Checkout returning 502s', severity: 'SEV-1' });
    real.render(
      <>
        <OutboxPane incidentId={inc.id} />
        <SyncCoverageStatus incidentId={inc.id} />
      </>,
      core,
    );
    const truth = await screen.findByTestId('sync-coverage');
    await waitFor(() => expect(truth.textContent).toContain('Not routed: no integration configured'));
    expect(truth.getAttribute('data-verdict')).toBe('not_routed');
    expect(document.body.textContent).not.toContain('everything has been sent');
    const chip = await screen.findByTestId('sync-coverage-status');
    await waitFor(() => expect(chip.textContent).toBe(`${inc.humanId}: not routed`));
    expect(chip.getAttribute('title')).toBe('Not routed: no integration configured');
  });

  it('Statuspage added after the declare: "not opened — catch up", one click opens it, then "sent"', async () => {
    sp = await startStatuspageFake();
    const core = await real.core({ vault: true });
    const inc = await core.invoke('incidents:declare', { title: 'Checkout returning 502s', severity: 'SEV-1' });
    await core.invoke('incidents:set-status', { id: inc.id, status: 'identified' });
    await core.invoke('integrations:configure', { kind: 'statuspage', name: 'statuspage', baseUrl: sp.url, settings: { pageId: C.statuspage.pageId }, secret: C.statuspage.apiKey });
    real.render(<OutboxPane incidentId={inc.id} />, core);
    const truth = await screen.findByTestId('sync-coverage');
    await waitFor(() => expect(truth.textContent).toContain(`statuspage: Statuspage not opened for ${inc.humanId} — catch up`));
    expect(document.body.textContent).not.toContain('everything has been sent');
    fireEvent.click(within(truth).getByRole('button', { name: `Open ${inc.humanId} at Statuspage now` }));
    // Delivered by the real engine to the fake: the open, then the current status.
    await waitFor(() => expect(sp!.incidents.map((i) => i.status)).toEqual(['identified']), { timeout: 10_000 });
    await waitFor(() => expect(truth.getAttribute('data-verdict')).toBe('sent'), { timeout: 10_000 });
    expect(truth.textContent).toContain('Sent: 2 delivered to statuspage.');
    await waitFor(() => expect(screen.getByText('Nothing waiting: everything has been sent.')).toBeTruthy());
  });

  it('nothing to send: an exercise never reaches a pager, and the Outbox says there is nothing to send', async () => {
    const core = await real.core({ vault: true });
    await core.invoke('integrations:configure', { kind: 'pagerduty', name: 'pagerduty', baseUrl: 'http://127.0.0.1:9', settings: {}, secret: C.pagerduty.routingKey });
    const ex = await core.invoke('incidents:declare', { title: 'Tabletop: region loss', severity: 'SEV-1', mode: 'exercise' });
    real.render(<OutboxPane incidentId={ex.id} />, core);
    const truth = await screen.findByTestId('sync-coverage');
    await waitFor(() => expect(truth.getAttribute('data-verdict')).toBe('nothing_to_send'));
    expect(truth.textContent).toContain(`Nothing to send for ${ex.humanId}`);
    expect(document.body.textContent).not.toContain('everything has been sent');
  });
});

describe('the integrations pane offers catching up', () => {
  it('a newly added integration offers each active incident and all at once; accepting queues the open', async () => {
    const core = await real.core({ vault: true });
    const a = await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
    const b = await core.invoke('incidents:declare', { title: 'Payments failing', severity: 'SEV-1' });
    const c = await core.invoke('incidents:declare', { title: 'Login broken', severity: 'SEV-1' });
    // Unreachable on purpose: what is asserted is what gets queued.
    await core.invoke('integrations:configure', { kind: 'statuspage', name: 'statuspage', baseUrl: 'http://127.0.0.1:9', settings: { pageId: C.statuspage.pageId }, secret: C.statuspage.apiKey });
    real.render(<IntegrationsPane incidentId={a.id} />, core);
    const offers = await screen.findByTestId('catch-up-statuspage');
    for (const inc of [a, b, c]) expect(within(offers).getByRole('button', { name: `Open ${inc.humanId} at Statuspage now` })).toBeTruthy();
    // One incident at a time…
    fireEvent.click(within(offers).getByRole('button', { name: `Open ${b.humanId} at Statuspage now` }));
    await waitFor(() => expect(within(offers).queryByRole('button', { name: `Open ${b.humanId} at Statuspage now` })).toBeNull());
    expect((await core.invoke('outbox:list', { incidentId: b.id })).map((i) => i.operation)).toEqual(['create_incident']);
    // …or all that are left at once.
    fireEvent.click(within(offers).getByRole('button', { name: 'Catch up all (2)' }));
    await waitFor(() => expect(screen.queryByTestId('catch-up-statuspage')).toBeNull());
    for (const inc of [a, c]) expect((await core.invoke('outbox:list', { incidentId: inc.id })).map((i) => i.operation)).toEqual(['create_incident']);
    expect(await core.invoke('integrations:offers', {})).toEqual([]);
  });
});

describe('the incident header says when nobody was paged', () => {
  it('no paging integration: a badge with an action to configure one; a pager added later offers to page now', async () => {
    pd = await startPagerDutyFake();
    const core = await real.core({ vault: true });
    const inc = await core.invoke('incidents:declare', { title: 'Checkout returning 502s', severity: 'SEV-1' });
    real.render(
      <>
        <IncidentHeader incident={inc} onChangeSeverity={() => undefined} onChangeStatus={() => undefined} onMilestone={() => undefined} />
        <PaneRequestProbe />
      </>,
      core,
    );
    const badge = await screen.findByTestId('nobody-paged');
    expect(badge.textContent).toContain('Nobody paged — no paging integration');
    fireEvent.click(within(badge).getByRole('button', { name: 'Configure paging…' }));
    expect(screen.getByTestId('pane-request').textContent).toBe('integrations');

    await core.invoke('integrations:configure', { kind: 'pagerduty', name: 'pagerduty', baseUrl: pd.url, settings: {}, secret: C.pagerduty.routingKey });
    await waitFor(() => expect(badge.textContent).toContain(`Nobody paged — PagerDuty not opened for ${inc.humanId}`));
    fireEvent.click(within(badge).getByRole('button', { name: `Page ${inc.humanId} via PagerDuty now` }));
    await waitFor(() => expect(screen.queryByTestId('nobody-paged')).toBeNull());
    await waitFor(() => expect(pd!.effects.counts.get(`trigger:cp-${inc.id}`)).toBe(1), { timeout: 10_000 });
  });

  it('no badge for an exercise, which pages no one by design', async () => {
    const core = await real.core();
    const ex = await core.invoke('incidents:declare', { title: 'Tabletop', severity: 'SEV-1', mode: 'exercise' });
    real.render(
      <>
        <NobodyPagedBadge incident={ex} />
        <SyncCoverageStatus incidentId={ex.id} />
      </>,
      core,
    );
    // Both are drawn from the same answer: once the status bar item shows it, the badge has decided.
    const chip = await screen.findByTestId('sync-coverage-status');
    await waitFor(() => expect(chip.textContent).toBe(`${ex.humanId}: not routed`));
    expect((await core.invoke('sync:coverage', { incidentId: ex.id })).paging.reason).toBe('an exercise pages no one');
    expect(screen.queryByTestId('nobody-paged')).toBeNull();
  });
});
