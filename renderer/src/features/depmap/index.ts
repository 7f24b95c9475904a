// Public entry of the dependency map feature.
import type { PaneDef } from '../../lib/workbench';
import { DepMapPane } from './DepMapPane';

export { DepMapPane } from './DepMapPane';
export { depmapActions } from './actions';
export { layoutGraph, fastLayout, elkLayout } from './layout';

/** The pane as the shell registers it (app/panes.ts). */
export const depmapPane: PaneDef = { id: 'depmap', title: 'Dependency map', shortcut: 'Alt+4', minWidth: 640, minHeight: 320, component: DepMapPane };
