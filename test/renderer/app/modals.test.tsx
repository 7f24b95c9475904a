// @vitest-environment node
// Every dialog of the window, the shell's and the features' own, holds the keyboard while open:
// focus is inside it, a shortcut pressed behind it (or after the focused control went away) does
// nothing, Escape closes the top one. The whole App on a real core with the sample roster.
import '../nodeDom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { dialogActions } from '../../../renderer/src/app/store';
import { timelineUiActions } from '../../../renderer/src/features/timeline';
import { modalStack } from '../../../renderer/src/lib/modalStack';
import { useFreshAppShell } from '../appShell';
import { useFakeLayout } from '../layout';
import { rosterCore, useRealCores } from '../realApi';

useFakeLayout();
const real = useRealCores();

useFreshAppShell();
beforeEach(() => {
  timelineUiActions.setComposerKind('note');
});

/** The composer may be unmounted (its pane behind another tab): what counts is whether it has the keyboard. */
const inComposer = () => !!document.activeElement?.classList.contains('composer-input');

const key = (target: Element | Window, init: KeyboardEventInit) =>
  act(() => {
    fireEvent.keyDown(target, init);
  });

async function fromPalette(title: string): Promise<void> {
  key(window, { key: 'k', code: 'KeyK', ctrlKey: true });
  const palette = await screen.findByRole('dialog', { name: 'Command palette' });
  fireEvent.change(within(palette).getByRole('combobox'), { target: { value: title } });
  fireEvent.click(await within(palette).findByRole('option', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`) }));
  await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull());
}

async function setup() {
  const { core } = await rosterCore(real);
  const inc = await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-2' });
  await core.invoke('timers:start', { incidentId: inc.id, kind: 'diagnosis', label: 'Bad deploy', minutes: 15 });
  real.render(<App />, core);
  await screen.findByRole('region', { name: `Incident ${inc.humanId}` });
  return { core, inc };
}

/** How each dialog is reached, as a user would: a shortcut, the palette or a button in a pane. */
const DIALOGS: Array<{ name: string | RegExp; open: (humanId: string) => Promise<void> }> = [
  { name: 'Command palette', open: async () => key(window, { key: 'k', code: 'KeyK', ctrlKey: true }) },
  { name: 'Declare incident', open: async () => key(document.body, { key: 'D', code: 'KeyD', ctrlKey: true, shiftKey: true }) },
  { name: /^Change severity of/, open: () => fromPalette('Change severity') },
  { name: /^Change status of/, open: () => fromPalette('Change status') },
  { name: /^Record milestone for/, open: () => fromPalette('Record milestone') },
  { name: 'Keyboard shortcuts', open: async () => key(document.body, { key: '?', code: 'Slash', shiftKey: true }) },
  { name: 'Your profile', open: () => fromPalette('Edit my profile') },
  { name: 'People roster', open: () => fromPalette('Edit or import the people roster') },
  { name: 'Hand over Incident Command', open: () => fromPalette('Hand over Incident Command') },
  { name: 'Import service catalog', open: () => fromPalette('Import a service catalog') },
  { name: 'Cadence policy', open: () => fromPalette('Edit the cadence policy') },
  { name: 'Time zone', open: () => fromPalette('Choose time zone') },
  {
    name: 'Decide on “Bad deploy”',
    open: async () => {
      await fromPalette('Open Time-boxes pane');
      fireEvent.click(await screen.findByRole('button', { name: 'Decide…' }));
    },
  },
];

describe('every dialog holds the keyboard', () => {
  it.each(DIALOGS.map((d) => [String(d.name), d] as const))('%s: focus inside, no shortcut behind it, Escape closes it', async (_name, d) => {
    await setup();
    await d.open('');
    const dialog = await screen.findByRole('dialog', { name: d.name });
    await waitFor(() => expect(dialog.contains(document.activeElement), 'focus inside').toBe(true));
    // The focused control goes away (a tab switch, a saved form): focus falls to the page.
    (document.activeElement as HTMLElement).blur();
    expect(document.activeElement).toBe(document.body);
    key(document.body, { key: 'n', code: 'KeyN' });
    key(document.body, { key: 'd', code: 'KeyD' });
    expect(inComposer(), 'N behind the dialog').toBe(false);
    expect(screen.getByRole('dialog', { name: d.name })).toBe(dialog);
    // Focus came back to the dialog instead.
    expect(dialog.contains(document.activeElement), 'focus back in the dialog').toBe(true);
    expect(modalStack.depth()).toBe(1);
    key(document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: d.name }), 'Esc closes it').toBeNull());
    expect(modalStack.depth()).toBe(0);
    // With the dialog closed the shortcuts work again (N brings the timeline forward if another pane hid it).
    key(document.body, { key: 'n', code: 'KeyN' });
    await waitFor(() => expect(inComposer()).toBe(true));
  });

  it('the roster import: import, then N does not reach the composer, Esc closes, then N does', async () => {
    const { core } = await setup();
    await fromPalette('Edit or import the people roster');
    const dialog = await screen.findByRole('dialog', { name: 'People roster' });
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Import CSV / JSON' }));
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: 'name,handle,team\nKim Lee,kim,SRE' } });
    const importButton = within(dialog).getByRole('button', { name: 'Import' });
    importButton.focus();
    fireEvent.click(importButton);
    await waitFor(() => expect(within(dialog).getByRole('tab', { name: /People \(\d+\)/ }).getAttribute('aria-selected')).toBe('true'));
    expect((await core.invoke('roster:list', {})).some((p) => p.handle === 'kim')).toBe(true);
    key(document.activeElement ?? document.body, { key: 'n', code: 'KeyN' });
    expect(inComposer()).toBe(false);
    expect(screen.getByRole('dialog', { name: 'People roster' })).toBe(dialog);
    key(document.activeElement ?? document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'People roster' })).toBeNull());
    key(document.body, { key: 'n', code: 'KeyN' });
    await waitFor(() => expect(inComposer()).toBe(true));
  });

  it('Escape closes only the top dialog of two', async () => {
    await setup();
    await fromPalette('Hand over Incident Command');
    const handover = await screen.findByRole('dialog', { name: 'Hand over Incident Command' });
    // A dialog opened over it (the shell's shortcuts dialog, asked for by an action).
    act(() => dialogActions.open('shortcuts'));
    await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(modalStack.depth()).toBe(2);
    key(document.activeElement ?? document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull());
    expect(screen.getByRole('dialog', { name: 'Hand over Incident Command' })).toBe(handover);
    key(document.activeElement ?? document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Hand over Incident Command' })).toBeNull());
  });
});
