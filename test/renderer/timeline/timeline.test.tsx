// @vitest-environment node
// The timeline list and pane against a real core: pages, cursors, pins, corrections and failures
// are the core's own (realApi.ts); only the layout is stubbed, because happy-dom does none.
import '../nodeDom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain/incidents';
import { focusActions } from '../../../renderer/src/lib/focus';
import { TimelineList, TimelinePane, timelineUiActions } from '../../../renderer/src/features/timeline';
import { seedTimeline } from '../../helpers/seedTimeline';
import { tempCore, type TempCore } from '../../helpers/tempCore';
import { useFakeLayout } from '../layout';
import { useRealCores } from '../realApi';

const VIEWPORT = { width: 900, height: 760 };
useFakeLayout(VIEWPORT);
const real = useRealCores();

const KINDS = ['note', 'decision', 'action'] as const;

beforeEach(() => {
  timelineUiActions.setFilter({ kinds: [], search: '', pinnedOnly: false });
  timelineUiActions.setComposerKind('note');
  focusActions.clear();
});

async function declared(core: TempCore): Promise<Incident> {
  return core.invoke('incidents:declare', { title: 'Checkout API returning 502s', severity: 'SEV-2' });
}

/** The entries people wrote (the core adds its own system entries, e.g. the declaration). */
async function userEntries(core: TempCore, incidentId: string) {
  return (await core.invoke('timeline:list', { incidentId, limit: 500 })).entries.filter((e) => e.kind !== 'system');
}

describe('timeline virtualization', () => {
  // One 50,000-entry incident for the read-only tests: the declaration is entry 1, then 49,999
  // seeded entries numbered 2…50,000.
  let big: TempCore;
  let inc: Incident;
  beforeAll(async () => {
    big = await tempCore({ keyStore: null, sync: { start: false } });
    inc = await declared(big);
    await seedTimeline(big, inc.id, 49_999, { text: (i) => `Entry number ${i + 2}`, kind: (i) => KINDS[(i + 1) % 3]! });
  }, 60_000);
  afterAll(() => big.cleanup());

  it('renders only a window of rows for a 50,000-entry incident and fetches pages on demand', async () => {
    const { api } = real.render(<TimelineList incidentId={inc.id} initialRect={VIEWPORT} />, big);

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
    const lists = api.calls.filter((c) => c.name === 'timeline:list');
    expect(lists).toHaveLength(1);
    expect(lists[0]!.input).toMatchObject({ incidentId: inc.id, limit: 200 });
    // The scroll container reserves room for every entry so the scrollbar is honest.
    const inner = screen.getByTestId('timeline-scroll').firstElementChild as HTMLElement;
    expect(parseInt(inner.style.height, 10)).toBeGreaterThan(50_000 * 50);
  });

  it('walks older pages with the nextBefore cursor as the keyboard moves down', async () => {
    const newest = (await big.invoke('timeline:list', { incidentId: inc.id, limit: 1 })).entries[0]!;
    const { api } = real.render(<TimelineList incidentId={inc.id} initialRect={VIEWPORT} />, big);
    await screen.findByText('Entry number 50000');
    const scroll = screen.getByTestId('timeline-scroll');
    // Scroll to the oldest entry; pages load towards it through the cursor.
    act(() => {
      scroll.scrollTop = 50_000 * 60 - 760;
      fireEvent.scroll(scroll);
    });
    await waitFor(() => expect(api.calls.filter((c) => c.name === 'timeline:list').length).toBeGreaterThan(1));
    const second = api.calls.filter((c) => c.name === 'timeline:list')[1]!.input as { before: number };
    // The cursor is the seq of the oldest entry of the first page (the 200th newest).
    expect(second.before).toBe(newest.seq - 200 + 1);
  });

  it('renders hostile text inert', async () => {
    const core = await real.core();
    const one = await declared(core);
    const hostile = '<img src=x onerror="window.__x=1"><script>window.__x=2</script>';
    await core.invoke('timeline:append', { incidentId: one.id, kind: 'note', text: hostile });
    real.render(<TimelineList incidentId={one.id} initialRect={VIEWPORT} />, core);
    const row = (await screen.findByText(hostile)).closest('[data-testid="timeline-row"]')!;
    expect(row.textContent).toContain('<img src=x onerror="window.__x=1">');
    expect(row.querySelector('img')).toBeNull();
    expect(row.querySelector('script')).toBeNull();
  });
});

describe('timeline pane', () => {
  it('adds entries from the keyboard: Alt+D switches kind, Shift+Enter is a newline, Enter submits', async () => {
    const core = await real.core();
    const inc = await declared(core);
    const { api } = real.render(<TimelinePane incidentId={inc.id} />, core);
    const box = screen.getByRole('textbox', { name: 'Note text' });
    fireEvent.keyDown(box, { key: 'd', code: 'KeyD', altKey: true });
    expect(screen.getByRole('textbox', { name: 'Decision text' })).toBe(box);
    fireEvent.change(box, { target: { value: 'Roll back' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(api.calls.some((c) => c.name === 'timeline:append')).toBe(false);
    fireEvent.change(box, { target: { value: 'Roll back\npayments-gateway' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(async () => expect(await userEntries(core, inc.id)).toHaveLength(1));
    expect((await userEntries(core, inc.id))[0]).toMatchObject({ kind: 'decision', text: 'Roll back\npayments-gateway' });
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(''));
    // The new entry appears through the db:changed invalidation, even though the append raced the
    // first page's fetch.
    expect(await screen.findByText(/Roll back/, { selector: 'p' })).toBeTruthy();
  });

  it('counts entries in words that agree with the number: "1 entry matches the filter"', async () => {
    const core = await real.core();
    const inc = await declared(core);
    await core.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'Replica lag 40 s' });
    await core.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'Replica lag back to 2 s' });
    real.render(<TimelineList incidentId={inc.id} initialRect={VIEWPORT} />, core);
    expect(await screen.findByText('3 entries')).toBeTruthy();
    act(() => timelineUiActions.setFilter({ kinds: [], search: '40', pinnedOnly: false }));
    expect(await screen.findByText('1 entry matches the filter')).toBeTruthy();
    act(() => timelineUiActions.setFilter({ kinds: [], search: 'replica', pinnedOnly: false }));
    expect(await screen.findByText('2 entries match the filter')).toBeTruthy();
  });

  it('shows a blank entry rejected by the backend next to the composer', async () => {
    const core = await real.core();
    const inc = await declared(core);
    real.render(<TimelinePane incidentId={inc.id} />, core);
    const box = screen.getByRole('textbox', { name: 'Note text' });
    fireEvent.change(box, { target: { value: '   ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Not added: Invalid input for timeline:append: text must not be blank/);
    expect(await userEntries(core, inc.id)).toHaveLength(0);
  });

  it('pins, corrects with history, and filters by kind', async () => {
    const core = await real.core();
    const inc = await declared(core);
    for (let i = 0; i < 3; i++) await core.invoke('timeline:append', { incidentId: inc.id, kind: KINDS[i]!, text: `Entry number ${i + 1}` });
    const { api } = real.render(<TimelinePane incidentId={inc.id} />, core);
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
    expect(api.calls.filter((c) => c.name === 'timeline:list').pop()!.input).toMatchObject({ kinds: ['decision'] });
    // The pin and the correction were stored.
    expect((await userEntries(core, inc.id)).find((e) => e.kind === 'action')).toMatchObject({ pinned: true, text: 'Entry number 3, corrected', corrected: { originalText: 'Entry number 3', revisions: 1 } });
  });
});

describe('composer while saving', () => {
  it('keeps what is typed while the previous entry is being saved, and restores a failed entry', async () => {
    const { core, disk } = await real.coreOnSmallDisk();
    const inc = await declared(core);
    real.render(<TimelinePane incidentId={inc.id} />, core);
    // Another write holds the write queue, so the entry below stays "being saved" until released;
    // meanwhile the disk fills up.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const otherWrite = core.db.queue.transaction(() => gate);
    disk.fill();
    const box = screen.getByRole('textbox', { name: 'Note text' }) as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'first' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    // Cleared at once: the next entry can be typed while the first is saved.
    expect(box.value).toBe('');
    fireEvent.change(box, { target: { value: 'second, typed meanwhile' } });
    await act(async () => {
      release();
      await otherWrite;
    });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Not added: Storage error SQLITE_FULL (database or disk is full) while running "COMMIT …". The disk is full: free space, then retry. Nothing was saved.',
    );
    // What was typed meanwhile is kept.
    expect(box.value).toBe('second, typed meanwhile');

    // With an empty box, the failed text comes back for a retry.
    fireEvent.change(box, { target: { value: 'third' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(box.value).toBe('third'));
    disk.free();
    expect(await userEntries(core, inc.id)).toHaveLength(0);
  });
});
