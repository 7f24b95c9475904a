// Public entry of the integrations settings feature.
import type { PaneDef } from '../../lib/workbench';
import { IntegrationsPane } from './IntegrationsPane';

export { IntegrationsPane } from './IntegrationsPane';
export { integrationsActions } from './actions';

/** The pane as the shell registers it (app/panes.ts). */
export const integrationsPane: PaneDef = { id: 'integrations', title: 'Integrations', shortcut: 'Alt+8', minWidth: 420, minHeight: 200, component: IntegrationsPane };
