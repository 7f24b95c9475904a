// @vitest-environment node
// The whole App against a real core (realApi.ts): first start, the war room, the palette, theme.
import '../nodeDom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { fakeClock } from '../../helpers/tempCore';
import { useFreshAppShell } from '../appShell';
import { useFakeLayout } from '../layout';
import { useRealCores } from '../realApi';

useFakeLayout();
const real = useRealCores();
const KINDS = ['note', 'decision', 'action'] as const;

useFreshAppShell();

const ctrlK = () => fireEvent.keyDown(window, { key: 'k', code: 'KeyK', ctrlKey: true });

describe('first start', () => {
  it('asks for a profile, then offers the demo and declaring', async () => {
    const core = await real.core({ profile: false });
    real.render(<App />, core);
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
    // The shipped demo script (resources/demo/incident.json): its title and its newest entry.
    expect(screen.getByRole('heading', { level: 1, name: 'Checkout API returning 502s in eu-west-1' })).toBeTruthy();
    expect(await screen.findByText('Next update in 20 minutes. Scribe drafting the post-mortem skeleton.')).toBeTruthy();
    expect(await core.invoke('profile:get', {})).toMatchObject({ displayName: 'Ada Lovelace', handle: 'ada' });
  });
});

describe('war room', () => {
  /**
   * Two incidents; the hostile one is declared last, so it is the most recently active and opens
   * first. With `outbox`, a webhook integration (its secret in the passphrase key store) routes each
   * declaration; the sync engine is not started, so the items stay pending.
   */
  async function setup(opts: { outbox?: boolean } = {}) {
    const clock = fakeClock(Date.now() - 10 * 60_000);
    const core = await real.core({ now: clock.now, sync: { start: false }, vault: !!opts.outbox });
    if (opts.outbox) {
      await core.invoke('integrations:configure', {
        kind: 'webhook',
        name: 'ops-webhook',
        baseUrl: 'http://127.0.0.1:9/',
        settings: {},
        secret: 'webhook signing secret',
        routing: { onDeclare: true, onSeverityChange: false, onStatusChange: false, onTimeline: false, onResolve: false },
      });
    }
    const other = await core.invoke('incidents:declare', { title: 'Search latency', severity: 'SEV-3' });
    clock.advance(60_000);
    const inc = await core.invoke('incidents:declare', { title: '<img src=x onerror="window.__x=1">', severity: 'SEV-1' });
    for (let i = 0; i < 10; i++) await core.invoke('timeline:append', { incidentId: inc.id, kind: KINDS[i % 3]!, text: `Entry number ${i + 1}` });
    real.render(<App />, core);
    return { core, inc, other };
  }

  it('shows the header with id, severity, status, mode and elapsed time; hostile titles stay text', async () => {
    const { core, inc } = await setup({ outbox: true });
    const header = await screen.findByRole('region', { name: `Incident ${inc.humanId}` });
    expect(within(header).getByRole('heading', { level: 1 }).textContent).toBe('<img src=x onerror="window.__x=1">');
    expect(header.querySelector('img')).toBeNull();
    expect(within(header).getByText('SEV-1')).toBeTruthy();
    expect(within(header).getByText('Investigating')).toBeTruthy();
    expect(within(header).getByText('REAL')).toBeTruthy();
    expect(within(header).getByLabelText(/^Elapsed \d\d:\d\d:\d\d$/)).toBeTruthy();
    // Status bar: connection, data path, pending sync, version.
    const status = screen.getByRole('contentinfo', { name: 'Status' });
    await waitFor(() => expect(status.textContent).toContain(core.dataDir));
    // One outbox item per declaration, read from the core's outbox.
    await waitFor(() => expect(within(status).getByTestId('pending-sync').textContent).toBe('2'));
    expect((await core.invoke('sync:status', {})).pending).toBe(2);
    expect(status.textContent).toContain('Online');
    expect(status.textContent).toContain('v0.1.0');
  });

  it('Ctrl+K opens the palette and runs the chosen action', async () => {
    const { core, inc } = await setup();
    await screen.findByRole('region', { name: `Incident ${inc.humanId}` });
    act(() => ctrlK());
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    const input = within(palette).getByRole('combobox');
    fireEvent.change(input, { target: { value: 'change severity' } });
    const item = await within(palette).findByRole('option', { name: /Change severity/ });
    fireEvent.click(item);
    const dialog = await screen.findByRole('dialog', { name: `Change severity of ${inc.humanId}` });
    fireEvent.click(within(dialog).getByRole('radio', { name: /^SEV-2/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Set SEV-2' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const header = screen.getByRole('region', { name: `Incident ${inc.humanId}` });
    await waitFor(() => expect(within(header).getByText('SEV-2')).toBeTruthy());
    expect((await core.invoke('incidents:get', { id: inc.id })).severity).toBe('SEV-2');
  });

  it('switches incident from the palette', async () => {
    const { inc, other } = await setup();
    await screen.findByRole('region', { name: `Incident ${inc.humanId}` });
    act(() => ctrlK());
    const palette = await screen.findByRole('dialog', { name: 'Command palette' });
    fireEvent.change(within(palette).getByRole('combobox'), { target: { value: other.humanId } });
    fireEvent.click(await within(palette).findByRole('option', { name: /Search latency/ }));
    expect(await screen.findByRole('region', { name: `Incident ${other.humanId}` })).toBeTruthy();
  });

  it('keyboard shortcuts run actions: D focuses the composer as a decision, Ctrl+Shift+D opens declare', async () => {
    const { inc } = await setup();
    await screen.findByRole('region', { name: `Incident ${inc.humanId}` });
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
    real.render(<App />, await real.core());
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
    // The store asks window.matchMedia (happy-dom's window, see nodeDom.ts).
    const spy = vi.spyOn(window, 'matchMedia').mockImplementation(matchMedia as never);
    try {
      const fresh = await import('../../../renderer/src/lib/theme');
      expect(fresh.currentTheme()).toBe('light');
    } finally {
      spy.mockRestore();
    }
  });
});
