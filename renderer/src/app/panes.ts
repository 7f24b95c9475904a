// The pane registry: every pane the workspace can show, in default order.
//
// To add a pane: export its `PaneDef` (lib/workbench.ts: id, title, shortcut, a component taking
// `PaneProps` ({ incidentId })) from your feature's index.ts, then add ONE line below, e.g.
//   rolesPane,
// Ids are kebab-case and stable (they key the saved layout). Shortcuts 'Alt+1'…'Alt+9' are free
// for panes; 'Alt+1' is the timeline. The palette gets an "Open <title> pane" action for free.
import { timelinePane } from '../features/timeline';
import { rolesPane } from '../features/roles';
import { timersPane } from '../features/timers';
import { depmapPane } from '../features/depmap';
import { vaultPane } from '../features/vault';
import { outboxPane } from '../features/outbox';
import { integrationsPane } from '../features/integrations';
import type { PaneDef } from '../lib/workbench';

export const panes: PaneDef[] = [timelinePane, rolesPane, timersPane, depmapPane, vaultPane, outboxPane, integrationsPane];

export function paneById(id: string): PaneDef | undefined {
  return panes.find((p) => p.id === id);
}
