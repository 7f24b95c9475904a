// @vitest-environment node
// One clock in a New York browser (this file runs with TZ=America/New_York, see vitest.config.ts):
// the timeline, the role board, the time-boxes and the handover brief show every time in ONE zone,
// labelled, whichever zone the user chose; against a real core on SQLite (realApi.ts).
import '../nodeDom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RolesPane } from '../../../renderer/src/features/roles';
import { TimelineList } from '../../../renderer/src/features/timeline';
import { TimersPane } from '../../../renderer/src/features/timers';
import { timeZoneActions } from '../../../renderer/src/lib/timeZone';
import type { TempCore } from '../../helpers/tempCore';
import { useFakeLayout } from '../layout';
import { rosterCore, useRealCores } from '../realApi';

const VIEWPORT = { width: 900, height: 760 };
useFakeLayout(VIEWPORT);
const real = useRealCores();
let core: TempCore;
// 21:25 UTC is 16:25 in New York (EST, UTC-5, in November).
const DECLARED = Date.parse('2026-11-24T21:25:00Z');

beforeEach(async () => {
  let clock;
  ({ core, clock } = await rosterCore(real));
  clock.set(DECLARED);
  // The page's clock agrees with the core's (only Date is faked; timers run), so "today" is the same day for both.
  vi.useFakeTimers({ toFake: ['Date'], now: DECLARED + 60_000, shouldAdvanceTime: true });
  timeZoneActions.set('UTC');
});
afterEach(() => {
  vi.useRealTimers();
});

/** A SEV-1 declared at 21:25 UTC with Dana as IC and a 15-minute diagnosis box (due 21:40 UTC). */
async function warRoom() {
  const inc = await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
  await core.invoke('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: 'dana' });
  await core.invoke('timers:start', { incidentId: inc.id, kind: 'diagnosis', label: 'Bad deploy', minutes: 15 });
  real.render(
    <>
      <TimelineList incidentId={inc.id} initialRect={VIEWPORT} />
      <RolesPane incidentId={inc.id} />
      <TimersPane incidentId={inc.id} />
    </>,
    core,
  );
  return inc;
}

/** What each pane shows: the timeline's declaration row time, the IC's "since", the box's "due", the brief. */
async function readings() {
  const rows = await screen.findAllByTestId('timeline-row');
  const declared = rows.find((r) => /declared/i.test(r.textContent ?? ''))!;
  const timeline = declared.querySelector('time.tl-abs')!.textContent!;
  const boxRow = rows.find((r) => r.textContent?.includes('Diagnosis box: try'))!;
  const boxText = boxRow.querySelector('.tl-text')!.textContent!;
  const ic = await screen.findByRole('listitem', { name: 'Incident Commander: Dana Whitfield' });
  const roles = within(ic).getByText(/since/).textContent!;
  await screen.findByText('Bad deploy');
  const timers = document.querySelector('[data-timer] .timer-main .muted')!.textContent!;
  fireEvent.click(within(ic).getByRole('button', { name: 'Hand over…' }));
  const dialog = await screen.findByRole('dialog', { name: 'Hand over Incident Command' });
  const situation = ((await within(dialog).findByLabelText('Situation')) as HTMLTextAreaElement).value;
  const objectives = (within(dialog).getByLabelText('Objectives') as HTMLTextAreaElement).value;
  fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
  return { timeline, boxText, roles, timers, situation, objectives };
}

describe('one clock (TZ=America/New_York)', () => {
  it('runs in New York: the browser would show 16:25 for 21:25 UTC', () => {
    expect(new Date(DECLARED).getHours()).toBe(16);
  });

  it('shows every time in UTC by default, labelled, in every pane and the brief', async () => {
    await warRoom();
    const r = await readings();
    expect(r.timeline).toMatch(/21:25(:00)? UTC$/);
    expect(r.roles).toContain('since 21:25 UTC');
    expect(r.timers).toContain('due 21:40 UTC');
    expect(r.boxText).toContain('until 21:40 UTC');
    expect(r.situation).toContain('declaration at 21:25 UTC');
    expect(r.objectives).toContain('box ends 21:40 UTC');
    await waitFor(() => expect(document.body.textContent).not.toMatch(/16:25|16:40/));
  });

  it('shows every time in the zone of this computer once chosen: 16:25 EST in every pane and the brief', async () => {
    expect(timeZoneActions.set('local')).toBe(true);
    await warRoom();
    const r = await readings();
    expect(r.timeline).toMatch(/16:25(:00)? EST$/);
    expect(r.roles).toContain('since 16:25 EST');
    expect(r.timers).toContain('due 16:40 EST');
    // The core wrote "until 21:40 UTC" into the entry; it reads in the same zone as the rest.
    expect(r.boxText).toContain('until 16:40 EST');
    expect(r.situation).toContain('declaration at 16:25 EST');
    expect(r.objectives).toContain('box ends 16:40 EST');
    await waitFor(() => expect(document.body.textContent).not.toMatch(/\bUTC\b/));
    // The choice is kept for the next start, in the shared preferences record.
    expect(JSON.parse(localStorage.getItem('commandpost.ui')!).state.timeZone).toBe('local');
  });

  it('shows any IANA zone, and switching re-renders every pane without a reload', async () => {
    await warRoom();
    await readings();
    expect(timeZoneActions.set('Asia/Kolkata')).toBe(true);
    const r = await readings();
    // 21:25 UTC is 02:55 the next day in India, where "now" is that next day too.
    expect(r.timeline).toMatch(/^02:55(:00)? GMT\+5:30$/);
    expect(r.roles).toContain('since 02:55 GMT+5:30');
    expect(r.timers).toContain('due 03:10 GMT+5:30');
    expect(r.boxText).toContain('until 03:10 GMT+5:30');
    expect(r.situation).toContain('declaration at 02:55 GMT+5:30');
    expect(timeZoneActions.set('Mars/Olympus_Mons')).toBe(false);
    expect(JSON.parse(localStorage.getItem('commandpost.ui')!).state.timeZone).toBe('Asia/Kolkata');
  });
});
