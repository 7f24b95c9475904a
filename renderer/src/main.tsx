import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './lib/api';
import { ApiProvider } from './lib/ApiProvider';
import { bindInvalidation, createQueryClient } from './lib/queryClient';
import './styles.css';
import { App } from './app/App';
import { DetachedPane } from './app/DetachedPane';
import { paneRoute } from './app/detach';
import { paneById } from './app/panes';

const api = getApi();
const queryClient = createQueryClient();
bindInvalidation(api, queryClient);

// `?pane=<id>&incident=<id>` is a pane in a window of its own (a wall screen, see app/detach.ts).
const route = paneRoute(window.location.search, (id) => !!paneById(id));
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api}>
      <QueryClientProvider client={queryClient}>
        {route ? <DetachedPane paneId={route.paneId} incidentId={route.incidentId} /> : <App />}
      </QueryClientProvider>
    </ApiProvider>
  </StrictMode>,
);
