// Every open dialog of the window, in the order they opened: the shell's dialogs, the palette and
// the features' own dialogs alike (ui/Modal.tsx registers each one). While any is open the keyboard
// belongs to the top one: Escape closes it, Tab stays inside it, and a key pressed while focus is
// outside it (on the page behind, or nowhere because the focused control went away) reaches neither
// a global shortcut nor a field behind it.
import { useSyncExternalStore } from 'react';

export interface ModalEntry {
  /** The dialog element; focus is kept inside it. */
  node: () => HTMLElement | null;
  /** Escape closes the dialog; without it (a dialog that must be answered) Escape does nothing. */
  close: (() => void) | undefined;
}

const stack: ModalEntry[] = [];
const listeners = new Set<() => void>();
let installed = false;

export const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])';

/** The controls of a dialog Tab moves through, in document order (hidden ones skipped). */
export function focusableIn(node: HTMLElement): HTMLElement[] {
  return [...node.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement || el.getClientRects().length > 0);
}

function top(): ModalEntry | undefined {
  return stack[stack.length - 1];
}

function inside(node: HTMLElement, target: EventTarget | null): boolean {
  return target instanceof Node && node.contains(target);
}

// Capture phase on window: runs before any element (or React) sees the key.
function guardKeys(e: KeyboardEvent): void {
  const t = top();
  const node = t?.node();
  if (!t || !node || inside(node, e.target)) return;
  // Focus is behind the dialog or lost: take it back, and let the key do nothing there.
  if (e.key === 'Escape') return; // closeOnEscape (bubble phase) handles it.
  e.preventDefault();
  e.stopImmediatePropagation();
  if (e.key === 'Tab') {
    const items = focusableIn(node);
    (e.shiftKey ? items[items.length - 1] : items[0])?.focus();
    if (!node.contains(document.activeElement)) node.focus();
  } else {
    node.focus();
  }
}

// Bubble phase on window: a control inside the dialog that uses Escape itself stops it first.
function closeOnEscape(e: KeyboardEvent): void {
  if (e.key !== 'Escape' || e.defaultPrevented) return;
  const t = top();
  if (!t) return;
  e.preventDefault();
  t.close?.();
}

// Focus moved behind the top dialog (a click-through, a script): bring it back.
function guardFocus(e: FocusEvent): void {
  const node = top()?.node();
  if (!node || inside(node, e.target)) return;
  node.focus();
}

function install(): void {
  if (installed || typeof window === 'undefined') return;
  installed = true;
  window.addEventListener('keydown', guardKeys, true);
  window.addEventListener('keydown', closeOnEscape);
  document.addEventListener('focusin', guardFocus, true);
}

function emit(): void {
  for (const l of listeners) l();
}

export const modalStack = {
  /** Register an open dialog; returns the function that removes it. */
  push(entry: ModalEntry): () => void {
    install();
    stack.push(entry);
    emit();
    return () => {
      const i = stack.indexOf(entry);
      if (i >= 0) stack.splice(i, 1);
      emit();
    };
  },
  depth(): number {
    return stack.length;
  },
  isTop(entry: ModalEntry): boolean {
    return top() === entry;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** How many dialogs are open (0 when the workspace has the keyboard). */
export function useModalDepth(): number {
  return useSyncExternalStore(modalStack.subscribe, modalStack.depth, modalStack.depth);
}
