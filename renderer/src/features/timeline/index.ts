// Public entry of the timeline feature.
import type { PaneDef } from '../../lib/workbench';
import { TimelinePane } from './TimelinePane';

export { TimelinePane, TimelineList } from './TimelinePane';
export { timelineActions } from './actions';
export { timelineUiActions } from './uiStore';

/** The pane as the shell registers it (app/panes.ts). */
export const timelinePane: PaneDef = { id: 'timeline', title: 'Timeline', shortcut: 'Alt+1', defaultOpen: true, minWidth: 460, minHeight: 480, component: TimelinePane };
