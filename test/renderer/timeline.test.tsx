import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { useUi } from '../../renderer/src/app/store';
import { TimelineList, TimelinePane } from '../../renderer/src/features/timeline';
import { createFakeApi, makeEntries, makeIncident } from './fakeApi';
import { useFakeLayout } from './layout';
import { renderWithApi } from './render';

const VIEWPORT = { width: 900, height: 760 };
useFakeLayout(VIEWPORT);

beforeEach(() => {
  useUi.setState({ timelineFilter: { kinds: [], search: '', pinnedOnly: false }, composerKind: 'note', focusRequest: null });
});
afterEach(cleanup);

describe('timeline virtualization', () => {
  it('renders only a window of rows for a 50,000-entry incident and fetches pages on demand', async () => {
    const inc = makeIncident();
    const fake = createFakeApi({ incidents: [inc], entries: { [inc.id]: makeEntries(inc.id, 50_000) } });
    renderWithApi(<TimelineList incidentId={inc.id} initialRect={VIEWPORT} />, fake);

    await screen.findByText('50,000 entries');
    const rows = await screen.findAllByTestId('timeline-row');
    // 760 px / 60 px per row + overscan: a few dozen at most, never 50,000.
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(document.querySelectorAll('[data-index]').length).toBeLessThan(40);
    // Newest first.
    expect(within(rows[0]!).getByText('Entry number 50000')).toBeTruthy();
    expect(rows[0]!.getAttribute('aria-setsize')).toBe('50000');
    // Only the first page was fetched (200 of 50,000).
    const lists = fake.calls.filter((c) => c.name === 'timeline:list');
    expect(lists).toHaveLength(1);
    expect(lists[0]!.input).toMatchObject({ incidentId: inc.id, limit: 200 });
    // The scroll container reserves room for every entry so the scrollbar is honest.
    const inner = screen.getByTestId('timeline-scroll').firstElementChild as HTMLElement;
    expect(parseInt(inner.style.height, 10)).toBeGreaterThan(50_000 * 50);
  });

  it('walks older pages with the nextBefore cursor as the keyboard moves down', async () => {
    const inc = makeIncident();
    const fake = createFakeApi({ incidents: [inc], entries: { [inc.id]: makeEntries(inc.id, 50_000) } });
    renderWithApi(<TimelineList incidentId={inc.id} initialRect={VIEWPORT} />, fake);
    await screen.findByText('Entry number 50000');
    const scroll = screen.getByTestId('timeline-scroll');
    // Scroll to the oldest entry; pages load towards it through the cursor.
    act(() => {
      scroll.scrollTop = 50_000 * 60 - 760;
      fireEvent.scroll(scroll);
    });
    await waitFor(() => expect(fake.calls.filter((c) => c.name === 'timeline:list').length).toBeGreaterThan(1));
    const second = fake.calls.filter((c) => c.name === 'timeline:list')[1]!.input as { before: number };
    expect(second.before).toBe(50_000 - 200 + 1);
  });

  it('renders hostile text inert', async () => {
    const inc = makeIncident();
    const entries = makeEntries(inc.id, 1);
    entries[0]!.text = '<img src=x onerror="window.__x=1"><script>window.__x=2</script>';
    const fake = createFakeApi({ incidents: [inc], entries: { [inc.id]: entries } });
    renderWithApi(<TimelineList incidentId={inc.id} initialRect={VIEWPORT} />, fake);
    const row = await screen.findByTestId('timeline-row');
    expect(row.textContent).toContain('<img src=x onerror="window.__x=1">');
    expect(row.querySelector('img')).toBeNull();
    expect(row.querySelector('script')).toBeNull();
  });
});

describe('timeline pane', () => {
  it('adds entries from the keyboard: Alt+D switches kind, Shift+Enter is a newline, Enter submits', async () => {
    const inc = makeIncident();
    const fake = createFakeApi({ incidents: [inc], entries: { [inc.id]: [] } });
    renderWithApi(<TimelinePane incidentId={inc.id} />, fake);
    const box = screen.getByRole('textbox', { name: 'Note text' });
    fireEvent.keyDown(box, { key: 'd', code: 'KeyD', altKey: true });
    expect(screen.getByRole('textbox', { name: 'Decision text' })).toBe(box);
    fireEvent.change(box, { target: { value: 'Roll back' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(fake.calls.some((c) => c.name === 'timeline:append')).toBe(false);
    fireEvent.change(box, { target: { value: 'Roll back\npayments-gateway' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(fake.entries.get(inc.id)).toHaveLength(1));
    expect(fake.entries.get(inc.id)![0]).toMatchObject({ kind: 'decision', text: 'Roll back\npayments-gateway' });
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(''));
    // The new entry appears through the db:changed invalidation, even though the append raced the
    // first page's fetch.
    expect(await screen.findByText(/Roll back/, { selector: 'p' })).toBeTruthy();
  });

  it('shows a blank entry rejected by the backend next to the composer', async () => {
    const inc = makeIncident();
    const fake = createFakeApi({ incidents: [inc], entries: { [inc.id]: [] } });
    renderWithApi(<TimelinePane incidentId={inc.id} />, fake);
    const box = screen.getByRole('textbox', { name: 'Note text' });
    fireEvent.change(box, { target: { value: '   ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Not added: Invalid input for timeline:append: text must not be blank/);
  });

  it('pins, corrects with history, and filters by kind', async () => {
    const inc = makeIncident();
    const fake = createFakeApi({ incidents: [inc], entries: { [inc.id]: makeEntries(inc.id, 3) } });
    renderWithApi(<TimelinePane incidentId={inc.id} />, fake);
    const row = (await screen.findByText('Entry number 3')).closest('article')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Pin entry' }));
    await waitFor(() => expect(within(screen.getByText('Entry number 3').closest('article')!).getByText('PINNED')).toBeTruthy());

    fireEvent.click(within(screen.getByText('Entry number 3').closest('article')!).getByRole('button', { name: 'Correct entry' }));
    const editor = screen.getByRole('textbox', { name: 'Correct the entry' });
    fireEvent.change(editor, { target: { value: 'Entry number 3, corrected' } });
    fireEvent.keyDown(editor, { key: 'Enter' });
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Correct the entry' })).toBeNull());
    const corrected = (await screen.findByText('Entry number 3, corrected', { selector: 'p' })).closest('article')!;
    fireEvent.click(within(corrected).getByRole('button', { name: /edited/ }));
    const history = await within(corrected).findByRole('list', { name: 'Versions, oldest first' });
    expect(history.textContent).toContain('Entry number 3');
    expect(history.textContent).toContain('Correction 1');

    // Entry 3 is an action (index 2 of note/decision/action): filter to decisions only.
    fireEvent.click(screen.getByRole('button', { name: /Decision/, pressed: false }));
    await waitFor(() => expect(screen.queryByText('Entry number 3, corrected')).toBeNull());
    expect(await screen.findByText('Entry number 2')).toBeTruthy();
    expect(fake.calls.filter((c) => c.name === 'timeline:list').pop()!.input).toMatchObject({ kinds: ['decision'] });
  });
});

describe('composer while saving', () => {
  it('keeps what is typed while the previous entry is being saved, and restores a failed entry', async () => {
    const inc = makeIncident();
    const fake = createFakeApi({ incidents: [inc], entries: { [inc.id]: [] } });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    fake.override('timeline:append', async () => {
      await gate;
      throw new AppError('storage_error', 'The disk is full; nothing was saved.');
    });
    renderWithApi(<TimelinePane incidentId={inc.id} />, fake);
    const box = screen.getByRole('textbox', { name: 'Note text' }) as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'first' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    // Cleared at once: the next entry can be typed while the first is saved.
    expect(box.value).toBe('');
    fireEvent.change(box, { target: { value: 'second, typed meanwhile' } });
    await act(async () => release());
    expect((await screen.findByRole('alert')).textContent).toBe('Not added: The disk is full; nothing was saved.');
    // What was typed meanwhile is kept.
    expect(box.value).toBe('second, typed meanwhile');

    // With an empty box, the failed text comes back for a retry.
    fireEvent.change(box, { target: { value: 'third' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(box.value).toBe('third'));
  });
});
