// A happy-dom window installed over a plain Node environment, keeping Node's own AbortController,
// fetch and timers. The war room renderer tests need both a DOM and a real core, and the core's sync
// engine hands AbortSignals to node:events, which rejects happy-dom's. Import this module first (and
// mark the file `// @vitest-environment node`).
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
// As in the happy-dom environment, the act() environment flag stays off outside Testing Library's
// own act() calls (which raise it themselves): a real core answers from SQLite's thread pool, between
// those calls, as a backend does in a browser, and React would otherwise warn about every answer.
