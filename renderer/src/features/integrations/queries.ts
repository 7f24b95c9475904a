// Server state of the integrations settings: the configured integrations and the last-known
// on-call roster (refreshed by db:changed {domains:['integrations']}, the roster also polled).
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../lib/ApiProvider';
import type { KeyFactory } from '../../lib/queryClient';

export const integrationsKeys = {
  list: () => ['integrations', 'list'] as const,
  oncall: () => ['integrations', 'detail', 'oncall'] as const,
} satisfies KeyFactory;

export function useIntegrations() {
  const api = useApi();
  return useQuery({ queryKey: integrationsKeys.list(), queryFn: () => api.invoke('integrations:list', {}) });
}

export function useOnCall() {
  const api = useApi();
  return useQuery({ queryKey: integrationsKeys.oncall(), queryFn: () => api.invoke('oncall:list', {}), refetchInterval: 60_000 });
}
