// @vitest-environment node
// The war room panes against a REAL core on SQLite (not a fake): the renderer's API client is
// adapted onto the core (realApi.ts), so these tests exercise the whole stack minus HTTP.
import '../nodeDom';
import fs from 'node:fs';
import path from 'node:path';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { RolesPane } from '../../../renderer/src/features/roles';
import { OverdueAsksBadge, TimeboxBanner, TimersPane } from '../../../renderer/src/features/timers';
import { DepMapPane } from '../../../renderer/src/features/depmap';
import { fakeClock, type TempCore } from '../../helpers/tempCore';
import { useRealCores } from '../realApi';

const ROOT = path.resolve(__dirname, '../../..');
const ROSTER = fs.readFileSync(path.join(ROOT, 'resources/catalogs/roster.csv'), 'utf8');
const CATALOG = fs.readFileSync(path.join(ROOT, 'resources/catalogs/catalog-info.yaml'), 'utf8');

const real = useRealCores();
let core: TempCore;
let clock: ReturnType<typeof fakeClock>;
const renderWithCore = (ui: Parameters<typeof real.render>[0]) => real.render(ui, core);

beforeEach(async () => {
  clock = fakeClock();
  core = await real.core({ now: clock.now });
  await core.invoke('roster:import', { format: 'csv', content: ROSTER });
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

describe('dependency map', () => {
  it('imports from the dialog, naming the document and line of a bad file, then shows the catalog', async () => {
    const inc = await core.invoke('incidents:declare', { title: 'Payments', severity: 'SEV-1' });
    renderWithCore(<DepMapPane incidentId={inc.id} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Import a catalog…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import service catalog' });
    const text = within(dialog).getByLabelText('Or paste the content');
    fireEvent.change(text, { target: { value: CATALOG.replace('    - component:default/api-gateway\n    - resource:default/cdn', '    - [unclosed') } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    const err = await within(dialog).findByTestId('catalog-import-error');
    expect(err.textContent).toMatch(/document 3, line \d+: YAML syntax error/);
    expect((await core.invoke('catalog:graph', {})).services).toHaveLength(0);
    fireEvent.change(text, { target: { value: CATALOG } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    const ok = await within(dialog).findByTestId('catalog-import-result');
    expect(ok.textContent).toContain('Imported 23 services');
    expect(ok.textContent).toContain('3 unknown references');
    expect(ok.textContent).toContain('1 dependency cycle');
  });
});
