// Server state of the outbox and sync status. `sync:status` pushes land in the ['sync','detail']
// cache entry (lib/queryClient.ts); outbox lists are refreshed by db:changed {domains:['outbox']}.
import { useQuery } from '@tanstack/react-query';
import type { OutboxState } from '../../../../shared/domain/sync';
import { useApi } from '../../lib/ApiProvider';
import { syncStatusKey, type KeyFactory } from '../../lib/queryClient';

export type OutboxView = 'waiting' | 'dead' | 'delivered';

export const outboxKeys = {
  list: (view: OutboxView, incidentId: string | null) => ['outbox', 'list', view, incidentId] as const,
  status: () => syncStatusKey,
} satisfies KeyFactory;

const STATES: Record<OutboxView, OutboxState[]> = { waiting: ['pending', 'in_flight', 'failed'], dead: ['dead'], delivered: ['delivered', 'discarded'] };

export function useOutbox(view: OutboxView, incidentId: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: outboxKeys.list(view, incidentId),
    queryFn: async () => {
      const lists = await Promise.all(STATES[view].map((state) => api.invoke('outbox:list', { state, limit: 500, ...(incidentId ? { incidentId } : {}) })));
      const all = lists.flat().sort((a, b) => a.seq - b.seq);
      return view === 'delivered' ? all.reverse().slice(0, 200) : all;
    },
  });
}

/** Pending and dead counts, per-integration link state; pushed on every change, polled as a fallback. */
export function useSyncStatus() {
  const api = useApi();
  return useQuery({ queryKey: outboxKeys.status(), queryFn: () => api.invoke('sync:status', {}), refetchInterval: 15_000 });
}
