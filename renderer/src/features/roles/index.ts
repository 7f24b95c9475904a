// Public entry of the role board feature.
import type { PaneDef } from '../../lib/workbench';
import { RolesPane } from './RolesPane';

export { RolesPane } from './RolesPane';
export { rolesActions } from './actions';
export { useRoster } from './queries';
export { CommandSummary } from './CommandSummary';
export { takeCommand } from './command';

/** The pane as the shell registers it (app/panes.ts). */
export const rolesPane: PaneDef = { id: 'roles', title: 'Roles', shortcut: 'Alt+2', minWidth: 360, minHeight: 360, component: RolesPane };
