// React Query wiring: one QueryClient, invalidated by the backend's `db:changed` pushes. Every query
// key starts with a domain, then 'list' or 'detail' ([domain, 'list' | 'detail', …]), so a change
// naming a domain refreshes exactly that domain's queries.
import { QueryClient } from '@tanstack/react-query';
import type { ChangeDomain, ChangeNotice } from '../../../shared/events';
import { AppError } from '../../../shared/errors';
import type { ApiClient } from './api';

/**
 * First element of every query key: a domain `db:changed` names, or one only the renderer keys:
 * 'app' (app:info, refreshed with 'profile') and 'sync' (the sync status, set by its own push).
 */
export type QueryDomain = ChangeDomain | 'app' | 'sync';

/** `[domain]` (all of a domain's queries) or `[domain, 'list' | 'detail', …]`. */
export type DomainKey = readonly [QueryDomain] | readonly [QueryDomain, 'list' | 'detail', ...unknown[]];

/** A feature's query key factory (see features/roles/queries.ts): `{ … } satisfies KeyFactory`. */
export type KeyFactory = Record<string, (...args: never[]) => DomainKey>;

/** Where `sync:status` pushes land (features/outbox reads it). */
export const syncStatusKey = ['sync', 'detail'] as const satisfies DomainKey;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Pushed events keep the cache fresh; refetching on focus would only add load.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => !(err instanceof AppError && err.code !== 'unavailable') && count < 2,
      },
      mutations: { retry: false },
    },
  });
}

/** Domains whose change also affects another domain's queries. */
const ALSO: Partial<Record<ChangeDomain, readonly QueryDomain[]>> = {
  profile: ['app'],
  // Severity/status changes write timeline entries; incident counts change with the timeline.
  incidents: ['timeline', 'outbox'],
  timeline: ['incidents'],
  // What reached which integration (sync:coverage, catch-up offers, keyed under 'outbox') changes
  // with every incident change, routed or not, and with every change of the integrations.
  integrations: ['outbox'],
};

/**
 * Invalidate `queryKey`. A first fetch still in flight may have been answered before the change, and
 * React Query joins it instead of refetching (it only cancels fetches that already have data), so
 * such queries are invalidated once more when they settle.
 */
function refresh(client: QueryClient, queryKey: DomainKey): void {
  const cache = client.getQueryCache();
  for (const q of cache.findAll({ queryKey })) {
    if (q.state.fetchStatus !== 'fetching' || q.state.data !== undefined) continue;
    const unsubscribe = cache.subscribe((ev) => {
      if (ev.query !== q || q.state.fetchStatus === 'fetching') return;
      unsubscribe();
      void client.invalidateQueries({ queryKey: q.queryKey, exact: true });
    });
  }
  void client.invalidateQueries({ queryKey });
}

export function invalidateForChange(client: QueryClient, change: ChangeNotice): void {
  const domains = new Set<QueryDomain>();
  for (const d of change.domains) {
    domains.add(d);
    for (const extra of ALSO[d] ?? []) domains.add(extra);
  }
  for (const domain of domains) {
    if (domain === 'timeline' && change.incidentId) {
      // Only that incident's timeline lists (timelineKeys.list in features/timeline).
      refresh(client, ['timeline', 'list', change.incidentId]);
    } else {
      refresh(client, [domain]);
    }
  }
}

/** Subscribe the cache to the backend's pushes; returns the unsubscribe function. */
export function bindInvalidation(api: ApiClient, client: QueryClient): () => void {
  const offs = [
    api.subscribe('db:changed', (change) => invalidateForChange(client, change)),
    api.subscribe('sync:status', (status) => client.setQueryData(syncStatusKey, status)),
    // Events may have been missed while the link was down: refetch everything shown.
    api.onResync(() => void client.invalidateQueries()),
  ];
  return () => offs.forEach((off) => off());
}
