// Short messages in the strip above the status bar (ui/Toasts.tsx shows the newest few): the last five are kept,
// each until dismissed or timed out.
import { create } from 'zustand';

export type ToastTone = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
}

const store = create<{ toasts: Toast[] }>()(() => ({ toasts: [] }));
let lastId = 0;

export const toastActions = {
  notify(message: string, tone: ToastTone = 'info'): void {
    const id = ++lastId;
    store.setState({ toasts: [...store.getState().toasts.slice(-4), { id, message, tone }] });
  },
  dismiss(id: number): void {
    store.setState({ toasts: store.getState().toasts.filter((t) => t.id !== id) });
  },
  clear(): void {
    store.setState({ toasts: [] });
  },
};

export const useToasts = (): Toast[] => store((s) => s.toasts);

/** The toasts on screen now, for code outside React. */
export const currentToasts = (): readonly Toast[] => store.getState().toasts;
