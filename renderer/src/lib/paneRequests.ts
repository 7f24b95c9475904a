// A component's way to ask the shell for a pane ("Configure paging…" in the incident header opens
// Integrations): features cannot reach the shell's layout, and a component outside an action has no
// ActionContext. The shell serves each request once, with the same openPane every action uses.
import { useEffect } from 'react';
import { create } from 'zustand';

interface PaneRequest {
  paneId: string;
  nonce: number;
}

const store = create<{ request: PaneRequest | null }>()(() => ({ request: null }));
let nonce = 0;

export const paneRequestActions = {
  open(paneId: string): void {
    store.setState({ request: { paneId, nonce: ++nonce } });
  },
};

/** The pending request, if any (for the shell, and for tests that stand in for it). */
export function usePaneRequest(): PaneRequest | null {
  return store((s) => s.request);
}

/** Mounted once by the shell: open what was asked for, then forget the request. */
export function useServePaneRequests(openPane: (paneId: string) => void): void {
  const req = usePaneRequest();
  useEffect(() => {
    if (!req) return;
    openPane(req.paneId);
    store.setState({ request: null });
  }, [req, openPane]);
}
