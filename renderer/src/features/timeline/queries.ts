// Server state of the timeline (React Query, keyed [domain, 'list' | 'detail', …]): a change to an
// incident's timeline refreshes ['timeline', 'list', incidentId] and everything under it.
import { useInfiniteQuery, useQuery, type InfiniteData } from '@tanstack/react-query';
import type { EntryKind, TimelinePage } from '../../../../shared/domain/timeline';
import type { AppError } from '../../../../shared/errors';
import { useApi } from '../../lib/ApiProvider';
import type { KeyFactory } from '../../lib/queryClient';

const PAGE_SIZE = 200;

export interface TimelineFilter {
  kinds?: EntryKind[];
  search?: string;
  pinnedOnly?: boolean;
}

export const timelineKeys = {
  list: (incidentId: string, filter: TimelineFilter) => ['timeline', 'list', incidentId, filter] as const,
  history: (eventId: string) => ['timeline', 'detail', eventId, 'history'] as const,
} satisfies KeyFactory;

/** Newest-first pages of the timeline, fetched on demand with the `nextBefore` cursor. */
export function useTimeline(incidentId: string, filter: TimelineFilter = {}, pageSize = PAGE_SIZE) {
  const api = useApi();
  return useInfiniteQuery<TimelinePage, AppError, InfiniteData<TimelinePage, number | null>, readonly unknown[], number | null>({
    queryKey: timelineKeys.list(incidentId, filter),
    initialPageParam: null,
    queryFn: ({ pageParam }) =>
      api.invoke('timeline:list', {
        incidentId,
        limit: pageSize,
        ...(pageParam !== null ? { before: pageParam } : {}),
        ...(filter.kinds && filter.kinds.length ? { kinds: filter.kinds } : {}),
        ...(filter.search ? { search: filter.search } : {}),
        ...(filter.pinnedOnly ? { pinnedOnly: true } : {}),
      }),
    getNextPageParam: (last) => last.nextBefore,
    enabled: !!incidentId,
  });
}

export function useTimelineHistory(eventId: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: timelineKeys.history(eventId ?? ''),
    queryFn: () => api.invoke('timeline:history', { eventId: eventId ?? '' }),
    enabled: !!eventId,
  });
}
