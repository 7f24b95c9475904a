// Guards for the two registries that several features extend in parallel.
import { describe, expect, it } from 'vitest';
import { actions } from '../../../renderer/src/app/actions';
import { panes } from '../../../renderer/src/app/panes';
import { parseShortcut } from '../../../renderer/src/lib/shortcuts';

const norm = (s: string) => {
  const p = parseShortcut(s);
  return [p.mod && 'mod', p.ctrl && 'ctrl', p.alt && 'alt', p.shift && 'shift', p.key].filter(Boolean).join('+');
};

describe('registries', () => {
  it('pane ids are unique kebab-case and each pane has a component', () => {
    const ids = panes.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panes) {
      expect(p.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(typeof p.component).toBe('function');
    }
    expect(ids).toContain('timeline');
  });

  it('action ids are unique and every pane can be opened from the palette', () => {
    const ids = actions.map((a) => a.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes).toEqual([]);
    for (const p of panes) expect(ids).toContain(`pane.${p.id}`);
  });

  it('no two actions share a shortcut', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const a of actions) {
      if (!a.shortcut) continue;
      const k = norm(a.shortcut);
      if (seen.has(k)) clashes.push(`${a.shortcut}: ${seen.get(k)} and ${a.id}`);
      else seen.set(k, a.id);
    }
    expect(clashes).toEqual([]);
  });
});
