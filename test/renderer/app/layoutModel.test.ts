// The layout rules without a browser: how much room a layout needs, where an opening pane goes,
// which areas fold into tabs when the room shrinks, and what is left of a saved layout whose panes
// are gone. Plus the stored-state migration, the density rule and the detached-pane route.
import type { SerializedDockview } from 'dockview-react';
import { describe, expect, it } from 'vitest';
import { paneRoute, paneRouteSearch } from '../../../renderer/src/app/detach';
import { effectiveDensity } from '../../../renderer/src/app/density';
import {
  apply,
  areas,
  DEFAULT_LAYOUTS,
  LAYOUT_ROLES,
  placePane,
  planFit,
  pruneDock,
  pruneSpec,
  requiredSize,
  SIZE_CLASSES,
  sizeClassOf,
  specToTree,
  TAB_STRIP_HEIGHT,
  treeFromDock,
  mergeAreas,
  type LayoutNode,
} from '../../../renderer/src/app/layoutModel';
import { panes } from '../../../renderer/src/app/panes';
import { DEFAULT_LAYOUT, normaliseLayout } from '../../../renderer/src/app/store';
import { matchPeople } from '../../../renderer/src/features/roles/people';

const MIN: Record<string, { width: number; height: number }> = { a: { width: 400, height: 300 }, b: { width: 300, height: 200 }, c: { width: 600, height: 300 }, d: { width: 300, height: 200 } };
const minOf = (id: string) => MIN[id] ?? { width: 300, height: 200 };
const H = (h: number) => h + TAB_STRIP_HEIGHT;
const panesOf = (t: LayoutNode | null) => areas(t).map((x) => x.panes);

describe('layout model', () => {
  it('needs the sum of widths side by side and of heights stacked; an area needs its largest tab', () => {
    const t = specToTree([[['a']], [['b'], ['c', 'd']]])!;
    expect(requiredSize(t, minOf)).toEqual({ width: 400 + 600, height: Math.max(H(300), H(200) + H(300)) });
  });

  it('opens a pane in a new column when it fits, else beside or under the active area, else as a tab', () => {
    const t = specToTree([[['a']]])!;
    expect(placePane(t, 'b', areas(t)[0]!.id, { width: 800, height: 600 }, minOf)).toEqual({ kind: 'edge', dir: 'row' });
    // No room for a column, room for a row.
    expect(placePane(t, 'b', areas(t)[0]!.id, { width: 500, height: 600 }, minOf)).toMatchObject({ kind: 'split', dir: 'column' });
    // Room for neither: a tab in the active area (wide enough for it).
    expect(placePane(t, 'b', areas(t)[0]!.id, { width: 500, height: 400 }, minOf)).toEqual({ kind: 'tab', areaId: areas(t)[0]!.id });
    // The map needs 600 px: it goes to the area that is that wide, not the narrow active one.
    const two = specToTree([[['b']], [['a']]])!;
    const [narrow, wide] = areas(two);
    const sizes = new Map([
      [narrow!.id, { width: 320, height: 500 }],
      [wide!.id, { width: 640, height: 500 }],
    ]);
    expect(placePane(two, 'c', narrow!.id, { width: 960, height: 500 }, minOf, sizes)).toEqual({ kind: 'tab', areaId: wide!.id });
    expect(placePane(null, 'a', undefined, { width: 1, height: 1 }, minOf)).toEqual({ kind: 'first' });
  });

  it('folds areas into tabs until the layout fits, never below one area', () => {
    const t = specToTree([[['a']], [['b']], [['c']]])!; // needs 1300 px
    const merges = planFit(t, { width: 1000, height: 600 }, minOf);
    expect(merges).toHaveLength(1);
    const after = merges.reduce((acc, m) => mergeAreas(acc, m.from, m.to), t);
    expect(requiredSize(after, minOf).width).toBeLessThanOrEqual(1000);
    // The narrowest area is the one folded away.
    expect(panesOf(after).flat().sort()).toEqual(['a', 'b', 'c']);
    expect(panesOf(after).find((p) => p.length === 2)).toContain('b');
    const tiny = planFit(t, { width: 100, height: 100 }, minOf).reduce((acc, m) => mergeAreas(acc, m.from, m.to), t);
    expect(areas(tiny)).toHaveLength(1);
    expect(planFit(t, { width: 2000, height: 600 }, minOf)).toEqual([]);
  });

  it('every default role layout, for every screen size, names only registered panes', () => {
    const known = new Set(panes.map((p) => p.id));
    for (const role of LAYOUT_ROLES) {
      for (const size of SIZE_CLASSES) {
        const spec = DEFAULT_LAYOUTS[role][size];
        expect(pruneSpec(spec, known), `${role} ${size}`).toEqual(spec);
        expect(spec.flat(2)).toContain('timeline');
      }
    }
    expect(DEFAULT_LAYOUTS.ic.wall.flat(2)).toEqual(expect.arrayContaining(['timeline', 'roles', 'timers', 'depmap']));
  });

  it('size classes: laptop up to 1440 px, wall from 1920 px', () => {
    expect([1280, 1366, 1440, 1441, 1919, 1920, 3840].map(sizeClassOf)).toEqual(['laptop', 'laptop', 'laptop', 'desktop', 'desktop', 'wall', 'wall']);
  });

  const saved = (): SerializedDockview =>
    ({
      grid: {
        orientation: 'HORIZONTAL',
        width: 1200,
        height: 700,
        root: {
          type: 'branch',
          data: [
            { type: 'leaf', size: 600, data: { id: '1', views: ['timeline', 'wallboard'], activeView: 'wallboard' } },
            {
              type: 'branch',
              size: 600,
              data: [
                { type: 'leaf', size: 350, data: { id: '2', views: ['roles'], activeView: 'roles' } },
                { type: 'leaf', size: 350, data: { id: '3', views: ['wallboard'], activeView: 'wallboard' } },
              ],
            },
          ],
        },
      },
      panels: {
        timeline: { id: 'timeline', contentComponent: 'pane', title: 'Timeline' },
        roles: { id: 'roles', contentComponent: 'pane', title: 'Roles' },
        wallboard: { id: 'wallboard', contentComponent: 'pane', title: 'Wallboard' },
      },
      activeGroup: '3',
    }) as unknown as SerializedDockview;

  it('a saved layout loses the panes that no longer exist, their emptied areas and a dangling active area', () => {
    const pruned = pruneDock(saved(), new Set(['timeline', 'roles']))!;
    expect(Object.keys(pruned.panels).sort()).toEqual(['roles', 'timeline']);
    expect(panesOf(treeFromDock(pruned))).toEqual([['timeline'], ['roles']]);
    expect(pruned.activeGroup).toBeUndefined();
    const leaf = (pruned.grid.root.data as Array<{ data: { activeView: string } }>)[0]!;
    expect(leaf.data.activeView).toBe('timeline');
    // Nothing known left: nothing to restore.
    expect(pruneDock(saved(), new Set(['outbox']))).toBeNull();
    expect(pruneDock(null as never, new Set(['timeline']))).toBeNull();
  });

  it('reads dockview JSON as columns and rows', () => {
    const t = treeFromDock(saved())!;
    expect(t).toMatchObject({ kind: 'split', dir: 'row', children: [{ kind: 'area' }, { kind: 'split', dir: 'column' }] });
    expect(apply(t, 'x', { kind: 'tab', areaId: '2' }, 'n')).toMatchObject({ children: [{}, { children: [{ panes: ['roles', 'x'] }, {}] }] });
  });

  it('a layout stored by the old column workspace loads (open panes kept, the rest defaulted)', () => {
    expect(normaliseLayout({ open: ['timeline', 'roles'], sizes: { timeline: 1 }, listWidth: 320 })).toEqual({ ...DEFAULT_LAYOUT, open: ['timeline', 'roles'], listWidth: 320 });
    expect(normaliseLayout({ role: 'overlord', density: 'huge', listWidth: 9999, saved: [] })).toEqual({ ...DEFAULT_LAYOUT, listWidth: 600 });
    expect(normaliseLayout(null)).toEqual(DEFAULT_LAYOUT);
  });

  it('density: compact below 1400×820 on auto; the choice wins', () => {
    expect(effectiveDensity('auto', { width: 1366, height: 768 })).toBe('compact');
    expect(effectiveDensity('auto', { width: 1440, height: 900 })).toBe('comfortable');
    expect(effectiveDensity('auto', { width: 1920, height: 800 })).toBe('compact');
    expect(effectiveDensity('comfortable', { width: 1366, height: 768 })).toBe('comfortable');
    expect(effectiveDensity('compact', { width: 1920, height: 1080 })).toBe('compact');
  });

  it('the detached-pane route takes a registered pane and a ULID, nothing else', () => {
    const isPane = (id: string) => id === 'roles';
    const id = '01J9Z8Y7X6W5V4T3S2R1Q0P9N8';
    expect(paneRoute(paneRouteSearch('roles', id), isPane)).toEqual({ paneId: 'roles', incidentId: id });
    expect(paneRoute(`?pane=nope&incident=${id}`, isPane)).toBeNull();
    expect(paneRoute('?pane=roles&incident=../../etc', isPane)).toBeNull();
    expect(paneRoute('?pane=roles', isPane)).toBeNull();
    expect(paneRoute('', isPane)).toBeNull();
  });

  it('finds people by every word of the query in name, handle or team', () => {
    const people = [
      { name: 'Dana Whitfield', handle: 'dana', team: 'SRE' },
      { name: 'Lee Park', handle: 'lee', team: 'SRE' },
      { name: 'Priya Raman', handle: 'priya', team: 'Payments' },
    ];
    expect(matchPeople(people, '').map((p) => p.handle)).toEqual(['dana', 'lee', 'priya']);
    expect(matchPeople(people, 'sre').map((p) => p.handle)).toEqual(['dana', 'lee']);
    expect(matchPeople(people, '@lee').map((p) => p.handle)).toEqual(['lee']);
    expect(matchPeople(people, 'sre park').map((p) => p.handle)).toEqual(['lee']);
    expect(matchPeople(people, 'nobody')).toEqual([]);
  });
});
