// Server state of the incidents (React Query, keyed [domain, 'list' | 'detail', …] so the core's
// db:changed pushes for 'incidents' refresh them).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Incident } from '../../../../shared/domain/incidents';
import { useApi } from '../../lib/ApiProvider';
import type { KeyFactory } from '../../lib/queryClient';
import type { IncidentFilter } from './uiStore';

export const incidentsKeys = {
  all: () => ['incidents'] as const,
  lists: () => ['incidents', 'list'] as const,
  list: (filter: IncidentFilter) => ['incidents', 'list', filter] as const,
  detail: (id: string) => ['incidents', 'detail', id] as const,
} satisfies KeyFactory;

export function useIncidents(filter: IncidentFilter = {}) {
  const api = useApi();
  return useQuery({
    queryKey: incidentsKeys.list(filter),
    queryFn: () =>
      api.invoke('incidents:list', { ...(filter.status ? { status: filter.status } : {}), ...(filter.mode ? { mode: filter.mode } : {}) }),
  });
}

export function useIncident(id: string | null) {
  const api = useApi();
  const client = useQueryClient();
  return useQuery({
    queryKey: incidentsKeys.detail(id ?? ''),
    queryFn: () => api.invoke('incidents:get', { id: id ?? '' }),
    enabled: !!id,
    // Show the row already in any incident list at once (the war room paints without waiting for
    // the detail round trip); the detail replaces it when it arrives.
    placeholderData: () => {
      for (const [, list] of client.getQueriesData<Incident[]>({ queryKey: incidentsKeys.lists() })) {
        const hit = list?.find((i) => i.id === id || i.humanId === id);
        if (hit) return hit;
      }
      return undefined;
    },
  });
}
