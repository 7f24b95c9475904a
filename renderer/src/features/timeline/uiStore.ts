// UI state of the timeline: the list's filter and the kind the composer writes.
import { create } from 'zustand';
import type { EntryKind, UserEntryKind } from '../../../../shared/domain/timeline';

export interface TimelineUiFilter {
  kinds: EntryKind[];
  search: string;
  pinnedOnly: boolean;
}

interface TimelineUi {
  filter: TimelineUiFilter;
  composerKind: UserEntryKind;
}

const store = create<TimelineUi>()(() => ({ filter: { kinds: [], search: '', pinnedOnly: false }, composerKind: 'note' }));

export const timelineUiActions = {
  setFilter(f: Partial<TimelineUiFilter>): void {
    store.setState({ filter: { ...store.getState().filter, ...f } });
  },
  togglePinnedOnly(): void {
    timelineUiActions.setFilter({ pinnedOnly: !store.getState().filter.pinnedOnly });
  },
  setComposerKind(kind: UserEntryKind): void {
    store.setState({ composerKind: kind });
  },
};

export const useTimelineFilter = (): TimelineUiFilter => store((s) => s.filter);
export const useComposerKind = (): UserEntryKind => store((s) => s.composerKind);
