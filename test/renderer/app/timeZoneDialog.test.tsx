// Choosing the zone every time is shown in: UTC, this computer's zone, or any IANA zone Intl knows
// (a name it does not know is refused with the reason, and nothing changes).
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TimeZoneDialog } from '../../../renderer/src/app/TimeZoneDialog';
import { actions } from '../../../renderer/src/app/actions';
import { currentTimeZone, localTimeZone, timeZoneActions, useZoneChoice } from '../../../renderer/src/lib/timeZone';

function Choice() {
  return <output data-testid="choice">{useZoneChoice()}</output>;
}

beforeEach(() => timeZoneActions.set('UTC'));
afterEach(cleanup);

describe('time zone choice', () => {
  it('refuses an unknown zone, then takes a real one in its listed spelling', () => {
    let closed = 0;
    render(
      <>
        <TimeZoneDialog onClose={() => closed++} />
        <Choice />
      </>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Time zone' });
    expect((within(dialog).getByRole('radio', { name: /^UTC/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(dialog).getByRole('radio', { name: /Another zone/ }));
    const field = within(dialog).getByRole('combobox', { name: 'IANA time zone' });
    fireEvent.change(field, { target: { value: 'Mars/Olympus_Mons' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /^Show times in/ }));
    expect(within(dialog).getByRole('alert').textContent).toContain('“Mars/Olympus_Mons” is not a time zone');
    expect(screen.getByTestId('choice').textContent).toBe('UTC');
    expect(closed).toBe(0);
    fireEvent.change(field, { target: { value: 'europe/berlin' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Show times in Europe/Berlin' }));
    expect(screen.getByTestId('choice').textContent).toBe('Europe/Berlin');
    expect(closed).toBe(1);
  });

  it('is reachable from the palette: UTC, this computer, or the dialog', async () => {
    const byId = (id: string) => actions.find((a) => a.id === id)!;
    let opened: string | null = null;
    const ctx = { openDialog: (d: string) => (opened = d) } as never;
    expect(byId('view.time-zone-local').title).toContain(localTimeZone());
    await byId('view.time-zone-local').run(ctx);
    expect(currentTimeZone()).toBe(localTimeZone());
    await byId('view.time-zone-utc').run(ctx);
    expect(currentTimeZone()).toBe('UTC');
    await byId('view.time-zone').run(ctx);
    expect(opened).toBe('time-zone');
  });
});
