// The named-action registry: every user operation the command palette, menus, buttons and keyboard
// shortcuts share. Components call actions by id (see runAction); they do not duplicate the logic.
//
// To add an action: export an `ActionDef` (or an array of them) from your feature's index.ts and
// add ONE line to `actions` below, e.g. `...rolesActions,`. Ids are '<domain>.<verb>'. `run(ctx)`
// gets the API, the query client, the open incident and UI helpers (openDialog, openPane, focus,
// notify); `enabled(ctx)` hides the action when it cannot run (see lib/workbench.ts). Shortcuts use
// 'Mod+Shift+X' notation; the registry test refuses two actions with one shortcut. The order below
// is the palette's order (its groups appear as first met).
import { incidentActions } from '../features/incidents';
import { rolesActions } from '../features/roles';
import { timersActions } from '../features/timers';
import { depmapActions } from '../features/depmap';
import { vaultActions } from '../features/vault';
import { outboxActions } from '../features/outbox';
import { integrationsActions } from '../features/integrations';
import { timelineActions } from '../features/timeline';
import { themeActions } from '../lib/theme';
import { LOCAL, localTimeZone, timeZoneActions } from '../lib/timeZone';
import { hasIncident, type ActionContext, type ActionDef } from '../lib/workbench';
import { openPaneWindow } from './detach';
import { dock } from './dock';
import { LAYOUT_ROLE_LABELS, LAYOUT_ROLES, SIZE_CLASS_LABELS, sizeClassOf } from './layoutModel';
import { panes } from './panes';
import { currentLayout, isFocusMode, layoutActions, paletteActions } from './store';

const paletteAction: ActionDef = { id: 'palette.open', title: 'Open command palette', shortcut: 'Mod+K', group: 'General', run: (ctx) => ctx.openPalette('root') };

/** The shell's own actions: navigation, view, help and the profile dialog it hosts. */
const shellActions: ActionDef[] = [
  { id: 'incidents.focus-list', title: 'Focus incident list', group: 'Navigation', shortcut: 'L', run: (ctx) => ctx.focus('incident-list') },
  { id: 'view.toggle-theme', title: 'Toggle dark / light theme', group: 'View', keywords: ['theme', 'dark', 'light', 'contrast', 'colour'], shortcut: 'Mod+Shift+L', run: () => themeActions.toggle() },
  {
    id: 'view.reset-layout',
    title: 'Reset workspace layout',
    group: 'View',
    keywords: ['panes', 'sizes'],
    run: () => layoutActions.reset(panes.filter((p) => p.defaultOpen).map((p) => p.id)),
  },
  { id: 'view.time-zone', title: 'Choose time zone…', group: 'View', keywords: ['clock', 'utc', 'local', 'timezone', 'zone', 'iana'], run: (ctx) => ctx.openDialog('time-zone') },
  { id: 'view.time-zone-utc', title: 'Show times in UTC', group: 'View', keywords: ['clock', 'timezone', 'zone'], run: () => void timeZoneActions.set('UTC') },
  { id: 'view.time-zone-local', title: `Show times in this computer's zone (${localTimeZone()})`, group: 'View', keywords: ['clock', 'timezone', 'zone', 'local'], run: () => void timeZoneActions.set(LOCAL) },
  {
    id: 'view.maximise',
    title: 'Maximise or restore the active pane',
    group: 'Layout',
    keywords: ['zoom', 'full', 'restore', 'area'],
    shortcut: 'Alt+Shift+M',
    enabled: hasIncident,
    run: (ctx) => {
      if (!dock.toggleMaximise()) ctx.notify('Only one area is open: there is nothing to maximise.');
    },
  },
  { id: 'view.focus-mode', title: 'Focus mode: only the active pane', group: 'Layout', keywords: ['zen', 'alone', 'distraction'], shortcut: 'Alt+Shift+F', enabled: hasIncident, run: () => dock.setFocusMode(!isFocusMode()) },
  { id: 'view.leave-focus-mode', title: 'Leave focus mode', group: 'Layout', shortcut: 'Escape', enabled: () => isFocusMode(), run: () => dock.setFocusMode(false) },
  { id: 'view.move-pane-next', title: 'Move the active pane to the next area', group: 'Layout', keywords: ['dock', 'tab', 'right'], shortcut: 'Alt+Shift+ArrowRight', enabled: hasIncident, run: (ctx) => ctx.notify(dock.moveActive('next')) },
  { id: 'view.move-pane-previous', title: 'Move the active pane to the previous area', group: 'Layout', keywords: ['dock', 'tab', 'left'], shortcut: 'Alt+Shift+ArrowLeft', enabled: hasIncident, run: (ctx) => ctx.notify(dock.moveActive('previous')) },
  { id: 'view.move-pane-new', title: 'Move the active pane to a new area', group: 'Layout', keywords: ['dock', 'split'], shortcut: 'Alt+Shift+N', enabled: hasIncident, run: (ctx) => ctx.notify(dock.moveActive('new')) },
  {
    id: 'view.detach-pane',
    title: 'Open the active pane in a new window (wall screen)',
    group: 'Layout',
    keywords: ['detach', 'window', 'wall', 'second screen', 'popout'],
    enabled: hasIncident,
    run: async (ctx) => {
      const pane = dock.activePaneId();
      if (pane && ctx.incident) await openPaneWindow(ctx.api, pane, ctx.incident.id);
    },
  },
  ...LAYOUT_ROLES.map(
    (role): ActionDef => ({
      id: `layout.role-${role}`,
      title: `Layout: ${LAYOUT_ROLE_LABELS[role]}`,
      group: 'Layout',
      keywords: ['layout', 'role', 'workspace', 'arrangement'],
      enabled: hasIncident,
      run: () => {
        layoutActions.setRole(role);
        dock.applyRole(role);
      },
    }),
  ),
  {
    id: 'layout.save',
    title: 'Save this layout for my role',
    group: 'Layout',
    keywords: ['layout', 'remember', 'role'],
    enabled: hasIncident,
    run: (ctx) => {
      const role = currentLayout().role;
      dock.saveRole(role);
      ctx.notify(`Layout saved for ${LAYOUT_ROLE_LABELS[role]} on a ${SIZE_CLASS_LABELS[sizeClassOf(window.innerWidth)]}.`, 'success');
    },
  },
  { id: 'layout.reset-role', title: "Reset my role's layout to its default", group: 'Layout', keywords: ['layout', 'default', 'role'], enabled: hasIncident, run: () => dock.resetRole(currentLayout().role) },
  {
    id: 'view.toggle-density',
    title: 'Toggle compact density',
    group: 'View',
    keywords: ['compact', 'dense', 'small screen', 'laptop', 'comfortable'],
    run: () => layoutActions.setDensity(document.documentElement.dataset.density === 'compact' ? 'comfortable' : 'compact'),
  },
  { id: 'view.density-auto', title: 'Density: automatic (compact on small screens)', group: 'View', keywords: ['compact', 'dense', 'auto'], run: () => layoutActions.setDensity('auto') },
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
  paletteAction,
  ...incidentActions,
  ...timelineActions,
  ...shellActions,
  ...paneActions,
  ...rolesActions,
  ...timersActions,
  ...depmapActions,
  ...vaultActions,
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
  // Whatever ran it (the palette, a menu, a button), the palette is done once an action starts.
  if (action.id !== 'palette.open') paletteActions.close();
  try {
    await action.run(ctx);
    return true;
  } catch (err) {
    ctx.notify(`${action.title.replace(/…$/, '')} failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
    return false;
  }
}
