// The shell's UI state: the workspace layout (kept across reloads), the open dialog and the command
// palette. Server state is in React Query; each feature keeps its own UI state in its uiStore.ts.
import type { SerializedDockview } from 'dockview-react';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { modalStack } from '../lib/modalStack';
import { uiPreferences } from '../lib/preferences';
import type { DialogId } from '../lib/workbench';
import { LAYOUT_ROLES, type LayoutRole } from './layoutModel';

/** 'auto' is compact on small screens (see useDensity), the others are the user's choice. */
export type Density = 'auto' | 'compact' | 'comfortable';
export const DENSITIES: readonly Density[] = ['auto', 'compact', 'comfortable'];

export interface Layout {
  /** Ids of the open panes in reading order (kept in step with `dock`). */
  open: string[];
  /** The arrangement of areas and tabs as the docking library serialises it; null: build from `open`. */
  dock: SerializedDockview | null;
  /** Whose layout is in front; saving stores the arrangement for this role and the screen size. */
  role: LayoutRole;
  /** Saved arrangements by `layoutSlot(role, sizeClass)`. */
  saved: Record<string, SerializedDockview>;
  density: Density;
  /** Width of the incident list in px. */
  listWidth: number;
}

export type PalettePage = 'root' | 'incidents';

interface ShellState {
  layout: Layout;
  /** Only the active pane on screen (not kept across reloads). */
  focusMode: boolean;
  /** One area fills the workspace (the docking library's maximised group). */
  maximised: boolean;
  dialog: DialogId | null;
  palette: PalettePage | null;
}

export const DEFAULT_LAYOUT: Layout = { open: ['timeline'], dock: null, role: 'ic', saved: {}, density: 'auto', listWidth: 300 };

/** A stored layout from any earlier version, made whole (unknown or broken fields fall back). */
export function normaliseLayout(raw: unknown): Layout {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_LAYOUT;
  const r = raw as Partial<Record<keyof Layout, unknown>>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null);
  const obj = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : null);
  return {
    open: strings(r.open) ?? DEFAULT_LAYOUT.open,
    dock: (obj(r.dock) as SerializedDockview | null) ?? null,
    role: LAYOUT_ROLES.includes(r.role as LayoutRole) ? (r.role as LayoutRole) : DEFAULT_LAYOUT.role,
    saved: (obj(r.saved) as Record<string, SerializedDockview> | null) ?? {},
    density: DENSITIES.includes(r.density as Density) ? (r.density as Density) : DEFAULT_LAYOUT.density,
    listWidth: typeof r.listWidth === 'number' && Number.isFinite(r.listWidth) ? Math.round(Math.min(600, Math.max(200, r.listWidth))) : DEFAULT_LAYOUT.listWidth,
  };
}

const prefs = uiPreferences<ShellState, 'layout'>(['layout']);
const store = create<ShellState>()(
  persist((): ShellState => ({ layout: DEFAULT_LAYOUT, focusMode: false, maximised: false, dialog: null, palette: null }), {
    ...prefs,
    merge: (persisted, current) => ({ ...current, layout: normaliseLayout((persisted as Partial<ShellState> | undefined)?.layout) }),
  }),
);

const layout = () => store.getState().layout;
const setLayout = (patch: Partial<Layout>) => store.setState({ layout: { ...layout(), ...patch } });

/**
 * What the mounted workspace does with layout requests (app/dock.ts over the docking library).
 * Without a workspace on screen the requests only change the stored layout, applied at mount.
 */
export interface LayoutController {
  openPane(id: string): void;
  closePane(id: string): void;
  rebuild(): void;
}
let controller: LayoutController | null = null;
export function bindLayoutController(c: LayoutController | null): void {
  controller = c;
}

export const layoutActions = {
  openPane(id: string): void {
    if (controller) controller.openPane(id);
    else if (!layout().open.includes(id)) setLayout({ open: [...layout().open, id] });
  },
  closePane(id: string): void {
    if (controller) controller.closePane(id);
    else setLayout({ open: layout().open.filter((p) => p !== id), dock: null });
  },
  /** The workspace reports its arrangement after every change. */
  setDock(dock: SerializedDockview | null, open: string[]): void {
    setLayout({ dock, open });
  },
  setListWidth(px: number): void {
    setLayout({ listWidth: Math.round(Math.min(600, Math.max(200, px))) });
  },
  /** A fresh arrangement of exactly these panes. */
  reset(open: string[]): void {
    store.setState({ layout: { ...layout(), open, dock: null }, maximised: false, focusMode: false });
    controller?.rebuild();
  },
  setRole(role: LayoutRole): void {
    setLayout({ role });
  },
  saveSlot(slot: string, dock: SerializedDockview): void {
    setLayout({ saved: { ...layout().saved, [slot]: dock } });
  },
  forgetSlot(slot: string): void {
    const saved = { ...layout().saved };
    delete saved[slot];
    setLayout({ saved });
  },
  setDensity(density: Density): void {
    setLayout({ density });
  },
  setFocusMode(on: boolean): void {
    store.setState({ focusMode: on });
  },
  setMaximised(on: boolean): void {
    store.setState({ maximised: on });
  },
};

export const dialogActions = {
  /** Opening a dialog closes the palette. */
  open(dialog: DialogId): void {
    store.setState({ dialog, palette: null });
  },
  close(): void {
    store.setState({ dialog: null });
  },
};

export const paletteActions = {
  open(page: PalettePage = 'root'): void {
    store.setState({ palette: page });
  },
  close(): void {
    store.setState({ palette: null });
  },
};

export const useLayout = (): Layout => store((s) => s.layout);
export const useListWidth = (): number => store((s) => s.layout.listWidth);
export const useDensityChoice = (): Density => store((s) => s.layout.density);
export const useLayoutRole = (): LayoutRole => store((s) => s.layout.role);
export const useFocusMode = (): boolean => store((s) => s.focusMode);
export const useMaximised = (): boolean => store((s) => s.maximised);
export const useDialog = (): DialogId | null => store((s) => s.dialog);
export const usePalette = (): PalettePage | null => store((s) => s.palette);

/** The layout now, for code outside React. */
export const currentLayout = (): Layout => layout();
export const isFocusMode = (): boolean => store.getState().focusMode;

/**
 * What covers the workspace now, for the keyboard listener: the shell's dialog, the palette, and how
 * many dialogs of any kind are open (features' own dialogs included, see lib/modalStack.ts).
 */
export const currentOverlays = (): { dialog: DialogId | null; palette: PalettePage | null; modals: number } => {
  const { dialog, palette } = store.getState();
  return { dialog, palette, modals: modalStack.depth() };
};
