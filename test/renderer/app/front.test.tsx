// @vitest-environment node
// The right incident in front: declaring brings the new incident to the header, the timeline and
// the composer, and a list refresh never moves the selection. The whole App on a real core.
import '../nodeDom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { dialogActions } from '../../../renderer/src/app/store';
import { incidentsUiActions } from '../../../renderer/src/features/incidents';
import type { CommandName, CommandPostApi } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { useFreshAppShell } from '../appShell';
import { useFakeLayout } from '../layout';
import { rosterCore, useRealCores } from '../realApi';
import { renderWithApi } from '../render';

useFakeLayout();
const real = useRealCores();

useFreshAppShell();

// Plain DOM lookups where a test polls: role queries walk the whole war room on every poll, which
// is what made these waits miss on a loaded machine.
const header = () => {
  const el = document.querySelector<HTMLElement>('section.incident-header');
  if (!el) throw new Error('no incident header yet');
  return el;
};
const openIncident = () => document.querySelector('[data-testid="incident-human-id"]')?.textContent ?? null;
const openDialog = () => document.querySelector('[role="dialog"]');
async function waitForIncident(humanId: string) {
  await waitFor(() => expect(openIncident()).toBe(humanId));
}

async function declareFromTheKeyboard(title: string) {
  act(() => {
    fireEvent.keyDown(document.body, { key: 'D', code: 'KeyD', ctrlKey: true, shiftKey: true });
  });
  const dialog = await screen.findByRole('dialog', { name: 'Declare incident' });
  fireEvent.change(within(dialog).getByRole('textbox', { name: 'Title' }), { target: { value: title } });
  fireEvent.click(within(dialog).getByRole('radio', { name: /^SEV-1/ }));
  fireEvent.click(within(dialog).getByRole('button', { name: 'Declare incident' }));
  await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Declare incident' })).toBeNull());
}

/**
 * The page's link to the real core, with every call of one command first going through `before`:
 * a promise the test resolves later holds the answer back, a throw fails the call.
 */
function linkWith(core: Parameters<typeof real.api>[0], command: CommandName, before: () => Promise<void>) {
  const link = real.api(core);
  const api: CommandPostApi = {
    invoke: (async (name: CommandName, input: unknown) => {
      if (name === command) await before();
      return (link.invoke as (n: CommandName, i: unknown) => Promise<unknown>)(name, input);
    }) as CommandPostApi['invoke'],
    subscribe: link.subscribe,
  };
  return { link, api };
}

describe('declaring with the demo loaded', () => {
  it('opens the new incident in the header, the timeline and the composer, and keeps it there', async () => {
    const core = await real.core();
    const demo = await core.invoke('demo:load', {});
    real.render(<App />, core);
    await waitForIncident(demo.humanId);

    await declareFromTheKeyboard('Payments failing everywhere');
    const [declared] = (await core.invoke('incidents:list', {})).filter((i) => i.title === 'Payments failing everywhere');
    expect(declared).toBeTruthy();

    // Header, timeline and composer on the new incident, once the list has caught up and after.
    const list = screen.getByRole('navigation', { name: 'Incidents' });
    await waitFor(() => expect(within(list).getByRole('button', { name: new RegExp(`^${declared!.humanId} SEV-1`) })).toBeTruthy());
    await waitForIncident(declared!.humanId);
    expect(within(header()).getByRole('heading', { level: 1 }).textContent).toBe('Payments failing everywhere');
    await waitFor(() => expect(screen.getAllByTestId('timeline-row').some((r) => /Declared/.test(r.textContent ?? ''))).toBe(true));
    expect(screen.queryByText('Next update in 20 minutes. Scribe drafting the post-mortem skeleton.')).toBeNull();
    const composer = screen.getByRole('textbox', { name: /Note text/ });
    expect(composer.id).toBe(`composer-${declared!.id}`);
    await waitFor(() => expect(document.activeElement).toBe(composer));
    expect(within(list).getByRole('button', { name: new RegExp(`^${declared!.humanId}`) }).getAttribute('aria-current')).toBe('true');
  });

  it('never jumps to another incident because the list refreshed without the open one', async () => {
    const core = await real.core();
    const demo = await core.invoke('demo:load', {});
    const other = await core.invoke('incidents:declare', { title: 'Search latency', severity: 'SEV-3' });
    const { queryClient } = real.render(<App />, core);
    await waitFor(() => expect(openIncident()).toBeTruthy());
    act(() => incidentsUiActions.select(other.id));
    await waitForIncident(other.humanId);
    // A stale list answer that lacks the open incident (as one fetched before it existed would).
    act(() => {
      for (const [key] of queryClient.getQueriesData({ queryKey: ['incidents', 'list'] })) queryClient.setQueryData(key, [demo]);
    });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(openIncident()).toBe(other.humanId);
  });

  it('falls back to the first incident when the saved one is gone (another data folder)', async () => {
    const core = await real.core();
    const demo = await core.invoke('demo:load', {});
    act(() => incidentsUiActions.select('01JZZZZZZZZZZZZZZZZZZZZZZZ'));
    real.render(<App />, core);
    await waitForIncident(demo.humanId);
  });
});

describe('who is in command', () => {
  it('the header names the Incident Commander and the comms lead from the role board', async () => {
    const { core } = await rosterCore(real);
    const inc = await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
    await core.invoke('roles:assign', { incidentId: inc.id, role: 'incident_commander', person: 'dana' });
    await core.invoke('roles:assign', { incidentId: inc.id, role: 'comms_lead', person: 'sam' });
    real.render(<App />, core);
    await waitFor(() => expect(within(header()).getByTestId('header-ic').textContent).toBe('ICDana Whitfield'));
    expect(within(header()).getByTestId('header-comms').textContent).toBe('CommsSam Okafor');
    // The handles are there for whoever needs them (hover, screen readers read the title).
    expect(within(header()).getByTestId('header-ic').getAttribute('title')).toBe('Incident Commander: Dana Whitfield (@dana)');
    expect(within(header()).getByTestId('header-comms').getAttribute('title')).toBe('Communications Lead: Sam Okafor (@sam)');
    // A handover made elsewhere shows at once.
    await core.invoke('roles:handover', { incidentId: inc.id, to: 'lee', brief: { situation: 'Rolling back', objectives: '', currentActions: '', resources: '', openAsks: '' } });
    await waitFor(() => expect(within(header()).getByTestId('header-ic').textContent).toBe('ICLee Park'));
  });

  it('with no IC the header offers "take command", which makes the person at the console IC', async () => {
    const { core } = await rosterCore(real);
    const inc = await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
    real.render(<App />, core);
    await waitForIncident(inc.humanId);
    const take = await within(header()).findByRole('button', { name: 'No IC — take command' });
    expect(within(header()).getByTestId('header-comms').textContent).toBe('Commsno comms lead');
    fireEvent.click(take);
    await waitFor(() => expect(within(header()).getByTestId('header-ic').textContent).toBe('ICTest Commander'));
    const board = await core.invoke('roles:list', { incidentId: inc.id });
    expect(board.holders.map((h) => [h.role, h.person])).toEqual([['incident_commander', 'tester']]);
  });

  it('declaring from the app makes the declarer IC and says so', async () => {
    const core = await real.core();
    await core.invoke('demo:load', {});
    real.render(<App />, core);
    await waitFor(() => expect(openIncident()).toBeTruthy());
    await declareFromTheKeyboard('Queue backlog');
    await waitFor(() => expect(within(header()).getByRole('heading', { level: 1 }).textContent).toBe('Queue backlog'));
    await waitFor(() => expect(within(header()).getByTestId('header-ic').textContent).toBe('ICTest Commander'));
    await waitFor(() => expect(screen.getByText(/^Declared INC-\d{4}-\d{4} at SEV-1\. You are the Incident Commander\.$/)).toBeTruthy());
  });
});

describe('declaring while taking command is still on its way', () => {
  it('closes the dialog at once: the first entry typed goes on the timeline, then the declarer is IC', async () => {
    const core = await real.core();
    await core.invoke('demo:load', {});
    // The real core answers; this page's link holds roles:assign back until the test lets it go.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const { link, api } = linkWith(core, 'roles:assign', () => held);
    renderWithApi(<App />, api);
    await waitFor(() => expect(openIncident()).toBeTruthy());
    // The declare dialog goes as soon as the incident exists, and the composer has the keyboard.
    await declareFromTheKeyboard('Search results empty');
    const [inc] = (await core.invoke('incidents:list', {})).filter((i) => i.title === 'Search results empty');
    await waitForIncident(inc!.humanId);
    await waitFor(() => expect(document.activeElement?.classList.contains('composer-input')).toBe(true));
    const composer = document.activeElement as HTMLTextAreaElement;
    fireEvent.change(composer, { target: { value: 'Rolling back the search indexer' } });
    fireEvent.keyDown(composer, { key: 'Enter', code: 'Enter' });
    await waitFor(async () => expect((await core.invoke('timeline:list', { incidentId: inc!.id })).entries.map((e) => e.text)).toContain('Rolling back the search indexer'));
    expect((await core.invoke('roles:list', { incidentId: inc!.id })).holders).toEqual([]);
    // Command is taken once the answer arrives, and the toast says so.
    await act(async () => {
      release();
      await link.idle();
    });
    await waitFor(() => expect(within(header()).getByTestId('header-ic').textContent).toBe('ICTest Commander'));
    await waitFor(() => expect(screen.getByText(`Declared ${inc!.humanId} at SEV-1. You are the Incident Commander.`)).toBeTruthy());
  });

  it('says so when taking command fails, and the incident stays declared and in front', async () => {
    const core = await real.core();
    await core.invoke('demo:load', {});
    const { api } = linkWith(core, 'roles:assign', () => Promise.reject(new AppError('conflict', 'someone else took command a moment ago')));
    renderWithApi(<App />, api);
    await waitFor(() => expect(openIncident()).toBeTruthy());
    await declareFromTheKeyboard('Login loops');
    const [inc] = (await core.invoke('incidents:list', {})).filter((i) => i.title === 'Login loops');
    await waitForIncident(inc!.humanId);
    await waitFor(() => expect(screen.getByText(`${inc!.humanId} has no Incident Commander yet: someone else took command a moment ago`)).toBeTruthy());
    expect(screen.getByText(`Declared ${inc!.humanId} at SEV-1.`)).toBeTruthy();
  });
});

describe('resolving asks for the missing milestones', () => {
  async function openResolve() {
    const core = await real.core();
    const inc = await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-2' });
    real.render(<App />, core);
    await waitForIncident(inc.humanId);
    act(() => dialogActions.open('resolve'));
    const dialog = await screen.findByRole('dialog', { name: `Change status of ${inc.humanId}` });
    expect((within(dialog).getByRole('radio', { name: 'Resolved' }) as HTMLInputElement).checked).toBe(true);
    return { core, inc, dialog };
  }

  it('records them now, then resolves', async () => {
    const { core, inc, dialog } = await openResolve();
    const group = within(dialog).getByRole('group', { name: 'Missing milestones' });
    // Detected is set at declaration; acknowledged and mitigated are not.
    expect(group.textContent).toContain('Not recorded yet: acknowledged, mitigated.');
    expect(within(group).getByRole('group', { name: 'Acknowledged at' })).toBeTruthy();
    expect(within(group).getByRole('group', { name: 'Mitigated at' })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record all 2 and set Resolved' }));
    await waitFor(() => expect(openDialog()).toBeNull());
    const after = await core.invoke('incidents:get', { id: inc.id });
    expect(after.status).toBe('resolved');
    expect(Object.keys(after.milestones).sort()).toEqual(['acknowledged', 'declared', 'detected', 'mitigated', 'resolved']);
  });

  it('or resolves anyway, but only with a reason, which goes on the timeline', async () => {
    const { core, inc, dialog } = await openResolve();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Resolved anyway, with a reason' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set Resolved without them' }));
    const reason = within(dialog).getByRole('textbox', { name: 'Why are they missing?' });
    await waitFor(() => expect(reason.getAttribute('aria-invalid')).toBe('true'));
    expect((await core.invoke('incidents:get', { id: inc.id })).status).toBe('investigating');
    // The error goes as soon as the field is fixed.
    fireEvent.change(reason, { target: { value: 'Found by a customer report' } });
    expect(reason.getAttribute('aria-invalid')).toBe('false');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set Resolved without them' }));
    await waitFor(() => expect(openDialog()).toBeNull());
    const after = await core.invoke('incidents:get', { id: inc.id });
    expect(after.status).toBe('resolved');
    expect(after.milestones.acknowledged).toBeUndefined();
    const entries = (await core.invoke('timeline:list', { incidentId: inc.id, kinds: ['status_change'] })).entries;
    expect(entries[0]!.text).toBe('Status investigating → resolved: Without milestones acknowledged, mitigated: Found by a customer report');
  });

  it('asks nothing when every milestone is there', async () => {
    const core = await real.core();
    const inc = await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-2' });
    await core.invoke('incidents:milestone', { id: inc.id, milestone: 'acknowledged' });
    await core.invoke('incidents:milestone', { id: inc.id, milestone: 'mitigated' });
    real.render(<App />, core);
    await waitForIncident(inc.humanId);
    act(() => dialogActions.open('resolve'));
    const dialog = await screen.findByRole('dialog', { name: `Change status of ${inc.humanId}` });
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Set Resolved' })).toBeTruthy());
    expect(within(dialog).queryByRole('group', { name: 'Missing milestones' })).toBeNull();
  });
});

describe('command palette', () => {
  async function openPalette() {
    const core = await real.core();
    const inc = await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
    for (let i = 1; i <= 30; i++) await core.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: `Entry ${i}` });
    const rendered = real.render(<App />, core);
    await waitForIncident(inc.humanId);
    act(() => {
      fireEvent.keyDown(window, { key: 'k', code: 'KeyK', ctrlKey: true });
    });
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    return { core, inc, palette, ...rendered };
  }
  const options = (palette: HTMLElement) => within(palette).queryAllByRole('option').map((o) => o.textContent ?? '');

  it('"resolve" lists the resolve action first, then only related ones; Enter opens the resolve dialog', async () => {
    const { inc, palette } = await openPalette();
    fireEvent.change(within(palette).getByRole('combobox'), { target: { value: 'resolve' } });
    await waitFor(() => expect(options(palette)).toEqual(['Resolve incident…', 'Change status…Ctrl+Shift+U', 'Record milestone…Ctrl+Shift+M']));
    expect(within(palette).getAllByRole('option')[0]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(within(palette).getByRole('combobox'), { key: 'Enter' });
    const dialog = await screen.findByRole('dialog', { name: `Change status of ${inc.humanId}` });
    expect((within(dialog).getByRole('radio', { name: 'Resolved' }) as HTMLInputElement).checked).toBe(true);
  });

  it('has post update, page/escalate and export timeline', async () => {
    const { palette } = await openPalette();
    const input = within(palette).getByRole('combobox');
    for (const [typed, first] of [
      ['post update', 'Post a status update…'],
      ['page', 'Page / escalate…'],
      ['export timeline', 'Export timeline as Markdown'],
    ] as const) {
      fireEvent.change(input, { target: { value: typed } });
      await waitFor(() => expect(options(palette)[0], typed).toBe(first));
    }
  });

  it('"Focus timeline" lands on the newest entry', async () => {
    const { palette } = await openPalette();
    fireEvent.change(within(palette).getByRole('combobox'), { target: { value: 'focus timeline' } });
    await waitFor(() => expect(options(palette)[0]).toBe('Focus timelineT'));
    fireEvent.keyDown(within(palette).getByRole('combobox'), { key: 'Enter' });
    await waitFor(() => expect(document.activeElement?.getAttribute('data-testid')).toBe('timeline-row'));
    expect(document.activeElement?.textContent).toContain('Entry 30');
    expect(document.activeElement?.getAttribute('aria-posinset')).toBe('1');
  });
});

describe('an action that finishes late', () => {
  it('does not close the palette the user opened in the meantime', async () => {
    const core = await real.core();
    const inc = await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
    // The real core answers; this page's link holds one answer back until the test lets it go.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const { link, api } = linkWith(core, 'integrations:list', () => held);
    renderWithApi(<App />, api);
    await waitForIncident(inc.humanId);
    act(() => {
      fireEvent.keyDown(window, { key: 'k', code: 'KeyK', ctrlKey: true });
    });
    let palette = await screen.findByRole('dialog', { name: 'Command palette' });
    fireEvent.change(within(palette).getByRole('combobox'), { target: { value: 'page' } });
    await waitFor(() => expect(within(palette).getAllByRole('option')[0]!.textContent).toBe('Page / escalate…'));
    fireEvent.keyDown(within(palette).getByRole('combobox'), { key: 'Enter' });
    await waitFor(() => expect(openDialog()).toBeNull());
    // The commander moves on before the answer is back.
    act(() => {
      fireEvent.keyDown(window, { key: 'k', code: 'KeyK', ctrlKey: true });
    });
    palette = await screen.findByRole('dialog', { name: 'Command palette' });
    await act(async () => {
      release();
      await link.idle();
    });
    await waitFor(() => expect(screen.getByText(/No paging integration is set up/)).toBeTruthy());
    expect(screen.getByRole('dialog', { name: 'Command palette' })).toBe(palette);
  });
});
