// Server-state hooks every part of the window shares: a command as a mutation, the backend's own
// facts (app:info, the local profile) and the state of the link. Each feature keeps its own queries
// in its queries.ts; UI state lives in the feature's uiStore.ts.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { CommandInput, CommandName, CommandResult } from '../../../shared/contract';
import type { AppInfo, Profile } from '../../../shared/domain/profile';
import type { AppError } from '../../../shared/errors';
import type { ConnectionState } from './api';
import { useApi } from './ApiProvider';
import type { KeyFactory } from './queryClient';

export const appKeys = {
  info: () => ['app', 'detail'] as const,
} satisfies KeyFactory;

export function useAppInfo() {
  const api = useApi();
  return useQuery({ queryKey: appKeys.info(), queryFn: () => api.invoke('app:info', {}) });
}

/** The local profile (null before first start), read from app:info so start-up makes one request. */
export function useProfile() {
  const api = useApi();
  return useQuery({ queryKey: appKeys.info(), queryFn: () => api.invoke('app:info', {}), select: selectProfile });
}

function selectProfile(info: AppInfo): Profile | null {
  return info.profile;
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
