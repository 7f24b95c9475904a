// Keyboard shortcut notation shared by the action registry: 'Mod+Shift+K', 'Alt+1', '/', 'N'.
// Mod is ⌘ on macOS and Ctrl elsewhere. A shortcut without Mod/Ctrl/Alt never fires while the user
// types in a field, so plain letters stay letters.

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

interface Parsed {
  mod: boolean;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  key: string;
}

const cache = new Map<string, Parsed>();

export function parseShortcut(s: string): Parsed {
  const hit = cache.get(s);
  if (hit) return hit;
  const parts = s === '+' ? ['+'] : s.split('+');
  const key = parts.pop() ?? '';
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  const p: Parsed = { mod: mods.has('mod'), ctrl: mods.has('ctrl'), alt: mods.has('alt'), shift: mods.has('shift'), key: key.toLowerCase() };
  cache.set(s, p);
  return p;
}

function eventKey(e: KeyboardEvent): string {
  // With Alt (Option on macOS) or Shift the produced character changes; use the physical key.
  if (/^Digit\d$/.test(e.code)) return e.code.slice(5);
  if (/^Key[A-Z]$/.test(e.code) && (e.altKey || e.ctrlKey || e.metaKey)) return e.code.slice(3).toLowerCase();
  return e.key.toLowerCase();
}

export function matchesShortcut(e: KeyboardEvent, shortcut: string): boolean {
  const p = parseShortcut(shortcut);
  const modDown = isMac ? e.metaKey : e.ctrlKey;
  if (p.mod !== modDown) return false;
  if (!p.mod && p.ctrl !== e.ctrlKey) return false;
  if (!isMac && !p.mod && e.metaKey) return false;
  if (p.alt !== e.altKey) return false;
  // '?' and '/' are produced with or without Shift depending on the layout; ignore Shift for symbols.
  const symbol = !/^[a-z0-9]$/.test(p.key) && p.key.length === 1;
  if (!symbol && p.shift !== e.shiftKey) return false;
  return eventKey(e) === p.key;
}

/** True when a plain-key shortcut would collide with typing. */
export function isTypingTarget(t: EventTarget | null): boolean {
  if (!t || !(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (t as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(type);
  }
  return false;
}

export function needsModifier(shortcut: string): boolean {
  const p = parseShortcut(shortcut);
  return p.mod || p.ctrl || p.alt;
}

const KEY_NAMES: Readonly<Record<string, string>> = { arrowleft: '←', arrowright: '→', arrowup: '↑', arrowdown: '↓', escape: 'Esc' };

/** Human form for display: ⌘⇧D on macOS, Ctrl+Shift+D elsewhere. */
export function formatShortcut(shortcut: string): string {
  const p = parseShortcut(shortcut);
  const key = KEY_NAMES[p.key] ?? (p.key.length === 1 ? p.key.toUpperCase() : p.key[0]!.toUpperCase() + p.key.slice(1));
  if (isMac) return `${p.ctrl ? '⌃' : ''}${p.alt ? '⌥' : ''}${p.shift ? '⇧' : ''}${p.mod ? '⌘' : ''}${key}`;
  return [p.mod || p.ctrl ? 'Ctrl' : null, p.alt ? 'Alt' : null, p.shift ? 'Shift' : null, key].filter(Boolean).join('+');
}
