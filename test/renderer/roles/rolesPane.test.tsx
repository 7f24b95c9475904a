// @vitest-environment node
// The role board against a REAL core on SQLite (not a fake): the renderer's API client is
// adapted onto the core (realApi.ts), so these tests exercise the whole stack minus HTTP.
import '../nodeDom';
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { RolesPane } from '../../../renderer/src/features/roles';
import type { TempCore } from '../../helpers/tempCore';
import { useFakeLayout } from '../layout';
import { rosterCore, useRealCores } from '../realApi';

// The roster list is virtualized: give its viewport a size, as a browser would.
useFakeLayout();
const real = useRealCores();
let core: TempCore;
const renderWithCore = (ui: Parameters<typeof real.render>[0]) => real.render(ui, core);

beforeEach(async () => {
  ({ core } = await rosterCore(real));
});

describe('role board', () => {
  it('assigns with the keyboard (pick up, place), refuses a second IC, and hands over with a pre-filled brief', async () => {
    const inc = await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
    renderWithCore(<RolesPane incidentId={inc.id} />);
    const dana = await screen.findByRole('button', { name: /^Dana Whitfield \(@dana\)/ });
    fireEvent.click(dana); // Space/Enter on a button is a click
    expect(dana.getAttribute('aria-pressed')).toBe('true');
    const ic = screen.getByRole('listitem', { name: /^Incident Commander: vacant/ });
    fireEvent.click(within(ic).getByRole('button', { name: 'Assign Dana Whitfield here' }));
    await screen.findByRole('listitem', { name: 'Incident Commander: Dana Whitfield' });
    expect((await core.invoke('roles:list', { incidentId: inc.id })).holders).toMatchObject([{ role: 'incident_commander', person: 'dana' }]);

    // With Dana holding IC, picking Lee offers every role but IC.
    fireEvent.click(screen.getByRole('button', { name: /^Lee Park \(@lee\)/ }));
    const icCard = screen.getByRole('listitem', { name: 'Incident Commander: Dana Whitfield' });
    expect(within(icCard).queryByRole('button', { name: /Assign/ })).toBeNull();
    expect(within(icCard).getByText('One IC at a time: use Hand over.')).toBeTruthy();
    fireEvent.click(within(screen.getByRole('listitem', { name: /^Scribe:/ })).getByRole('button', { name: 'Assign Lee Park here' }));
    await screen.findByRole('listitem', { name: 'Scribe: Lee Park' });

    fireEvent.click(within(icCard).getByRole('button', { name: 'Hand over…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Hand over Incident Command' });
    const situation = (await within(dialog).findByLabelText('Situation')) as HTMLTextAreaElement;
    expect(situation.value).toContain('SEV-1 “Checkout down”');
    expect((within(dialog).getByLabelText('Resources and roles') as HTMLTextAreaElement).value).toContain('Scribe: @lee');
    fireEvent.change(within(dialog).getByLabelText('New Incident Commander'), { target: { value: 'priya' } });
    fireEvent.change(within(dialog).getByLabelText('Objectives'), { target: { value: 'Restore checkout' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Commit handover' }));
    await screen.findByRole('listitem', { name: 'Incident Commander: Priya Raman' });
    const board = await core.invoke('roles:list', { incidentId: inc.id });
    expect(board.handovers).toMatchObject([{ from: 'dana', to: 'priya', brief: { objectives: 'Restore checkout' } }]);
  });

  it('assigns by drag and drop', async () => {
    const inc = await core.invoke('incidents:declare', { title: 'x', severity: 'SEV-3' });
    renderWithCore(<RolesPane incidentId={inc.id} />);
    const sam = await screen.findByRole('button', { name: /^Sam Okafor/ });
    const data = new Map<string, string>();
    const dataTransfer = { setData: (k: string, v: string) => data.set(k, v), getData: (k: string) => data.get(k) ?? '', effectAllowed: '', dropEffect: '' };
    fireEvent.dragStart(sam, { dataTransfer });
    const comms = screen.getByRole('listitem', { name: /^Communications Lead:/ });
    fireEvent.dragOver(comms, { dataTransfer });
    fireEvent.drop(comms, { dataTransfer });
    await screen.findByRole('listitem', { name: 'Communications Lead: Sam Okafor' });
  });
});
