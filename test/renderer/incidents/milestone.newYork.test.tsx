// @vitest-environment node
// The milestone time is typed as a date and a 24-hour time in the zone the console shows, labelled,
// and converted to UTC correctly, also on the two DST nights; in a New York browser (this file runs
// with TZ=America/New_York) against a real core.
import '../nodeDom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { MilestoneDialog } from '../../../renderer/src/features/incidents';
import { timeZoneActions } from '../../../renderer/src/lib/timeZone';
import type { TempCore } from '../../helpers/tempCore';
import { rosterCore, useRealCores } from '../realApi';

const real = useRealCores();
let core: TempCore;

beforeEach(async () => {
  let clock;
  ({ core, clock } = await rosterCore(real));
  clock.set(Date.parse('2026-11-24T21:25:00Z'));
  timeZoneActions.set('UTC');
});

async function open() {
  const inc = await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
  let closed = false;
  real.render(<MilestoneDialog incident={inc} onClose={() => (closed = true)} />, core);
  const dialog = screen.getByRole('dialog', { name: `Record milestone for ${inc.humanId}` });
  fireEvent.change(within(dialog).getByLabelText('Milestone'), { target: { value: 'detected' } });
  const type = (date: string, time: string) => {
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'When: date (YYYY-MM-DD)' }), { target: { value: date } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'When: time, 24-hour (HH:MM)' }), { target: { value: time } });
  };
  const record = () => fireEvent.click(within(dialog).getByRole('button', { name: 'Record detected' }));
  const detected = async () => (await core.invoke('incidents:get', { id: inc.id })).milestones.detected;
  return { inc, dialog, type, record, detected, isClosed: () => closed };
}

describe('milestone time (TZ=America/New_York)', () => {
  it('offers no 12-hour browser picker: a 24-hour time in the chosen zone, labelled', async () => {
    const { dialog } = await open();
    expect(dialog.querySelector('input[type="time"], input[type="datetime-local"]')).toBeNull();
    // The fields start at now in UTC (not 16:25 in the browser's zone), and name UTC.
    expect((within(dialog).getByRole('textbox', { name: 'When: time, 24-hour (HH:MM)' }) as HTMLInputElement).value).toMatch(/^\d\d:\d\d$/);
    expect(within(dialog).getByRole('group', { name: 'When' }).textContent).toContain('UTC');
  });

  it('records a reading typed in New York time as the right UTC instant', async () => {
    timeZoneActions.set('local');
    const { dialog, type, record, detected, isClosed } = await open();
    expect(within(dialog).getByRole('group', { name: 'When' }).textContent).toContain('America/New_York');
    type('2026-11-24', '16:05');
    expect(within(dialog).getByRole('group', { name: 'When' }).textContent).toContain('EST');
    expect(within(dialog).getByRole('group', { name: 'When' }).textContent).toContain('recorded as 2026-11-24 21:05 UTC');
    record();
    await waitFor(() => expect(isClosed()).toBe(true));
    expect(await detected()).toBe('2026-11-24T21:05:00.000Z');
  });

  it('refuses a time the spring-forward night skips, and takes the hour after it as EDT', async () => {
    timeZoneActions.set('local');
    const { dialog, type, record, detected, isClosed } = await open();
    type('2026-03-08', '02:30');
    record();
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/02:30 does not exist on 2026-03-08 in America\/New_York/);
    type('2026-03-08', '03:30');
    record();
    await waitFor(() => expect(isClosed()).toBe(true));
    expect(await detected()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('asks which 01:30 is meant on the fall-back night and records the one chosen', async () => {
    timeZoneActions.set('local');
    const { dialog, type, record, detected, isClosed } = await open();
    type('2026-11-01', '01:30');
    const which = within(dialog).getByRole('radiogroup', { name: '01:30 happens twice on 2026-11-01' });
    expect(within(which).getByRole('radio', { name: /01:30 EDT \(first\)/ })).toHaveProperty('checked', true);
    fireEvent.click(within(which).getByRole('radio', { name: /01:30 EST \(an hour later\)/ }));
    record();
    await waitFor(() => expect(isClosed()).toBe(true));
    expect(await detected()).toBe('2026-11-01T06:30:00.000Z');
  });

  it('refuses a reading that is not a 24-hour time, naming the format', async () => {
    const { dialog, type, record } = await open();
    type('2026-11-24', '4:05 PM');
    record();
    expect((await within(dialog).findByRole('alert')).textContent).toContain('24-hour time as HH:MM');
  });
});
