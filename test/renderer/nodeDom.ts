// A happy-dom window installed over a plain Node environment, keeping Node's own AbortController,
// fetch and timers. The war room renderer tests need both a DOM and a real core, and the core's sync
// engine hands AbortSignals to node:events, which rejects happy-dom's. Import this module first.
import { Window } from 'happy-dom';

const win = new Window({ url: 'http://127.0.0.1/' });
const keep = new Set(['AbortController', 'AbortSignal', 'fetch', 'Request', 'Response', 'Headers', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'performance', 'crypto', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'structuredClone', 'console', 'process', 'Buffer', 'global', 'globalThis']);
const g = globalThis as Record<string, unknown>;
for (const key of Object.getOwnPropertyNames(win)) {
  if (keep.has(key) || key.startsWith('_') || key in g) continue;
  try {
    g[key] = (win as unknown as Record<string, unknown>)[key];
  } catch {
    /* read-only on globalThis */
  }
}
for (const key of ['Event', 'EventTarget', 'CustomEvent', 'KeyboardEvent', 'MouseEvent', 'DragEvent', 'FocusEvent', 'InputEvent', 'navigator', 'localStorage', 'sessionStorage']) {
  try {
    g[key] = (win as unknown as Record<string, unknown>)[key];
  } catch {
    /* read-only */
  }
}
g.window = win;
g.document = win.document;
(g as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
