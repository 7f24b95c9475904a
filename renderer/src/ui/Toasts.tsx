import { useEffect } from 'react';

export interface ToastItem {
  id: number;
  message: string;
  tone: 'info' | 'success' | 'error';
}

function ToastView({ toast, onDismiss }: { toast: ToastItem; onDismiss: (id: number) => void }) {
  useEffect(() => {
    // Errors stay until dismissed: a commander under stress must not miss them.
    if (toast.tone === 'error') return;
    const t = setTimeout(() => onDismiss(toast.id), 6000);
    return () => clearTimeout(t);
  }, [toast.id, toast.tone, onDismiss]);
  return (
    <div className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
      <span className="toast-message">{toast.message}</span>
      <button type="button" className="icon-button" aria-label="Dismiss message" onClick={() => onDismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}

/** At most this many at once: more would push the workspace off the screen. */
export const MAX_VISIBLE_TOASTS = 3;

/**
 * In the layout, never over it, so a message never lies over a control: stacked at the foot of a
 * column ('column', the shell puts it under the incident list) or in a row of its own ('strip').
 * The newest MAX_VISIBLE_TOASTS show; older ones wait (errors are never dropped unseen).
 */
export function Toasts({ toasts, onDismiss, placement = 'strip' }: { toasts: ToastItem[]; onDismiss: (id: number) => void; placement?: 'column' | 'strip' }) {
  const visible = toasts.slice(-MAX_VISIBLE_TOASTS);
  const waiting = toasts.length - visible.length;
  return (
    <div className={`toasts toasts-${placement}`} aria-live="polite" data-testid="toasts">
      {waiting > 0 && (
        <button type="button" className="linkish toasts-more" onClick={() => toasts.forEach((t) => onDismiss(t.id))}>
          {waiting} older · dismiss all
        </button>
      )}
      {visible.map((t) => (
        <ToastView key={t.id} toast={t} onDismiss={onDismiss} />
      ))}
    </div>
  );
}
