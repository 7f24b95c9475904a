// The workspace layout as plain data, and the rules that keep it usable: which areas fit the
// space (every pane has a minimum size below which its controls would clip), where a pane opening
// goes, which areas fold into tabs when the window shrinks, and the default layouts per role and
// screen size. Pure: no DOM, no dockview runtime (only its serialised shape), so it is unit-tested.
import type { SerializedDockview } from 'dockview-react';

/** 'row' lays its children side by side, 'column' stacks them. */
export type SplitDir = 'row' | 'column';
export interface AreaNode {
  kind: 'area';
  id: string;
  panes: string[];
  active?: string;
}
export interface SplitNode {
  kind: 'split';
  dir: SplitDir;
  children: LayoutNode[];
}
export type LayoutNode = AreaNode | SplitNode;

export interface Size {
  width: number;
  height: number;
}
export type MinSizeOf = (paneId: string) => Size;

// ---- roles and screen sizes -------------------------------------------------------------------

export const LAYOUT_ROLES = ['ic', 'comms', 'scribe', 'facilitator'] as const;
export type LayoutRole = (typeof LAYOUT_ROLES)[number];
export const LAYOUT_ROLE_LABELS: Record<LayoutRole, string> = {
  ic: 'Incident Commander',
  comms: 'Communications Lead',
  scribe: 'Scribe',
  facilitator: 'Facilitator',
};

export const SIZE_CLASSES = ['laptop', 'desktop', 'wall'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];
export const SIZE_CLASS_LABELS: Record<SizeClass, string> = { laptop: 'laptop', desktop: 'desktop', wall: 'wall screen' };

/** Laptop up to 1440 px wide, wall screen from 1920 px, desktop between. */
export function sizeClassOf(windowWidth: number): SizeClass {
  if (windowWidth <= 1440) return 'laptop';
  if (windowWidth >= 1920) return 'wall';
  return 'desktop';
}

export const layoutSlot = (role: LayoutRole, size: SizeClass): string => `${role}:${size}`;

/**
 * A layout as people describe it: columns left to right, each a stack of areas, each area a list
 * of tabs (the first one shown).
 */
export type LayoutSpec = string[][][];

// What each role needs in front of it. Narrower screens fold the same panes into fewer columns.
export const DEFAULT_LAYOUTS: Record<LayoutRole, Record<SizeClass, LayoutSpec>> = {
  ic: {
    laptop: [[['timeline']], [['roles', 'depmap'], ['timers']]],
    desktop: [[['timeline']], [['roles'], ['timers']], [['depmap']]],
    wall: [[['timeline']], [['roles'], ['timers']], [['depmap'], ['outbox']]],
  },
  comms: {
    laptop: [[['timeline']], [['outbox', 'integrations'], ['timers']]],
    desktop: [[['timeline']], [['outbox'], ['timers']], [['integrations', 'roles']]],
    wall: [[['timeline']], [['outbox'], ['timers']], [['integrations'], ['roles']]],
  },
  scribe: {
    laptop: [[['timeline']], [['vault', 'roles']]],
    desktop: [[['timeline']], [['vault'], ['roles']]],
    wall: [[['timeline']], [['vault'], ['roles']], [['timers', 'depmap']]],
  },
  facilitator: {
    laptop: [[['timeline']], [['timers', 'roles'], ['outbox']]],
    desktop: [[['timeline']], [['timers'], ['roles']], [['depmap', 'outbox']]],
    wall: [[['timeline']], [['timers'], ['roles']], [['depmap'], ['outbox']]],
  },
};

/** The spec without panes that are not registered (a saved layout may name a pane since removed). */
export function pruneSpec(spec: LayoutSpec, known: ReadonlySet<string>): LayoutSpec {
  return spec.map((col) => col.map((area) => area.filter((p) => known.has(p))).filter((a) => a.length > 0)).filter((c) => c.length > 0);
}

export function specToTree(spec: LayoutSpec): LayoutNode | null {
  let n = 0;
  const cols: LayoutNode[] = spec.map((col) => {
    const areas: LayoutNode[] = col.map((panes) => ({ kind: 'area', id: `a${++n}`, panes: [...panes], active: panes[0]! }));
    return areas.length === 1 ? areas[0]! : { kind: 'split', dir: 'column', children: areas };
  });
  if (cols.length === 0) return null;
  return cols.length === 1 ? cols[0]! : { kind: 'split', dir: 'row', children: cols };
}

// ---- sizes --------------------------------------------------------------------------------------

/** Height of an area's tab strip, added to the tallest pane minimum. */
export const TAB_STRIP_HEIGHT = 36;

export function areaMinSize(area: AreaNode, minOf: MinSizeOf): Size {
  let width = 0;
  let height = 0;
  for (const p of area.panes) {
    const m = minOf(p);
    width = Math.max(width, m.width);
    height = Math.max(height, m.height);
  }
  return { width, height: height + TAB_STRIP_HEIGHT };
}

/** The smallest box the layout fits in without squeezing any pane below its minimum. */
export function requiredSize(node: LayoutNode, minOf: MinSizeOf): Size {
  if (node.kind === 'area') return areaMinSize(node, minOf);
  const sizes = node.children.map((c) => requiredSize(c, minOf));
  const sum = (k: keyof Size) => sizes.reduce((s, x) => s + x[k], 0);
  const max = (k: keyof Size) => sizes.reduce((s, x) => Math.max(s, x[k]), 0);
  return node.dir === 'row' ? { width: sum('width'), height: max('height') } : { width: max('width'), height: sum('height') };
}

export const fits = (need: Size, room: Size): boolean => need.width <= room.width + 0.5 && need.height <= room.height + 0.5;

// ---- tree edits (each returns a new tree; inputs are never mutated) ----------------------------

export function areas(node: LayoutNode | null): AreaNode[] {
  if (!node) return [];
  return node.kind === 'area' ? [node] : node.children.flatMap(areas);
}

export function findAreaOf(node: LayoutNode | null, paneId: string): AreaNode | undefined {
  return areas(node).find((a) => a.panes.includes(paneId));
}

/** Collapse splits with one child and splits nested in a split of the same direction. */
function normalise(node: LayoutNode | null): LayoutNode | null {
  if (!node || node.kind === 'area') return node && node.panes.length === 0 ? null : node;
  const children: LayoutNode[] = [];
  for (const c of node.children) {
    const n = normalise(c);
    if (!n) continue;
    if (n.kind === 'split' && n.dir === node.dir) children.push(...n.children);
    else children.push(n);
  }
  if (children.length === 0) return null;
  if (children.length === 1) return children[0]!;
  return { kind: 'split', dir: node.dir, children };
}

function mapAreas(node: LayoutNode, fn: (a: AreaNode) => LayoutNode | null): LayoutNode | null {
  if (node.kind === 'area') return fn(node);
  return normalise({ ...node, children: node.children.map((c) => mapAreas(c, fn)).filter((c): c is LayoutNode => c !== null) });
}

export function removePane(node: LayoutNode | null, paneId: string): LayoutNode | null {
  if (!node) return null;
  return mapAreas(node, (a) => {
    if (!a.panes.includes(paneId)) return a;
    const panes = a.panes.filter((p) => p !== paneId);
    return panes.length ? { ...a, panes, active: a.active === paneId ? panes[0]! : a.active! } : null;
  });
}

export function addTab(node: LayoutNode, areaId: string, paneId: string): LayoutNode {
  return mapAreas(node, (a) => (a.id === areaId ? { ...a, panes: [...a.panes, paneId], active: paneId } : a))!;
}

/** Split the area `areaId` and put a new area with `paneId` to its right ('row') or below ('column'). */
export function splitArea(node: LayoutNode, areaId: string, dir: SplitDir, paneId: string, newId: string): LayoutNode {
  const fresh: AreaNode = { kind: 'area', id: newId, panes: [paneId], active: paneId };
  return mapAreas(node, (a) => (a.id === areaId ? { kind: 'split', dir, children: [a, fresh] } : a))!;
}

/** A new area at the far right (a new column) or the bottom (a new row) of the whole layout. */
export function addAtEdge(node: LayoutNode | null, dir: SplitDir, paneId: string, newId: string): LayoutNode {
  const fresh: AreaNode = { kind: 'area', id: newId, panes: [paneId], active: paneId };
  if (!node) return fresh;
  return normalise({ kind: 'split', dir, children: [node, fresh] })!;
}

/** Move every tab of `fromId` into `toId` (which keeps its shown tab). */
export function mergeAreas(node: LayoutNode, fromId: string, toId: string): LayoutNode {
  const from = areas(node).find((a) => a.id === fromId);
  if (!from || fromId === toId) return node;
  return mapAreas(node, (a) => {
    if (a.id === fromId) return null;
    if (a.id === toId) return { ...a, panes: [...a.panes, ...from.panes] };
    return a;
  })!;
}

/** The area next to `areaId` in reading order (its neighbour in the nearest split). */
export function neighbourOf(node: LayoutNode, areaId: string): AreaNode | undefined {
  const list = areas(node);
  const i = list.findIndex((a) => a.id === areaId);
  if (i < 0 || list.length < 2) return undefined;
  return i > 0 ? list[i - 1] : list[i + 1];
}

// ---- decisions ----------------------------------------------------------------------------------

export type Placement = { kind: 'tab'; areaId: string } | { kind: 'split'; areaId: string; dir: SplitDir } | { kind: 'edge'; dir: SplitDir } | { kind: 'first' };

/**
 * Where a pane opening should go: a new column, then a new row beside the active area, when the
 * result still fits `room`; otherwise a tab in the area best able to hold it (one already at least
 * as wide as the pane needs, else the widest), so no pane is squeezed below its minimum.
 */
export function placePane(node: LayoutNode | null, paneId: string, activeAreaId: string | undefined, room: Size, minOf: MinSizeOf, current?: ReadonlyMap<string, Size>): Placement {
  if (!node) return { kind: 'first' };
  const list = areas(node);
  const active = list.find((a) => a.id === activeAreaId) ?? list[0]!;
  const candidates: Placement[] = [{ kind: 'edge', dir: 'row' }, { kind: 'split', areaId: active.id, dir: 'row' }, { kind: 'split', areaId: active.id, dir: 'column' }];
  for (const c of candidates) {
    if (fits(requiredSize(apply(node, paneId, c, '__new'), minOf), room)) return c;
  }
  const need = minOf(paneId);
  const fitting = list.filter((a) => fits(requiredSize(addTab(node, a.id, paneId), minOf), room));
  const pool = fitting.length ? fitting : list;
  const widthOf = (a: AreaNode) => current?.get(a.id)?.width ?? areaMinSize(a, minOf).width;
  const roomy = pool.filter((a) => widthOf(a) >= need.width);
  if (roomy.includes(active)) return { kind: 'tab', areaId: active.id };
  const pick = (roomy.length ? roomy : pool).reduce((best, a) => (widthOf(a) > widthOf(best) ? a : best));
  return { kind: 'tab', areaId: pick.id };
}

export function apply(node: LayoutNode | null, paneId: string, p: Placement, newId: string): LayoutNode {
  switch (p.kind) {
    case 'first':
      return { kind: 'area', id: newId, panes: [paneId], active: paneId };
    case 'edge':
      return addAtEdge(node, p.dir, paneId, newId);
    case 'split':
      return splitArea(node!, p.areaId, p.dir, paneId, newId);
    case 'tab':
      return addTab(node!, p.areaId, paneId);
  }
}

export interface Merge {
  from: string;
  to: string;
}

/**
 * The areas to fold into tabs so the layout fits `room`: greedily, the merge that leaves the
 * smallest overflow, preferring to fold the narrowest area into its neighbour. Stops when it fits
 * or one area is left (a single area always shows its pane at the size there is).
 */
export function planFit(node: LayoutNode | null, room: Size, minOf: MinSizeOf): Merge[] {
  const merges: Merge[] = [];
  let tree = node;
  const overflow = (t: LayoutNode) => {
    const need = requiredSize(t, minOf);
    return Math.max(0, need.width - room.width) + Math.max(0, need.height - room.height);
  };
  for (let guard = 0; tree && !fits(requiredSize(tree, minOf), room) && guard < 32; guard++) {
    const list = areas(tree);
    if (list.length < 2) break;
    let best: { m: Merge; t: LayoutNode; score: number } | null = null;
    for (const a of list) {
      const to = neighbourOf(tree, a.id);
      if (!to) continue;
      const t = mergeAreas(tree, a.id, to.id);
      const score = overflow(t) * 1e6 + areaMinSize(a, minOf).width;
      if (!best || score < best.score) best = { m: { from: a.id, to: to.id }, t, score };
    }
    if (!best) break;
    merges.push(best.m);
    tree = best.t;
  }
  return merges;
}

// ---- dockview's serialised form ------------------------------------------------------------------

type SerialNode = SerializedDockview['grid']['root'];

/** Our tree from dockview's JSON (floating and popout groups are not used by the workspace). */
export function treeFromDock(dock: SerializedDockview): LayoutNode | null {
  const walk = (n: SerialNode, dir: SplitDir): LayoutNode | null => {
    if (n.type === 'leaf') {
      const d = n.data as { id: string; views: string[]; activeView?: string };
      return { kind: 'area', id: d.id, panes: [...d.views], ...(d.activeView ? { active: d.activeView } : {}) };
    }
    const other: SplitDir = dir === 'row' ? 'column' : 'row';
    const children = (n.data as SerialNode[]).map((c) => walk(c, other)).filter((c): c is LayoutNode => c !== null);
    return normalise({ kind: 'split', dir, children });
  };
  return normalise(walk(dock.grid.root, dock.grid.orientation === 'HORIZONTAL' ? 'row' : 'column'));
}

/**
 * A saved layout with every pane that is not registered any more taken out (its area goes when it
 * empties, and so does a split left with one child); null when nothing known is left.
 */
export function pruneDock(dock: SerializedDockview, known: ReadonlySet<string>): SerializedDockview | null {
  if (!dock || typeof dock !== 'object' || !dock.grid || !dock.panels) return null;
  const keep = (id: string) => known.has(id) && !!dock.panels[id];
  const walk = (n: SerialNode): SerialNode | null => {
    if (n.type === 'leaf') {
      const d = n.data as { id: string; views: string[]; activeView?: string };
      const views = (d.views ?? []).filter(keep);
      if (views.length === 0) return null;
      const activeView = d.activeView && views.includes(d.activeView) ? d.activeView : views[0]!;
      return { ...n, data: { ...d, views, activeView } };
    }
    const children = (n.data as SerialNode[]).map(walk).filter((c): c is SerialNode => c !== null);
    if (children.length === 0) return null;
    return { ...n, data: children };
  };
  const root = walk(dock.grid.root);
  if (!root) return null;
  const panels = Object.fromEntries(Object.entries(dock.panels).filter(([id]) => keep(id)));
  // A leaf cannot be the grid's root: wrap it in a branch of the root's orientation.
  const safeRoot: SerialNode = root.type === 'leaf' ? { type: 'branch', data: [root], size: dock.grid.height } : root;
  const groupIds = new Set(areasOfSerial(safeRoot));
  const out: SerializedDockview = { grid: { ...dock.grid, root: safeRoot }, panels };
  if (dock.activeGroup && groupIds.has(dock.activeGroup)) out.activeGroup = dock.activeGroup;
  return out;
}

function areasOfSerial(n: SerialNode): string[] {
  if (n.type === 'leaf') return [(n.data as { id: string }).id];
  return (n.data as SerialNode[]).flatMap(areasOfSerial);
}

/** Pane ids of a saved layout, in reading order. */
export function panesOfDock(dock: SerializedDockview | null): string[] {
  if (!dock) return [];
  return areas(treeFromDock(dock)).flatMap((a) => a.panes);
}
