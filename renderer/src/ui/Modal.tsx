// An accessible modal: role="dialog", aria-modal, focus moved in and trapped, Escape closes,
// focus returns to where it came from. Every Modal joins the window's modal stack
// (lib/modalStack.ts): only the top one answers Escape, and no shortcut or field behind it gets a key.
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { FOCUSABLE, focusableIn, modalStack, type ModalEntry } from '../lib/modalStack';

export interface ModalProps {
  title: string;
  onClose?: () => void;
  children: ReactNode;
  /** Short line under the title. */
  description?: ReactNode;
  wide?: boolean;
  className?: string;
}

export function Modal({ title, onClose, children, description, wide, className }: ModalProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  // A layout effect: the stack changes in the same commit as the DOM, so a key pressed the moment
  // a dialog disappears is not swallowed by a dialog that is no longer there (a passive effect's
  // cleanup can run after the next keydown).
  useLayoutEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const node = ref.current;
    const entry: ModalEntry = { node: () => ref.current, close: () => onCloseRef.current?.() };
    // On the stack before focus moves in, so the stack's focus guard sees this dialog as the top.
    const leave = modalStack.push(entry);
    if (node && !node.contains(document.activeElement)) {
      const first = node.querySelector<HTMLElement>('[autofocus],[data-autofocus]') ?? node.querySelector<HTMLElement>(FOCUSABLE);
      (first ?? node).focus();
    }
    return () => {
      leave();
      if (previous && document.contains(previous)) previous.focus();
    };
  }, []);

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key !== 'Tab' || !ref.current) return;
    const items = focusableIn(ref.current);
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose?.()}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        className={`modal ${wide ? 'modal-wide' : ''} ${className ?? ''}`}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header className="modal-header">
          <h2 id={titleId}>{title}</h2>
          {onClose && (
            <button type="button" className="icon-button" aria-label={`Close ${title}`} onClick={onClose}>
              ×
            </button>
          )}
        </header>
        {description && (
          <p id={descId} className="modal-description">
            {description}
          </p>
        )}
        {children}
      </div>
    </div>
  );
}
