// Server state of the outbox, sync status, what reached whom (coverage) and catch-up offers.
// `sync:status` pushes land in the ['sync','detail'] cache entry (lib/queryClient.ts); outbox lists,
// coverage and offers are refreshed by db:changed {domains:['outbox']} (and incidents, integrations).
import { useQuery } from '@tanstack/react-query';
import type { OutboxState } from '../../../../shared/domain/sync';
import { useApi } from '../../lib/ApiProvider';
import { syncStatusKey, type KeyFactory } from '../../lib/queryClient';

export type OutboxView = 'waiting' | 'dead' | 'delivered';

export const outboxKeys = {
  list: (view: OutboxView, incidentId: string | null) => ['outbox', 'list', view, incidentId] as const,
  status: () => syncStatusKey,
  coverage: (incidentId: string) => ['outbox', 'detail', 'coverage', incidentId] as const,
  offers: (integration: string | null) => ['outbox', 'list', 'offers', integration] as const,
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

/** What reached each integration for one incident, what did not and why (refreshed with outbox, incidents and integrations). */
export function useCoverage(incidentId: string | null) {
  const api = useApi();
  return useQuery({ queryKey: outboxKeys.coverage(incidentId ?? ''), queryFn: () => api.invoke('sync:coverage', { incidentId: incidentId! }), enabled: !!incidentId });
}

/** Active incidents an integration never opened and could open now (all integrations when null). */
export function useCatchUpOffers(integration: string | null = null) {
  const api = useApi();
  return useQuery({ queryKey: outboxKeys.offers(integration), queryFn: () => api.invoke('integrations:offers', integration ? { integration } : {}) });
}
