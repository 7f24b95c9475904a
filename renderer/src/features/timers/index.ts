// Public entry of the time-boxes feature.
import type { PaneDef } from '../../lib/workbench';
import { TimersPane } from './TimersPane';

export { TimersPane } from './TimersPane';
export { OverdueAsksBadge, TimeboxBanner } from './TimeboxBanner';
export { timersActions } from './actions';

/** The pane as the shell registers it (app/panes.ts). */
export const timersPane: PaneDef = { id: 'timers', title: 'Time-boxes', shortcut: 'Alt+3', minWidth: 380, minHeight: 180, component: TimersPane };
