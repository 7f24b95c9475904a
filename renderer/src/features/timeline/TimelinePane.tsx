import { measureElement, useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ENTRY_KINDS, type EntryKind } from '../../../../shared/domain/timeline';
import { count } from '../../../../shared/format';
import { focusActions, useFocusRequest } from '../../lib/focus';
import type { PaneProps } from '../../lib/workbench';
import { useCommand } from '../../lib/queries';
import { errorMessage } from '../../ui/errors';
import { Composer } from './Composer';
import { CORRECTABLE_KINDS, KIND_META } from './kinds';
import { useTimeline } from './queries';
import { TimelineRow } from './TimelineRow';
import { timelineUiActions, useTimelineFilter } from './uiStore';
import './timeline.css';

/** Height of a one-line row (.tl-row min-height): most rows measure exactly this, so measuring
 *  them does not shift the 50,000 positions after them. */
const ESTIMATED_ROW = 60;
/** A row is never thinner than this, even when measured inside a hidden or not-yet-laid-out pane:
 *  a 0 px measurement would otherwise pull every row of a 50,000-entry incident into the window. */
const MIN_ROW = 32;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

function KindFilter({ kinds, onChange }: { kinds: EntryKind[]; onChange: (k: EntryKind[]) => void }) {
  return (
    <div className="kind-filter" role="group" aria-label="Show kinds">
      {ENTRY_KINDS.map((k) => {
        const on = kinds.includes(k);
        return (
          <button key={k} type="button" className={`kind-chip kind-${k} ${on ? 'selected' : ''}`} aria-pressed={on} onClick={() => onChange(on ? kinds.filter((x) => x !== k) : [...kinds, k])}>
            <span aria-hidden="true">{KIND_META[k].icon}</span> {KIND_META[k].label}
          </button>
        );
      })}
      {kinds.length > 0 && (
        <button type="button" className="linkish" onClick={() => onChange([])}>
          all kinds
        </button>
      )}
    </div>
  );
}

export interface TimelineListProps {
  incidentId: string;
  /** Only for tests in a DOM without layout: the viewport size to assume before measuring. */
  initialRect?: { width: number; height: number };
}

/** The virtualized, newest-first list. Rows are only rendered for the visible window. */
export function TimelineList({ incidentId, initialRect }: TimelineListProps) {
  const filter = useTimelineFilter();
  const search = useDebounced(filter.search.trim(), 250);
  const queryFilter = useMemo(
    () => ({ ...(filter.kinds.length ? { kinds: [...filter.kinds].sort() } : {}), ...(search ? { search } : {}), ...(filter.pinnedOnly ? { pinnedOnly: true } : {}) }),
    [filter.kinds, search, filter.pinnedOnly],
  );
  const q = useTimeline(incidentId, queryFilter);
  const entries = useMemo(() => q.data?.pages.flatMap((p) => p.entries) ?? [], [q.data]);
  const total = q.data?.pages[0]?.total ?? 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [history, setHistory] = useState<Set<string>>(() => new Set());
  const pin = useCommand('timeline:pin');

  // Stable between renders: a new function makes the virtualizer recompute all 50,000 item
  // positions on every scroll frame (measured: 50–150 ms frames).
  const getItemKey = useCallback((i: number) => entries[i]?.eventId ?? `pending-${i}`, [entries]);
  const estimateSize = useCallback(() => ESTIMATED_ROW, []);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is our virtualizer; this component opts out of compiler memoization
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: 8,
    // Render scroll updates in React's normal batch instead of flushSync on every scroll event.
    useFlushSync: false,
    measureElement: (el, entry, instance) => Math.max(MIN_ROW, measureElement(el, entry, instance)),
    getItemKey,
    ...(initialRect ? { initialRect } : {}),
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items[items.length - 1]?.index ?? 0;

  // Fetch older pages as the window approaches what is loaded (newest first, `before` cursor).
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = q;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastVisible >= entries.length - 30) void fetchNextPage();
  }, [lastVisible, entries.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const focusRow = useCallback(
    (i: number) => {
      const idx = Math.max(0, Math.min(total - 1, i));
      setActive(idx);
      virtualizer.scrollToIndex(idx, { align: 'auto' });
      requestAnimationFrame(() => {
        const list = scrollRef.current;
        // Focus may have moved on (e.g. N pressed right after Esc): never steal it back.
        if (!list || !(list.contains(document.activeElement) || document.activeElement === document.body)) return;
        list.querySelector<HTMLElement>(`[aria-posinset="${idx + 1}"]`)?.focus({ preventScroll: true });
      });
    },
    [total, virtualizer],
  );

  useFocusRequest(['timeline', 'pane:timeline'], scrollRef);
  // "Focus timeline" means the entries themselves, starting at the newest, not the list's frame;
  // asked for before the first page arrived, it is served when the entries are there.
  const newestWanted = useRef(false);
  useFocusRequest('timeline-newest', scrollRef, () => {
    const list = scrollRef.current;
    if (!list) return false;
    const row = list.querySelector<HTMLElement>('[aria-posinset="1"]');
    if (total > 0 && row) {
      row.focus({ preventScroll: true });
      // Also through focusRow: a row focus it scheduled earlier (Esc from the composer) lands after
      // this one otherwise.
      focusRow(0);
    } else {
      list.focus({ preventScroll: true });
      newestWanted.current = true;
    }
    return true;
  });
  useEffect(() => {
    if (!newestWanted.current || total === 0) return;
    newestWanted.current = false;
    focusRow(0);
  }, [total, focusRow]);

  const toggleHistory = useCallback((id: string) => {
    setHistory((h) => {
      const n = new Set(h);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const t = e.target as HTMLElement;
    if (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT' || e.ctrlKey || e.metaKey || e.altKey) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / ESTIMATED_ROW));
    const moves: Record<string, number> = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) {
      e.preventDefault();
      focusRow(active + moves[e.key]!);
      return;
    }
    if (e.key === 'Home') {
      e.preventDefault();
      focusRow(0);
      return;
    }
    if (e.key === 'End') {
      e.preventDefault();
      focusRow(total - 1);
      return;
    }
    const entry = entries[active];
    if (!entry) return;
    if (e.key === 'p') {
      e.preventDefault();
      pin.mutate({ eventId: entry.eventId, pinned: !entry.pinned });
    } else if ((e.key === 'e' || e.key === 'Enter') && CORRECTABLE_KINDS.includes(entry.kind) && t.tagName !== 'BUTTON') {
      e.preventDefault();
      setEditing(entry.eventId);
    } else if (e.key === 'h' && entry.corrected) {
      e.preventDefault();
      toggleHistory(entry.eventId);
    }
  }

  const status = q.isPending
    ? 'Loading the timeline…'
    : q.isError
      ? `Could not load the timeline: ${errorMessage(q.error)}`
      : `${count(total, 'entry', 'entries')}${queryFilter.kinds || queryFilter.search || queryFilter.pinnedOnly ? (total === 1 ? ' matches the filter' : ' match the filter') : ''}`;

  return (
    <>
      <div className={`tl-status ${q.isError ? 'field-error' : ''}`} role="status" aria-live="polite">
        {status}
        {isFetchingNextPage && <span className="muted"> · loading older…</span>}
        {pin.isError && <span className="field-error"> · {errorMessage(pin.error)}</span>}
      </div>
      <div
        ref={scrollRef}
        className="tl-scroll"
        role="feed"
        aria-busy={q.isFetching}
        aria-label="Timeline entries, newest first. Arrow keys move, P pins, E corrects, H shows history."
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          if (e.target === e.currentTarget && total > 0) focusRow(active);
        }}
        data-testid="timeline-scroll"
      >
        {total === 0 && !q.isPending && !q.isError && <p className="muted pad">{queryFilter.kinds || queryFilter.search || queryFilter.pinnedOnly ? 'Nothing matches this filter.' : 'No entries yet. Press N to add the first note.'}</p>}
        <div className="tl-inner" style={{ height: virtualizer.getTotalSize() }}>
          <div className="tl-window" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
            {items.map((item) => {
              const entry = entries[item.index];
              return (
                <div key={item.key} data-index={item.index} ref={virtualizer.measureElement}>
                  {entry ? (
                    <TimelineRow
                      entry={entry}
                      index={item.index}
                      total={total}
                      active={item.index === active}
                      editing={editing === entry.eventId}
                      historyOpen={history.has(entry.eventId)}
                      onEdit={setEditing}
                      onToggleHistory={toggleHistory}
                      onActivate={setActive}
                    />
                  ) : (
                    <div className="tl-row tl-placeholder" aria-hidden="true">
                      Loading older entries…
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </>
  );
}

export function TimelinePane({ incidentId }: PaneProps) {
  const filter = useTimelineFilter();
  const setFilter = timelineUiActions.setFilter;
  const requestFocus = focusActions.request;
  const searchRef = useRef<HTMLInputElement>(null);
  useFocusRequest('timeline-search', searchRef);
  return (
    <div className="timeline-pane">
      {/* Keyed so that another incident starts with a fresh composer and no stale error. */}
      <Composer key={incidentId} incidentId={incidentId} onLeave={() => requestFocus('timeline')} />
      <div className="tl-toolbar">
        <label className="tl-search">
          <span className="sr-only">Search the timeline</span>
          <input
            ref={searchRef}
            type="search"
            placeholder="Search entries…"
            aria-label="Search the timeline"
            value={filter.search}
            onChange={(e) => setFilter({ search: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setFilter({ search: '' });
                requestFocus('timeline');
              }
            }}
          />
        </label>
        <button type="button" className={`kind-chip pinned-toggle ${filter.pinnedOnly ? 'selected' : ''}`} aria-pressed={filter.pinnedOnly} onClick={() => setFilter({ pinnedOnly: !filter.pinnedOnly })}>
          ★ Pinned only
        </button>
        <KindFilter kinds={filter.kinds} onChange={(kinds) => setFilter({ kinds })} />
      </div>
      <TimelineList incidentId={incidentId} />
    </div>
  );
}
