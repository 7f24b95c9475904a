// Server state of the catalog and the incident's blast radius.
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../lib/ApiProvider';
import type { KeyFactory } from '../../lib/queryClient';

export const depmapKeys = {
  graph: () => ['catalog', 'detail'] as const,
  blast: (incidentId: string) => ['impact', 'detail', incidentId] as const,
} satisfies KeyFactory;

export function useCatalog() {
  const api = useApi();
  return useQuery({ queryKey: depmapKeys.graph(), queryFn: () => api.invoke('catalog:graph', {}) });
}

export function useBlastRadius(incidentId: string) {
  const api = useApi();
  return useQuery({ queryKey: depmapKeys.blast(incidentId), queryFn: () => api.invoke('impact:blast-radius', { incidentId }), enabled: !!incidentId });
}
