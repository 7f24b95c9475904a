// The named-action registry: every user operation the command palette, menus, buttons and keyboard
// shortcuts share. Components call actions by id (see runAction); they do not duplicate the logic.
//
// To add an action: export an `ActionDef` (or an array of them) from your feature's index.ts and
// add ONE line below, e.g.
//   import { rolesActions } from '../features/roles';
//   ...rolesActions,
// Ids are '<domain>.<verb>'. `run(ctx)` gets the API, the query client, the open incident and UI
// helpers (openDialog, openPane, focus, notify); `enabled(ctx)` hides the action when it cannot run.
// Shortcuts use 'Mod+Shift+X' notation; check the list below for clashes.
import { AppError } from '../../../shared/errors';
// War room (issue 4)
import { rolesActions } from '../features/roles';
import { timersActions } from '../features/timers';
import { depmapActions } from '../features/depmap';
// Evidence vault (issue 6)
import { vaultActions } from '../features/vault';
// Sync (issue 5)
import { outboxActions } from '../features/outbox';
import { integrationsActions } from '../features/integrations';
import { incidentsUiActions } from '../features/incidents';
import { timelineUiActions } from '../features/timeline';
import { themeActions } from '../lib/theme';
import { hasIncident, type ActionContext, type ActionDef } from '../lib/workbench';
import { panes } from './panes';
import { layoutActions } from './store';

const coreActions: ActionDef[] = [
  { id: 'palette.open', title: 'Open command palette', shortcut: 'Mod+K', group: 'General', run: (ctx) => ctx.openPalette('root') },
  {
    id: 'incident.declare',
    title: 'Declare incident…',
    group: 'Incident',
    keywords: ['new', 'create', 'open', 'sev'],
    shortcut: 'Mod+Shift+D',
    run: (ctx) => ctx.openDialog('declare'),
  },
  {
    id: 'incident.switch',
    title: 'Switch incident…',
    group: 'Incident',
    keywords: ['go to', 'open', 'select'],
    shortcut: 'Mod+Shift+I',
    run: (ctx) => ctx.openPalette('incidents'),
  },
  {
    id: 'incident.severity',
    title: 'Change severity…',
    group: 'Incident',
    keywords: ['sev', 'escalate', 'downgrade', 'raise', 'lower'],
    shortcut: 'Mod+Shift+S',
    enabled: hasIncident,
    run: (ctx) => ctx.openDialog('severity'),
  },
  {
    id: 'incident.status',
    title: 'Change status…',
    group: 'Incident',
    keywords: ['investigating', 'identified', 'monitoring', 'resolved', 'closed', 'resolve'],
    shortcut: 'Mod+Shift+U',
    enabled: hasIncident,
    run: (ctx) => ctx.openDialog('status'),
  },
  {
    id: 'incident.milestone',
    title: 'Record milestone…',
    group: 'Incident',
    keywords: ['acknowledged', 'mitigated', 'detected', 'resolved', 'time'],
    shortcut: 'Mod+Shift+M',
    enabled: hasIncident,
    run: (ctx) => ctx.openDialog('milestone'),
  },
  {
    id: 'incident.load-demo',
    title: 'Load the demo incident',
    group: 'Incident',
    keywords: ['example', 'exercise', 'sample', 'tour'],
    async run(ctx) {
      try {
        const inc = await ctx.api.invoke('demo:load', {});
        incidentsUiActions.select(inc.id);
        await ctx.queryClient.invalidateQueries({ queryKey: ['incidents'] });
        ctx.notify(`Loaded the demo incident ${inc.humanId} (an exercise).`, 'success');
      } catch (err) {
        ctx.notify(`Could not load the demo: ${err instanceof AppError ? err.message : String(err)}`, 'error');
      }
    },
  },
  {
    id: 'timeline.add-note',
    title: 'Add note',
    group: 'Timeline',
    keywords: ['entry', 'write', 'log', 'composer'],
    shortcut: 'N',
    enabled: hasIncident,
    run: (ctx) => {
      timelineUiActions.setComposerKind('note');
      ctx.focus('composer');
    },
  },
  {
    id: 'timeline.add-decision',
    title: 'Add decision',
    group: 'Timeline',
    keywords: ['entry', 'decide', 'composer'],
    shortcut: 'D',
    enabled: hasIncident,
    run: (ctx) => {
      timelineUiActions.setComposerKind('decision');
      ctx.focus('composer');
    },
  },
  {
    id: 'timeline.add-action',
    title: 'Add action',
    group: 'Timeline',
    keywords: ['entry', 'task', 'doing', 'composer'],
    shortcut: 'A',
    enabled: hasIncident,
    run: (ctx) => {
      timelineUiActions.setComposerKind('action');
      ctx.focus('composer');
    },
  },
  { id: 'timeline.compose', title: 'Focus the composer', group: 'Timeline', shortcut: '/', enabled: hasIncident, run: (ctx) => ctx.focus('composer') },
  { id: 'timeline.focus', title: 'Focus timeline', group: 'Timeline', keywords: ['entries', 'scroll'], shortcut: 'T', enabled: hasIncident, run: (ctx) => ctx.openPane('timeline') },
  {
    id: 'timeline.search',
    title: 'Search the timeline',
    group: 'Timeline',
    keywords: ['find', 'filter'],
    shortcut: 'Mod+F',
    enabled: hasIncident,
    run: (ctx) => {
      ctx.openPane('timeline');
      ctx.focus('timeline-search');
    },
  },
  {
    id: 'timeline.pinned-only',
    title: 'Show pinned entries only (toggle)',
    group: 'Timeline',
    keywords: ['pin', 'filter', 'important'],
    enabled: hasIncident,
    run: () => timelineUiActions.togglePinnedOnly(),
  },
  { id: 'incidents.focus-list', title: 'Focus incident list', group: 'Navigation', shortcut: 'L', run: (ctx) => ctx.focus('incident-list') },
  { id: 'view.toggle-theme', title: 'Toggle dark / light theme', group: 'View', keywords: ['theme', 'dark', 'light', 'contrast', 'colour'], shortcut: 'Mod+Shift+L', run: () => themeActions.toggle() },
  {
    id: 'view.reset-layout',
    title: 'Reset workspace layout',
    group: 'View',
    keywords: ['panes', 'sizes'],
    run: () => layoutActions.reset(panes.filter((p) => p.defaultOpen).map((p) => p.id)),
  },
  { id: 'app.shortcuts', title: 'Keyboard shortcuts', group: 'General', keywords: ['help', 'keys'], shortcut: '?', run: (ctx) => ctx.openDialog('shortcuts') },
  { id: 'profile.edit', title: 'Edit my profile…', group: 'General', keywords: ['name', 'handle', 'user'], run: (ctx) => ctx.openDialog('profile') },
];

/** "Open <pane>" for every registered pane, so each is reachable from the palette and a shortcut. */
const paneActions: ActionDef[] = panes.map((p) => ({
  id: `pane.${p.id}`,
  title: `Open ${p.title} pane`,
  group: 'Panes',
  keywords: ['pane', 'show', p.id],
  ...(p.shortcut ? { shortcut: p.shortcut } : {}),
  enabled: hasIncident,
  run: (ctx: ActionContext) => ctx.openPane(p.id),
}));

export const actions: ActionDef[] = [
  ...coreActions,
  ...paneActions,
  // Feature actions: one line each, e.g. ...rolesActions,
  // War room (issue 4)
  ...rolesActions,
  ...timersActions,
  ...depmapActions,
  // Evidence vault (issue 6)
  ...vaultActions,
  // Sync (issue 5)
  ...outboxActions,
  ...integrationsActions,
];

export function actionById(id: string): ActionDef | undefined {
  return actions.find((a) => a.id === id);
}

/** Run an action by id if it exists and is enabled; errors become toasts that name the problem. */
export async function runAction(id: string, ctx: ActionContext): Promise<boolean> {
  const action = actionById(id);
  if (!action) {
    ctx.notify(`Unknown action "${id}".`, 'error');
    return false;
  }
  if (action.enabled && !action.enabled(ctx)) return false;
  try {
    await action.run(ctx);
    return true;
  } catch (err) {
    ctx.notify(`${action.title.replace(/…$/, '')} failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
    return false;
  }
}
