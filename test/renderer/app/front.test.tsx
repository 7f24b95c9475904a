// @vitest-environment node
// The right incident in front: declaring brings the new incident to the header, the timeline and
// the composer, and a list refresh never moves the selection. The whole App on a real core.
import '../nodeDom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { DEFAULT_LAYOUT, dialogActions, layoutActions, paletteActions } from '../../../renderer/src/app/store';
import { incidentsUiActions } from '../../../renderer/src/features/incidents';
import { timelineUiActions } from '../../../renderer/src/features/timeline';
import { themeActions } from '../../../renderer/src/lib/theme';
import { toastActions } from '../../../renderer/src/lib/toasts';
import { useFakeLayout } from '../layout';
import { useRealCores } from '../realApi';

useFakeLayout();
const real = useRealCores();

beforeAll(() => {
  vi.stubGlobal('__APP_VERSION__', '0.1.0');
});
beforeEach(() => {
  localStorage.clear();
  themeActions.set('dark');
  incidentsUiActions.select(null);
  incidentsUiActions.setFilter({});
  dialogActions.close();
  paletteActions.close();
  toastActions.clear();
  layoutActions.reset(DEFAULT_LAYOUT.open);
  timelineUiActions.setFilter({ kinds: [], search: '', pinnedOnly: false });
});

const header = () => screen.getByRole('region', { name: /^Incident INC-/ });

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

describe('declaring with the demo loaded', () => {
  it('opens the new incident in the header, the timeline and the composer, and keeps it there', async () => {
    const core = await real.core();
    const demo = await core.invoke('demo:load', {});
    real.render(<App />, core);
    await waitFor(() => expect(within(header()).getByTestId('incident-human-id').textContent).toBe(demo.humanId));

    await declareFromTheKeyboard('Payments failing everywhere');
    const [declared] = (await core.invoke('incidents:list', {})).filter((i) => i.title === 'Payments failing everywhere');
    expect(declared).toBeTruthy();

    // Header, timeline and composer on the new incident, once the list has caught up and after.
    const list = screen.getByRole('navigation', { name: 'Incidents' });
    await waitFor(() => expect(within(list).getByRole('button', { name: new RegExp(`^${declared!.humanId} SEV-1`) })).toBeTruthy());
    await waitFor(() => expect(within(header()).getByTestId('incident-human-id').textContent).toBe(declared!.humanId));
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
    await waitFor(() => expect(within(header()).getByTestId('incident-human-id').textContent).toBeTruthy());
    act(() => incidentsUiActions.select(other.id));
    await waitFor(() => expect(within(header()).getByTestId('incident-human-id').textContent).toBe(other.humanId));
    // A stale list answer that lacks the open incident (as one fetched before it existed would).
    act(() => {
      for (const [key] of queryClient.getQueriesData({ queryKey: ['incidents', 'list'] })) queryClient.setQueryData(key, [demo]);
    });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(within(header()).getByTestId('incident-human-id').textContent).toBe(other.humanId);
  });

  it('falls back to the first incident when the saved one is gone (another data folder)', async () => {
    const core = await real.core();
    const demo = await core.invoke('demo:load', {});
    act(() => incidentsUiActions.select('01JZZZZZZZZZZZZZZZZZZZZZZZ'));
    real.render(<App />, core);
    await waitFor(() => expect(within(header()).getByTestId('incident-human-id').textContent).toBe(demo.humanId));
  });
});
