// UI state only (layout, selection, filters, theme, open dialogs). Server state is in React Query.
import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { EntryKind, UserEntryKind } from '../../../shared/domain/timeline';
import type { IncidentMode, IncidentStatus } from '../../../shared/domain/incidents';
import type { DialogId, ToastTone } from './types';

export type Theme = 'dark' | 'light';

export interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
}

export interface Layout {
  /** Ids of the open panes, left to right. */
  open: string[];
  /** Relative width of each pane (flex-grow). */
  sizes: Record<string, number>;
  /** Width of the incident list in px. */
  listWidth: number;
}

export interface UiState {
  theme: Theme;
  selectedIncidentId: string | null;
  incidentFilter: { status?: IncidentStatus; mode?: IncidentMode };
  timelineFilter: { kinds: EntryKind[]; search: string; pinnedOnly: boolean };
  layout: Layout;
  dialog: DialogId | null;
  palette: null | 'root' | 'incidents';
  composerKind: UserEntryKind;
  focusRequest: { target: string; nonce: number } | null;
  toasts: Toast[];

  setTheme(t: Theme): void;
  toggleTheme(): void;
  selectIncident(id: string | null): void;
  setIncidentFilter(f: UiState['incidentFilter']): void;
  setTimelineFilter(f: Partial<UiState['timelineFilter']>): void;
  openDialog(d: DialogId): void;
  closeDialog(): void;
  openPalette(page?: 'root' | 'incidents'): void;
  closePalette(): void;
  setComposerKind(k: UserEntryKind): void;
  requestFocus(target: string): void;
  openPane(id: string): void;
  closePane(id: string): void;
  setPaneSizes(sizes: Record<string, number>): void;
  setListWidth(px: number): void;
  resetLayout(defaultOpen: string[]): void;
  notify(message: string, tone?: ToastTone): void;
  dismissToast(id: number): void;
}

export function preferredTheme(): Theme {
  try {
    return typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

let nonce = 0;
let toastId = 0;

export const DEFAULT_LAYOUT: Layout = { open: ['timeline'], sizes: {}, listWidth: 300 };

export const useUi = create<UiState>()(
  persist(
    (set, get) => ({
      theme: preferredTheme(),
      selectedIncidentId: null,
      incidentFilter: {},
      timelineFilter: { kinds: [], search: '', pinnedOnly: false },
      layout: DEFAULT_LAYOUT,
      dialog: null,
      palette: null,
      composerKind: 'note',
      focusRequest: null,
      toasts: [],

      setTheme: (theme) => set({ theme }),
      toggleTheme: () => set({ theme: get().theme === 'dark' ? 'light' : 'dark' }),
      selectIncident: (selectedIncidentId) => set({ selectedIncidentId }),
      setIncidentFilter: (incidentFilter) => set({ incidentFilter }),
      setTimelineFilter: (f) => set({ timelineFilter: { ...get().timelineFilter, ...f } }),
      openDialog: (dialog) => set({ dialog, palette: null }),
      closeDialog: () => set({ dialog: null }),
      openPalette: (page = 'root') => set({ palette: page }),
      closePalette: () => set({ palette: null }),
      setComposerKind: (composerKind) => set({ composerKind }),
      requestFocus: (target) => set({ focusRequest: { target, nonce: ++nonce } }),
      openPane: (id) => {
        const { layout } = get();
        if (!layout.open.includes(id)) set({ layout: { ...layout, open: [...layout.open, id] } });
      },
      closePane: (id) => {
        const { layout } = get();
        set({ layout: { ...layout, open: layout.open.filter((p) => p !== id) } });
      },
      setPaneSizes: (sizes) => set({ layout: { ...get().layout, sizes: { ...get().layout.sizes, ...sizes } } }),
      setListWidth: (px) => set({ layout: { ...get().layout, listWidth: Math.round(Math.min(600, Math.max(200, px))) } }),
      resetLayout: (open) => set({ layout: { ...DEFAULT_LAYOUT, open } }),
      notify: (message, tone = 'info') => {
        const id = ++toastId;
        set({ toasts: [...get().toasts.slice(-4), { id, message, tone }] });
      },
      dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
    }),
    {
      name: 'commandpost.ui',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ theme: s.theme, selectedIncidentId: s.selectedIncidentId, incidentFilter: s.incidentFilter, layout: s.layout }),
    },
  ),
);

export const useTheme = () => useUi((s) => s.theme);
export const useSelectedIncidentId = () => useUi((s) => s.selectedIncidentId);
export const useLayout = () => useUi((s) => s.layout);

/**
 * Focus `ref` when something requests `target` (see ActionContext.focus). The request is consumed,
 * so a later remount does not steal focus again.
 */
export function useFocusRequest(target: string | readonly string[], ref: { current: HTMLElement | null }, onRequest?: () => boolean | void): void {
  const req = useUi((s) => s.focusRequest);
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
    useUi.setState({ focusRequest: null });
  }, [match, req?.nonce, ref]);
}
