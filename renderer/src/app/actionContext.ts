import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Incident } from '../../../shared/domain/incidents';
import { useApi } from '../lib/ApiProvider';
import { useUi } from './store';
import type { ActionContext } from './types';

/** Build the context every action runs with. */
export function makeActionContext(deps: Pick<ActionContext, 'api' | 'queryClient' | 'incident'>): ActionContext {
  const ui = useUi.getState;
  return {
    ...deps,
    openDialog: (id) => ui().openDialog(id),
    openPane: (paneId) => {
      ui().closePalette();
      ui().openPane(paneId);
      ui().requestFocus(`pane:${paneId}`);
    },
    focus: (target) => {
      ui().closePalette();
      ui().requestFocus(target);
    },
    openPalette: (page = 'root') => ui().openPalette(page),
    notify: (message, tone) => ui().notify(message, tone),
  };
}

export function useActionContext(incident: Incident | null): ActionContext {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMemo(() => makeActionContext({ api, queryClient, incident }), [api, queryClient, incident]);
}
