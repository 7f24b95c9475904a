import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/src/app/App';
import { DEFAULT_LAYOUT, useUi } from '../../renderer/src/app/store';
import { createFakeApi, makeEntries, makeIncident } from './fakeApi';
import { useFakeLayout } from './layout';
import { renderWithApi } from './render';

useFakeLayout();

beforeAll(() => {
  vi.stubGlobal('__APP_VERSION__', '0.1.0');
});
beforeEach(() => {
  localStorage.clear();
  useUi.setState({ theme: 'dark', selectedIncidentId: null, dialog: null, palette: null, toasts: [], layout: DEFAULT_LAYOUT, incidentFilter: {}, timelineFilter: { kinds: [], search: '', pinnedOnly: false } });
});
afterEach(cleanup);

const ctrlK = () => fireEvent.keyDown(window, { key: 'k', code: 'KeyK', ctrlKey: true });

describe('first start', () => {
  it('asks for a profile, then offers the demo and declaring', async () => {
    const fake = createFakeApi({ profile: null });
    renderWithApi(<App />, fake);
    const dialog = await screen.findByRole('dialog', { name: 'Welcome to Command Post' });
    // No way to dismiss the first-start dialog: every event needs an actor.
    expect(within(dialog).queryByRole('button', { name: /Close/ })).toBeNull();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Display name' }), { target: { value: 'Ada Lovelace' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Handle' }), { target: { value: 'Ada!' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(await within(dialog).findByText(/^Handle must be lower-case letters/)).toBeTruthy();
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Handle' }), { target: { value: 'ada' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    expect(screen.getByRole('heading', { name: 'No incidents yet' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load the demo incident' }));
    // The demo is an exercise and that must be unmistakable.
    expect(await screen.findByText(/EXERCISE — this is a drill/)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Demo: checkout 502s' })).toBeTruthy();
    expect(await screen.findByText('Entry number 5')).toBeTruthy();
  });
});

describe('war room', () => {
  function setup() {
    const inc = makeIncident({ title: '<img src=x onerror="window.__x=1">', severity: 'SEV-1' });
    const other = makeIncident({ title: 'Search latency', humanId: 'INC-2026-0002', severity: 'SEV-3' });
    const fake = createFakeApi({ incidents: [inc, other], entries: { [inc.id]: makeEntries(inc.id, 10), [other.id]: [] } });
    renderWithApi(<App />, fake);
    return { fake, inc, other };
  }

  it('shows the header with id, severity, status, mode and elapsed time; hostile titles stay text', async () => {
    setup();
    const header = await screen.findByRole('region', { name: 'Incident INC-2026-0001' });
    expect(within(header).getByRole('heading', { level: 1 }).textContent).toBe('<img src=x onerror="window.__x=1">');
    expect(header.querySelector('img')).toBeNull();
    expect(within(header).getByText('SEV-1')).toBeTruthy();
    expect(within(header).getByText('Investigating')).toBeTruthy();
    expect(within(header).getByText('REAL')).toBeTruthy();
    expect(within(header).getByLabelText(/^Elapsed \d\d:\d\d:\d\d$/)).toBeTruthy();
    // Status bar: connection, data path, pending sync, version.
    const status = screen.getByRole('contentinfo', { name: 'Status' });
    await waitFor(() => expect(status.textContent).toContain('/tmp/command-post-test'));
    expect(within(status).getByTestId('pending-sync').textContent).toBe('3');
    expect(status.textContent).toContain('Online');
    expect(status.textContent).toContain('v0.1.0');
  });

  it('Ctrl+K opens the palette and runs the chosen action', async () => {
    setup();
    await screen.findByRole('region', { name: 'Incident INC-2026-0001' });
    act(() => ctrlK());
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    const input = within(palette).getByRole('combobox');
    fireEvent.change(input, { target: { value: 'change severity' } });
    const item = await within(palette).findByRole('option', { name: /Change severity/ });
    fireEvent.click(item);
    const dialog = await screen.findByRole('dialog', { name: 'Change severity of INC-2026-0001' });
    fireEvent.click(within(dialog).getByRole('radio', { name: /^SEV-2/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set SEV-2' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const header = screen.getByRole('region', { name: 'Incident INC-2026-0001' });
    await waitFor(() => expect(within(header).getByText('SEV-2')).toBeTruthy());
  });

  it('switches incident from the palette', async () => {
    setup();
    await screen.findByRole('region', { name: 'Incident INC-2026-0001' });
    act(() => ctrlK());
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    fireEvent.change(within(palette).getByRole('combobox'), { target: { value: 'INC-2026-0002' } });
    fireEvent.click(await within(palette).findByRole('option', { name: /Search latency/ }));
    expect(await screen.findByRole('region', { name: 'Incident INC-2026-0002' })).toBeTruthy();
  });

  it('keyboard shortcuts run actions: D focuses the composer as a decision, Ctrl+Shift+D opens declare', async () => {
    setup();
    await screen.findByRole('region', { name: 'Incident INC-2026-0001' });
    act(() => {
      fireEvent.keyDown(document.body, { key: 'd', code: 'KeyD' });
    });
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-label') ?? (document.activeElement as HTMLTextAreaElement).placeholder).toMatch(/decision/i));
    act(() => {
      fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    });
    act(() => {
      fireEvent.keyDown(document.body, { key: 'D', code: 'KeyD', ctrlKey: true, shiftKey: true });
    });
    expect(await screen.findByRole('dialog', { name: 'Declare incident' })).toBeTruthy();
  });
});

describe('theme', () => {
  it('toggles between dark and light, applies it to <html> and remembers it', async () => {
    const fake = createFakeApi({ incidents: [] });
    renderWithApi(<App />, fake);
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    fireEvent.click(screen.getByRole('button', { name: 'Switch to light theme' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
    expect(JSON.parse(localStorage.getItem('commandpost.ui')!).state.theme).toBe('light');
    // The same action from the palette.
    act(() => ctrlK());
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    fireEvent.change(within(palette).getByRole('combobox'), { target: { value: 'theme' } });
    fireEvent.click(await within(palette).findByRole('option', { name: /Toggle dark \/ light theme/ }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
  });

  it('follows prefers-color-scheme at first start', async () => {
    vi.resetModules();
    localStorage.clear();
    const matchMedia = vi.fn((q: string) => ({ matches: q === '(prefers-color-scheme: light)', media: q, addEventListener() {}, removeEventListener() {} }));
    vi.stubGlobal('matchMedia', matchMedia);
    const fresh = await import('../../renderer/src/app/store');
    expect(fresh.useUi.getState().theme).toBe('light');
    vi.unstubAllGlobals();
    vi.stubGlobal('__APP_VERSION__', '0.1.0');
  });
});
