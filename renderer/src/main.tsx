import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './lib/api';
import { ApiProvider } from './lib/ApiProvider';
import { bindInvalidation, createQueryClient } from './lib/queryClient';
import './styles.css';
import { App } from './app/App';

const api = getApi();
const queryClient = createQueryClient();
bindInvalidation(api, queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </ApiProvider>
  </StrictMode>,
);
