// React Query hooks over the contract. Server state lives here; UI state lives in app/store.ts.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { CommandInput, CommandName, CommandResult } from '../../../shared/contract';
import type { AppInfo, Profile } from '../../../shared/domain/profile';
import type { TimelinePage } from '../../../shared/domain/timeline';
import type { Incident, IncidentMode, IncidentStatus } from '../../../shared/domain/incidents';
import type { AppError } from '../../../shared/errors';
import type { ConnectionState } from './api';
import { useApi } from './ApiProvider';
import { queryKeys, type TimelineFilter } from './queryKeys';

export const TIMELINE_PAGE_SIZE = 200;

export function useAppInfo() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.appInfo(), queryFn: () => api.invoke('app:info', {}) });
}

/** The local profile (null before first start), read from app:info so start-up makes one request. */
export function useProfile() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.appInfo(), queryFn: () => api.invoke('app:info', {}), select: selectProfile });
}

function selectProfile(info: AppInfo): Profile | null {
  return info.profile;
}

export function useSyncStatus() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.sync(), queryFn: () => api.invoke('sync:status', {}), refetchInterval: 15_000 });
}

export function useIncidents(filter: { status?: IncidentStatus; mode?: IncidentMode } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.incidentList(filter),
    queryFn: () =>
      api.invoke('incidents:list', { ...(filter.status ? { status: filter.status } : {}), ...(filter.mode ? { mode: filter.mode } : {}) }),
  });
}

export function useIncident(id: string | null) {
  const api = useApi();
  const client = useQueryClient();
  return useQuery({
    queryKey: queryKeys.incident(id ?? ''),
    queryFn: () => api.invoke('incidents:get', { id: id ?? '' }),
    enabled: !!id,
    // Show the row already in any incident list at once (the war room paints without waiting for
    // the detail round trip); the detail replaces it when it arrives.
    placeholderData: () => {
      for (const [, list] of client.getQueriesData<Incident[]>({ queryKey: [...queryKeys.incidents(), 'list'] })) {
        const hit = list?.find((i) => i.id === id || i.humanId === id);
        if (hit) return hit;
      }
      return undefined;
    },
  });
}

/** Newest-first pages of the timeline, fetched on demand with the `nextBefore` cursor. */
export function useTimeline(incidentId: string, filter: TimelineFilter = {}, pageSize = TIMELINE_PAGE_SIZE) {
  const api = useApi();
  return useInfiniteQuery<TimelinePage, AppError, InfiniteData<TimelinePage, number | null>, readonly unknown[], number | null>({
    queryKey: queryKeys.timelineList(incidentId, filter),
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
    queryKey: queryKeys.timelineHistory(eventId ?? ''),
    queryFn: () => api.invoke('timeline:history', { eventId: eventId ?? '' }),
    enabled: !!eventId,
  });
}

/** A mutation over one command; the cache is refreshed by the `db:changed` push that follows. */
export function useCommand<N extends CommandName>(name: N) {
  const api = useApi();
  return useMutation<CommandResult<N>, AppError, CommandInput<N>>({ mutationFn: (input) => api.invoke(name, input) });
}

export function useConnection(): ConnectionState {
  const api = useApi();
  return useSyncExternalStore(
    (cb) => api.onConnection(cb),
    () => api.connection(),
  );
}

export function useNavigatorOnline(): boolean {
  const [online, setOnline] = useState(() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}
