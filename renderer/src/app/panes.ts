// The pane registry: every pane the workspace can show, in default order.
//
// To add a pane: export a component taking `PaneProps` ({ incidentId }, lib/workbench.ts) from your
// feature's index.ts, then add ONE line below, e.g.
//   { id: 'roles', title: 'Roles', shortcut: 'Alt+2', component: RolesPane },
// Ids are kebab-case and stable (they key the saved layout). Shortcuts 'Alt+1'…'Alt+9' are free
// for panes; 'Alt+1' is the timeline. The palette gets an "Open <title> pane" action for free.
import { TimelinePane } from '../features/timeline';
import { RolesPane } from '../features/roles';
import { TimersPane } from '../features/timers';
import { DepMapPane } from '../features/depmap';
import { VaultPane } from '../features/vault';
import { OutboxPane } from '../features/outbox';
import { IntegrationsPane } from '../features/integrations';
import type { PaneDef } from '../lib/workbench';

export const panes: PaneDef[] = [
  { id: 'timeline', title: 'Timeline', shortcut: 'Alt+1', defaultOpen: true, component: TimelinePane },
  { id: 'roles', title: 'Roles', shortcut: 'Alt+2', component: RolesPane },
  { id: 'timers', title: 'Time-boxes', shortcut: 'Alt+3', component: TimersPane },
  { id: 'depmap', title: 'Dependency map', shortcut: 'Alt+4', component: DepMapPane },
  { id: 'vault', title: 'Evidence vault', shortcut: 'Alt+6', component: VaultPane },
  { id: 'outbox', title: 'Outbox', shortcut: 'Alt+7', component: OutboxPane },
  { id: 'integrations', title: 'Integrations', shortcut: 'Alt+8', component: IntegrationsPane },
];

export function paneById(id: string): PaneDef | undefined {
  return panes.find((p) => p.id === id);
}
