// Server state of the vault. Keys follow [domain, 'list' | 'detail', …], so the core's db:changed
// pushes for 'vault' and 'artifacts' refresh them.
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../lib/ApiProvider';
import type { KeyFactory } from '../../lib/queryClient';

export const vaultKeys = {
  status: () => ['vault', 'detail'] as const,
  orphans: () => ['vault', 'list', 'orphans'] as const,
  list: (incidentId: string) => ['artifacts', 'list', incidentId] as const,
  custody: (artifactId: string) => ['artifacts', 'detail', artifactId, 'custody'] as const,
} satisfies KeyFactory;

/** Lock state for the status bar and the pane. */
export function useVaultStatus() {
  const api = useApi();
  return useQuery({ queryKey: vaultKeys.status(), queryFn: () => api.invoke('vault:status', {}), refetchInterval: 30_000 });
}

export function useArtifacts(incidentId: string) {
  const api = useApi();
  return useQuery({ queryKey: vaultKeys.list(incidentId), queryFn: () => api.invoke('artifacts:list', { incidentId }), enabled: !!incidentId });
}

export function useCustody(artifactId: string | null) {
  const api = useApi();
  return useQuery({ queryKey: vaultKeys.custody(artifactId ?? ''), queryFn: () => api.invoke('artifacts:custody', { id: artifactId ?? '' }), enabled: !!artifactId });
}

/** Blobs the vault kept that no row of this database mentions (only fetched when the status counts some). */
export function useOrphans(enabled: boolean) {
  const api = useApi();
  return useQuery({ queryKey: vaultKeys.orphans(), queryFn: () => api.invoke('vault:orphans', {}), enabled });
}
