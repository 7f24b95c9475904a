// The workspace over the docking library (dockview): panes live in areas, each area a strip of tabs.
// This module turns the shell's layout requests (open, close, move, maximise, a role's layout) into
// dockview calls, and keeps the rule of layoutModel.ts: no pane is ever squeezed below its minimum
// size; when the room runs out, areas fold into tabs. The arrangement is reported to the store after
// every change, so it survives a reload.
import type { DockviewApi, DockviewGroupPanel, SerializedDockview } from 'dockview-react';
import {
  apply,
  areaMinSize,
  areas,
  DEFAULT_LAYOUTS,
  fits,
  layoutSlot,
  placePane,
  planFit,
  pruneDock,
  pruneSpec,
  removePane,
  requiredSize,
  sizeClassOf,
  treeFromDock,
  type LayoutNode,
  type LayoutRole,
  type LayoutSpec,
  type Placement,
  type Size,
  type SizeClass,
} from './layoutModel';
import { paneById, panes } from './panes';
import { focusActions } from '../lib/focus';
import { bindLayoutController, currentLayout, layoutActions } from './store';

export const DEFAULT_MIN_SIZE: Size = { width: 320, height: 220 };

export function minSizeOf(id: string): Size {
  const p = paneById(id);
  return { width: p?.minWidth ?? DEFAULT_MIN_SIZE.width, height: p?.minHeight ?? DEFAULT_MIN_SIZE.height };
}

const known = () => new Set(panes.map((p) => p.id));
const PANE_COMPONENT = 'pane';

let api: DockviewApi | null = null;
let roomOf: () => Size = () => ({ width: 0, height: 0 });
/** The size class the arrangement on screen was made for. */
let shownFor: SizeClass | null = null;
let applying = 0;

function tree(): LayoutNode | null {
  return api ? treeFromDock(api.toJSON()) : null;
}

function currentSizes(): Map<string, Size> {
  return new Map((api?.groups ?? []).map((g) => [g.id, { width: g.api.width, height: g.api.height }]));
}

function group(id: string): DockviewGroupPanel | undefined {
  return api?.groups.find((g) => g.id === id);
}

function title(id: string): string {
  return paneById(id)?.title ?? id;
}

/** Each area keeps the largest minimum of its tabs, so switching tabs never squeezes a pane. */
function constrain(): void {
  if (!api) return;
  for (const g of api.groups) {
    const m = areaMinSize({ kind: 'area', id: g.id, panes: g.panels.map((p) => p.id) }, minSizeOf);
    g.api.setConstraints({ minimumWidth: m.width, minimumHeight: m.height });
  }
  // New constraints take effect at the next layout: lay out now, so no area stays below its minimum.
  const room = roomOf();
  if (room.width > 0 && room.height > 0) api.layout(room.width, room.height, true);
}

/** Fold areas into tabs until the layout fits the room there is. */
function fit(): void {
  if (!api) return;
  const room = roomOf();
  if (room.width <= 0 || room.height <= 0) return;
  const merges = planFit(tree(), room, minSizeOf);
  for (const m of merges) {
    const from = group(m.from);
    const to = group(m.to);
    if (!from || !to) break;
    const shown = to.activePanel;
    for (const p of [...from.panels]) p.api.moveTo({ group: to });
    shown?.api.setActive();
  }
  constrain();
}

function add(id: string, placement: Placement, inactive = false): void {
  if (!api) return;
  const base = { id, component: PANE_COMPONENT, title: title(id), ...(inactive ? { inactive: true } : {}) };
  switch (placement.kind) {
    case 'first':
      api.addPanel(base);
      break;
    case 'edge':
      api.addPanel({ ...base, position: { direction: placement.dir === 'row' ? 'right' : 'below' } });
      break;
    case 'split':
      api.addPanel({ ...base, position: { referenceGroup: placement.areaId, direction: placement.dir === 'row' ? 'right' : 'below' } });
      break;
    case 'tab':
      api.addPanel({ ...base, position: { referenceGroup: placement.areaId, direction: 'within' } });
      break;
  }
}

/** Add a pane where placePane says it fits best now (a new area if there is room, else a tab). */
function addPlaced(id: string, inactive = false): void {
  add(id, placePane(tree(), id, api!.activeGroup?.id, roomOf(), minSizeOf, currentSizes()), inactive);
}

function report(): void {
  if (!api || applying > 0) return;
  const dock = api.toJSON();
  layoutActions.setDock(dock, areas(treeFromDock(dock)).flatMap((a) => a.panes));
}

/** Run a batch of dockview changes, then fit, constrain and report once. */
function batch(fn: () => void): void {
  applying++;
  try {
    fn();
    constrain();
    fit();
  } finally {
    applying--;
  }
  report();
}

function openPane(id: string): void {
  if (!api || !paneById(id)) return;
  const existing = api.getPanel(id);
  if (existing) {
    if (api.hasMaximizedGroup() && !existing.api.isMaximized()) api.exitMaximizedGroup();
    existing.api.setActive();
    return;
  }
  if (api.hasMaximizedGroup()) api.exitMaximizedGroup();
  batch(() => addPlaced(id));
}

function closePane(id: string): void {
  const panel = api?.getPanel(id);
  if (!api || !panel) return;
  batch(() => api!.removePanel(panel));
}

/** Lay out a spec (columns of stacked areas of tabs), then fold what does not fit. */
function build(spec: LayoutSpec): void {
  if (!api) return;
  const cols = pruneSpec(spec, known());
  batch(() => {
    api!.clear();
    const firstOfCol: string[] = [];
    cols.forEach((col, i) => {
      const head = col[0]![0]!;
      add(head, i === 0 ? { kind: 'first' } : { kind: 'edge', dir: 'row' });
      firstOfCol.push(api!.getPanel(head)!.group.id);
    });
    cols.forEach((col, i) => {
      let last = firstOfCol[i]!;
      col.forEach((area, j) => {
        const [head, ...rest] = area;
        if (j > 0) {
          add(head!, { kind: 'split', areaId: last, dir: 'column' });
          last = api!.getPanel(head!)!.group.id;
        }
        for (const p of rest) add(p, { kind: 'tab', areaId: last }, true);
      });
    });
    api!.getPanel(cols[0]?.[0]?.[0] ?? '')?.api.setActive();
  });
}

function buildFromOpen(open: string[]): void {
  if (!api) return;
  batch(() => {
    api!.clear();
    for (const id of open.filter((p) => paneById(p))) addPlaced(id);
  });
}

function restore(dock: SerializedDockview): boolean {
  if (!api) return false;
  const pruned = pruneDock(dock, known());
  if (!pruned) return false;
  try {
    batch(() => api!.fromJSON(pruned));
    return true;
  } catch {
    return false;
  }
}

/** The saved (or default) arrangement of `role` for this screen size. */
function applyRole(role: LayoutRole): void {
  if (!api) return;
  const size = sizeClassOf(window.innerWidth);
  shownFor = size;
  if (api.hasMaximizedGroup()) api.exitMaximizedGroup();
  const saved = currentLayout().saved[layoutSlot(role, size)];
  if (!saved || !restore(saved)) build(DEFAULT_LAYOUTS[role][size]);
}

export const dock = {
  /** Called by the workspace when dockview is ready; restores the stored arrangement. */
  attach(next: DockviewApi, room: () => Size): () => void {
    api = next;
    roomOf = room;
    shownFor = sizeClassOf(window.innerWidth);
    const l = currentLayout();
    if (!(l.dock && restore(l.dock))) {
      if (l.open.length) buildFromOpen(l.open);
      else applyRole(l.role);
    }
    const subs = [
      next.onDidLayoutChange(() => report()),
      next.onDidMaximizedGroupChange(() => layoutActions.setMaximised(next.hasMaximizedGroup())),
      next.onDidActivePanelChange(() => constrain()),
    ];
    bindLayoutController({ openPane, closePane, rebuild: () => buildFromOpen(currentLayout().open) });
    return () => {
      for (const s of subs) s.dispose();
      bindLayoutController(null);
      if (api === next) api = null;
    };
  },
  /** The workspace changed size: another size class brings its own layout, else fold what no longer fits. */
  resized(): void {
    if (!api) return;
    const size = sizeClassOf(window.innerWidth);
    if (shownFor && size !== shownFor) {
      // The new size's arrangement for the role, but a window dragged to another screen in the middle
      // of an incident must not close what the commander had open, nor change the pane in use.
      const before = api.panels.map((p) => p.id);
      const active = api.activePanel?.id;
      applyRole(currentLayout().role);
      const missing = before.filter((id) => !api!.getPanel(id));
      if (missing.length) batch(() => missing.forEach((id) => addPlaced(id, true)));
      if (active) api.getPanel(active)?.api.setActive();
    } else batch(() => undefined);
  },
  openPane,
  closePane,
  applyRole,
  /** Keep the arrangement on screen as `role`'s layout for this screen size. */
  saveRole(role: LayoutRole): void {
    if (!api) return;
    layoutActions.saveSlot(layoutSlot(role, sizeClassOf(window.innerWidth)), api.toJSON());
  },
  resetRole(role: LayoutRole): void {
    layoutActions.forgetSlot(layoutSlot(role, sizeClassOf(window.innerWidth)));
    applyRole(role);
  },
  /** Maximise the active area, or restore the layout. False when there is nothing to maximise. */
  toggleMaximise(): boolean {
    if (!api) return false;
    if (api.hasMaximizedGroup()) {
      api.exitMaximizedGroup();
      return true;
    }
    const panel = api.activePanel;
    if (!panel || api.groups.length < 2) return false;
    api.maximizeGroup(panel);
    return true;
  },
  exitMaximise(): void {
    if (api?.hasMaximizedGroup()) api.exitMaximizedGroup();
  },
  isMaximised(): boolean {
    return !!api?.hasMaximizedGroup();
  },
  activePaneId(): string | null {
    return api?.activePanel?.id ?? null;
  },
  /**
   * Move the active pane, as a tab, to the next or previous area (reading order, wrapping), or into
   * a new area of its own if one fits. Answers what happened, for the user.
   */
  moveActive(where: 'next' | 'previous' | 'new'): string {
    if (!api) return 'No workspace.';
    const panel = api.activePanel;
    if (!panel) return 'No pane is active.';
    const t = tree();
    const list = areas(t);
    const from = panel.group.id;
    if (api.hasMaximizedGroup()) api.exitMaximizedGroup();
    if (where === 'new') {
      if (panel.group.panels.length < 2) return `${panel.title ?? panel.id} already has an area of its own.`;
      const room = roomOf();
      const candidates: Placement[] = [{ kind: 'edge', dir: 'row' }, { kind: 'split', areaId: from, dir: 'row' }, { kind: 'split', areaId: from, dir: 'column' }];
      const trimmed = removePane(t, panel.id);
      const ok = candidates.find((c) => fits(requiredSize(apply(trimmed, panel.id, c, '__new'), minSizeOf), room));
      if (!ok) return `No room for another area at this window size: ${panel.title ?? panel.id} stays a tab.`;
      batch(() => {
        if (ok.kind === 'edge') {
          const edgeGroup = api!.addGroup({ direction: 'right' });
          panel.api.moveTo({ group: edgeGroup });
        } else if (ok.kind === 'split') {
          panel.api.moveTo({ group: panel.group, position: ok.dir === 'row' ? 'right' : 'bottom' });
        }
        panel.api.setActive();
      });
      return `${panel.title ?? panel.id} moved to a new area.`;
    }
    if (list.length < 2) return 'There is only one area.';
    const i = list.findIndex((a) => a.id === from);
    const target = list[(i + (where === 'next' ? 1 : list.length - 1)) % list.length]!;
    const to = group(target.id);
    if (!to) return 'That area is gone.';
    batch(() => {
      panel.api.moveTo({ group: to });
      panel.api.setActive();
    });
    return `${panel.title ?? panel.id} moved to the ${where} area.`;
  },
  /** Focus mode: the active pane alone (its area maximised, the incident list and toolbar hidden), and back. */
  setFocusMode(on: boolean): void {
    layoutActions.setFocusMode(on);
    if (!api) return;
    if (on && !api.hasMaximizedGroup() && api.activePanel && api.groups.length > 1) api.maximizeGroup(api.activePanel);
    if (!on && api.hasMaximizedGroup()) api.exitMaximizedGroup();
    const active = api.activePanel?.id;
    if (active) focusActions.request(`pane:${active}`);
  },
};
