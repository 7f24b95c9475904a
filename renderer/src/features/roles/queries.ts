// Server state of the role board and roster (React Query, keyed [domain, 'list' | 'detail', …] so
// the core's db:changed pushes for 'roles' and 'roster' refresh them).
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../lib/ApiProvider';
import type { KeyFactory } from '../../lib/queryClient';
import { useTimeZone } from '../../lib/timeZone';

export const rolesKeys = {
  board: (incidentId: string) => ['roles', 'list', incidentId] as const,
  brief: (incidentId: string, timeZone: string) => ['roles', 'detail', incidentId, 'brief', timeZone] as const,
  roster: () => ['roster', 'list'] as const,
} satisfies KeyFactory;

export function useRoleBoard(incidentId: string) {
  const api = useApi();
  return useQuery({ queryKey: rolesKeys.board(incidentId), queryFn: () => api.invoke('roles:list', { incidentId }), enabled: !!incidentId });
}

export function useRoster() {
  const api = useApi();
  return useQuery({ queryKey: rolesKeys.roster(), queryFn: () => api.invoke('roster:list', {}) });
}

/** The ICS-201 draft is read fresh each time the handover dialog opens, its readings in the zone the IC reads. */
export function useBriefDraft(incidentId: string, enabled: boolean) {
  const api = useApi();
  const timeZone = useTimeZone();
  return useQuery({ queryKey: rolesKeys.brief(incidentId, timeZone), queryFn: () => api.invoke('roles:brief', { incidentId, timeZone }), enabled, staleTime: 0, gcTime: 0 });
}
