import { useEffect, useRef } from 'react';
import { getApi } from '../lib/api';
import { isTypingTarget, matchesShortcut, needsModifier } from '../lib/shortcuts';
import type { ActionContext } from '../lib/workbench';
import { actions, runAction } from './actions';
import { currentOverlays, paletteActions } from './store';

/** One window-level listener maps keys to named actions (the palette shows the same shortcuts). */
export function useShortcuts(ctx: ActionContext): void {
  const ctxRef = useRef(ctx);
  useEffect(() => {
    ctxRef.current = ctx;
  });
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (e.defaultPrevented || e.repeat) return;
      const { palette, modals } = currentOverlays();
      for (const a of actions) {
        if (!a.shortcut || !matchesShortcut(e, a.shortcut)) continue;
        // The palette shortcut toggles it even from a field; everything else waits until no dialog
        // is open (the shell's, the palette or a feature's own: they all count, lib/modalStack.ts).
        if (a.id === 'palette.open') {
          e.preventDefault();
          if (palette) paletteActions.close();
          else if (modals === 0) void runAction(a.id, ctxRef.current);
          return;
        }
        if (modals > 0 || palette) return;
        if (!needsModifier(a.shortcut) && isTypingTarget(e.target)) return;
        if (a.enabled && !a.enabled(ctxRef.current)) continue;
        e.preventDefault();
        void runAction(a.id, ctxRef.current);
        return;
      }
    }
    window.addEventListener('keydown', onKeyDown);
    // Electron's application menu runs the same named actions by id.
    const offMenu = getApi().subscribe('app:action', ({ id }) => {
      if (typeof id === 'string' && actions.some((a) => a.id === id)) void runAction(id, ctxRef.current);
    });
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      offMenu();
    };
  }, []);
}
