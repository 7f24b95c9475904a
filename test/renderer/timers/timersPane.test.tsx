// @vitest-environment node
// The time-boxes pane and banners against a REAL core on SQLite (not a fake): the renderer's API client is
// adapted onto the core (realApi.ts), so these tests exercise the whole stack minus HTTP.
import '../nodeDom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { OverdueAsksBadge, TimeboxBanner, TimersPane } from '../../../renderer/src/features/timers';
import type { fakeClock, TempCore } from '../../helpers/tempCore';
import { rosterCore, useRealCores } from '../realApi';

const real = useRealCores();
let core: TempCore;
let clock: ReturnType<typeof fakeClock>;
const renderWithCore = (ui: Parameters<typeof real.render>[0]) => real.render(ui, core);

beforeEach(async () => {
  ({ core, clock } = await rosterCore(real));
});

describe('time-boxes', () => {
  it('shows the warning and the expiry banner from stored deadlines and records the decision', async () => {
    const inc = await core.invoke('incidents:declare', { title: 'Latency', severity: 'SEV-2' });
    const { queryClient } = renderWithCore(
      <>
        <TimeboxBanner incidentId={inc.id} />
        <TimersPane incidentId={inc.id} />
      </>,
    );
    fireEvent.change(await screen.findByRole('textbox', { name: 'Hypothesis' }), { target: { value: 'Bad deploy' } });
    fireEvent.change(screen.getAllByRole('spinbutton', { name: 'Minutes' })[0]!, { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start box' }));
    await screen.findByText('Bad deploy');
    clock.advance(8 * 60_000);
    await act(async () => {
      await core.timers.tick();
    });
    await waitFor(() => expect(screen.getByTestId('timebox-banner-warning').textContent).toContain('80% of the time used'));
    clock.advance(2 * 60_000);
    await act(async () => {
      await core.timers.tick();
      await queryClient.invalidateQueries({ queryKey: ['timers'] });
    });
    const banner = await screen.findByTestId('timebox-banner-expired');
    expect(banner.getAttribute('role')).toBe('alert');
    fireEvent.click(within(banner).getByRole('button', { name: 'Decide…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Time-box expired: decide' });
    // Extending without a reason is not offered.
    expect((within(dialog).getByRole('button', { name: 'Record decision' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(dialog).getByRole('radio', { name: /Escalate/ }));
    fireEvent.change(within(dialog).getByLabelText('Note'), { target: { value: 'paging the DB team' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record decision' }));
    await waitFor(() => expect(screen.queryByTestId('timebox-banner-expired')).toBeNull());
    const decisions = await core.invoke('timeline:list', { incidentId: inc.id, kinds: ['decision'] });
    expect(decisions.entries[0]!.text).toBe('Escalated after diagnosis box “Bad deploy”: paging the DB team');
  });

  it('chooses owners from the roster (searchable), free text only as an explicit "not on the roster" option', async () => {
    const inc = await core.invoke('incidents:declare', { title: 'Latency', severity: 'SEV-2' });
    renderWithCore(<TimersPane incidentId={inc.id} />);
    const asks = await screen.findByRole('form', { name: 'Start a time-boxed ask' });
    const owner = within(asks).getByRole('combobox', { name: 'Owner of the ask' });
    fireEvent.change(owner, { target: { value: 'pri' } });
    // The roster arrives from the core; the list fills in as it does.
    await waitFor(() =>
      expect(within(within(asks).getByRole('listbox', { name: 'Owner of the ask: roster' })).getAllByRole('option').map((o) => o.textContent)).toEqual(['Priya Raman @priya · Payments', 'Someone not on the roster: “pri”']),
    );
    fireEvent.keyDown(owner, { key: 'Enter' }); // the highlighted roster entry; the form is not submitted
    expect((owner as HTMLInputElement).value).toBe('Priya Raman (@priya)');
    fireEvent.change(within(asks).getByRole('textbox', { name: 'Ask' }), { target: { value: 'check replica lag' } });
    fireEvent.click(within(asks).getByRole('button', { name: 'Start ask' }));
    await screen.findByText('check replica lag');
    expect((await core.invoke('timers:list', { incidentId: inc.id })).timers.find((t) => t.kind === 'ask')).toMatchObject({ owner: 'priya' });
    expect(screen.getByText(/Priya Raman \(@priya\) · due/)).toBeTruthy();

    // Someone from outside: only by choosing the explicit option.
    const box = screen.getByRole('form', { name: 'Start a diagnosis box' });
    const boxOwner = within(box).getByRole('combobox', { name: 'Owner of the box' });
    fireEvent.change(boxOwner, { target: { value: 'Vendor on-call' } });
    fireEvent.keyDown(boxOwner, { key: 'ArrowDown' });
    const opts = within(within(box).getByRole('listbox')).getAllByRole('option');
    expect(opts.map((o) => o.textContent)).toEqual(['Someone not on the roster: “Vendor on-call”']);
    fireEvent.mouseDown(opts[0]!);
    fireEvent.change(within(box).getByRole('textbox', { name: 'Hypothesis' }), { target: { value: 'CDN misroute' } });
    fireEvent.click(within(box).getByRole('button', { name: 'Start box' }));
    await screen.findByText('CDN misroute');
    expect((await core.invoke('timers:list', { incidentId: inc.id })).timers.find((t) => t.kind === 'diagnosis')).toMatchObject({ owner: 'Vendor on-call' });
    expect(screen.getByText(/Vendor on-call \(not on the roster\) · due/)).toBeTruthy();
  });

  it('hands the next box of a switch to another roster person', async () => {
    const inc = await core.invoke('incidents:declare', { title: 'Latency', severity: 'SEV-2' });
    const box = await core.invoke('timers:start', { incidentId: inc.id, kind: 'diagnosis', label: 'Bad deploy', minutes: 10, owner: 'dana' });
    renderWithCore(<TimersPane incidentId={inc.id} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Decide…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Decide on “Bad deploy”' });
    fireEvent.click(within(dialog).getByRole('radio', { name: /Switch hypothesis/ }));
    fireEvent.change(within(dialog).getByLabelText('Next hypothesis'), { target: { value: 'Cache stampede' } });
    const owner = within(dialog).getByRole('combobox', { name: 'Owner of the next box' });
    expect((owner as HTMLInputElement).value).toBe('Dana Whitfield (@dana)');
    fireEvent.change(owner, { target: { value: 'lee' } });
    fireEvent.keyDown(owner, { key: 'Enter' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record decision' }));
    await waitFor(async () => expect((await core.invoke('timers:list', { incidentId: inc.id })).timers.find((t) => t.id !== box.id)).toMatchObject({ label: 'Cache stampede', owner: 'lee' }));
  });

  it('shows the re-planned cadence when a severity change made elsewhere re-plans it: the core announces timers', async () => {
    const inc = await core.invoke('incidents:declare', { title: 'Search slow', severity: 'SEV-3' });
    await core.invoke('cadence:start', { incidentId: inc.id });
    const { queryClient, api } = renderWithCore(<TimersPane incidentId={inc.id} />);
    const cadence = await screen.findByRole('region', { name: 'Cadence' });
    await waitFor(() => expect(within(cadence).getAllByRole('listitem')).toHaveLength(3));
    const notices: unknown[] = [];
    api.subscribe('db:changed', (n) => notices.push(n));
    // Only an invalidation marks a query invalidated; the pane's slow poll refetches without one, so
    // this tells the pushed notice apart from a poll that happened to land in time.
    const invalidated: string[] = [];
    const off = queryClient.getQueryCache().subscribe((e) => {
      if (e.type === 'updated' && e.action.type === 'invalidate') invalidated.push(JSON.stringify(e.query.queryKey));
    });
    // Another window raises the severity: this page sends nothing, it only hears the core.
    await core.invoke('incidents:set-severity', { id: inc.id, severity: 'SEV-1' });
    await waitFor(() => expect(within(cadence).getAllByRole('listitem')).toHaveLength(6));
    off();
    expect(invalidated).toContain(JSON.stringify(['timers', 'list', inc.id]));
    expect(notices).toContainEqual({ domains: expect.arrayContaining(['timers']), incidentId: inc.id });
    // Reads only (the owner pickers read the roster); nothing sent.
    expect(api.calls.filter((c) => c.name !== 'timers:list' && c.name !== 'cadence:policies' && c.name !== 'roster:list')).toEqual([]);
  });

  it('makes overdue asks stand out in the header badge', async () => {
    const inc = await core.invoke('incidents:declare', { title: 'Latency', severity: 'SEV-2' });
    await core.invoke('timers:start', { incidentId: inc.id, kind: 'ask', label: 'check replica lag', minutes: 5, owner: 'priya' });
    clock.advance(6 * 60_000);
    renderWithCore(<OverdueAsksBadge incidentId={inc.id} />);
    const badge = await screen.findByTestId('overdue-asks');
    expect(badge.textContent).toContain('1 overdue ask');
    expect(badge.getAttribute('aria-label')).toContain('priya: check replica lag');
  });
});
