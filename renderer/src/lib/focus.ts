// Keyboard focus by name: an action asks for a target ('composer', 'timeline', 'pane:<id>', …) and
// the component that owns it takes the focus (useFocusRequest). A request is consumed once served.
import { useEffect, useRef } from 'react';
import { create } from 'zustand';

const store = create<{ request: { target: string; nonce: number } | null }>()(() => ({ request: null }));
let nonce = 0;

export const focusActions = {
  request(target: string): void {
    store.setState({ request: { target, nonce: ++nonce } });
  },
  /** Forget a pending request. */
  clear(): void {
    store.setState({ request: null });
  },
};

/**
 * Focus `ref` when something requests `target` (see ActionContext.focus). The request is consumed,
 * so a later remount does not steal focus again.
 */
export function useFocusRequest(target: string | readonly string[], ref: { current: HTMLElement | null }, onRequest?: () => boolean | void): void {
  const req = store((s) => s.request);
  const targets = typeof target === 'string' ? [target] : target;
  const match = req !== null && targets.includes(req.target);
  const cb = useRef(onRequest);
  useEffect(() => {
    cb.current = onRequest;
  });
  useEffect(() => {
    if (!match || !ref.current) return;
    // A callback returning true has placed focus itself (e.g. on the selected item).
    if (cb.current?.() !== true) ref.current.focus();
    focusActions.clear();
  }, [match, req?.nonce, ref]);
}
