import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Incident } from '../../../shared/domain/incidents';
import { useApi } from '../lib/ApiProvider';
import { focusActions } from '../lib/focus';
import { toastActions } from '../lib/toasts';
import type { ActionContext } from '../lib/workbench';
import { dialogActions, layoutActions, paletteActions } from './store';

/** Build the context every action runs with. */
export function makeActionContext(deps: Pick<ActionContext, 'api' | 'queryClient' | 'incident'>): ActionContext {
  return {
    ...deps,
    openDialog: (id) => dialogActions.open(id),
    // These never close the palette: runAction closes it when an action starts, and an action that
    // finishes late (after a round trip) must not close a palette the user has opened since.
    openPane: (paneId) => {
      layoutActions.openPane(paneId);
      focusActions.request(`pane:${paneId}`);
    },
    focus: (target) => focusActions.request(target),
    openPalette: (page = 'root') => paletteActions.open(page),
    notify: (message, tone) => toastActions.notify(message, tone),
  };
}

export function useActionContext(incident: Incident | null): ActionContext {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMemo(() => makeActionContext({ api, queryClient, incident }), [api, queryClient, incident]);
}
