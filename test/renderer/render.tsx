// Render helpers: the real providers around a component, talking to a real backend (realApi.ts,
// realHost.ts, electronShell.ts).
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { fromCommandPostApi, type ApiClient } from '../../renderer/src/lib/api';
import { ApiProvider } from '../../renderer/src/lib/ApiProvider';
import { bindInvalidation, createQueryClient } from '../../renderer/src/lib/queryClient';
import type { CommandPostApi } from '../../shared/contract';

/** The real providers around `ui`, talking to any API client (in-process core, Electron bridge, browser host). */
export function renderWithClient(ui: ReactElement, api: ApiClient) {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  const unbind = bindInvalidation(api, queryClient);
  const result = render(
    <ApiProvider api={api}>
      <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>
    </ApiProvider>,
  );
  return { ...result, api, queryClient, unbind };
}

export function renderWithApi(ui: ReactElement, api: CommandPostApi) {
  return renderWithClient(ui, fromCommandPostApi(api));
}
