// Server state of timers and the cadence policy. The core pushes db:changed for 'timers' (also when
// a severity or status change re-plans or stops the cadence) and a timers:alerted event when a
// deadline is crossed; a slow poll covers a missed push.
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../lib/ApiProvider';
import type { KeyFactory } from '../../lib/queryClient';

export const timersKeys = {
  list: (incidentId: string) => ['timers', 'list', incidentId] as const,
  policies: () => ['cadence', 'list'] as const,
} satisfies KeyFactory;

export function useTimers(incidentId: string) {
  const api = useApi();
  return useQuery({
    queryKey: timersKeys.list(incidentId),
    queryFn: async () => ({ ...(await api.invoke('timers:list', { incidentId })), fetchedAt: Date.now() }),
    enabled: !!incidentId,
    refetchInterval: 5_000,
    staleTime: 0,
  });
}

export function usePolicies(enabled = true) {
  const api = useApi();
  return useQuery({ queryKey: timersKeys.policies(), queryFn: () => api.invoke('cadence:policies', {}), enabled });
}
