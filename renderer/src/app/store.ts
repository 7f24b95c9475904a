// The shell's UI state: the workspace layout (kept across reloads), the open dialog and the command
// palette. Server state is in React Query; each feature keeps its own UI state in its uiStore.ts.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { uiPreferences } from '../lib/preferences';
import type { DialogId } from '../lib/workbench';

export interface Layout {
  /** Ids of the open panes, left to right. */
  open: string[];
  /** Relative width of each pane (flex-grow). */
  sizes: Record<string, number>;
  /** Width of the incident list in px. */
  listWidth: number;
}

export type PalettePage = 'root' | 'incidents';

interface ShellState {
  layout: Layout;
  dialog: DialogId | null;
  palette: PalettePage | null;
}

export const DEFAULT_LAYOUT: Layout = { open: ['timeline'], sizes: {}, listWidth: 300 };

const store = create<ShellState>()(
  persist((): ShellState => ({ layout: DEFAULT_LAYOUT, dialog: null, palette: null }), uiPreferences<ShellState, 'layout'>(['layout'])),
);

const layout = () => store.getState().layout;

export const layoutActions = {
  openPane(id: string): void {
    if (!layout().open.includes(id)) store.setState({ layout: { ...layout(), open: [...layout().open, id] } });
  },
  closePane(id: string): void {
    store.setState({ layout: { ...layout(), open: layout().open.filter((p) => p !== id) } });
  },
  setPaneSizes(sizes: Record<string, number>): void {
    store.setState({ layout: { ...layout(), sizes: { ...layout().sizes, ...sizes } } });
  },
  setListWidth(px: number): void {
    store.setState({ layout: { ...layout(), listWidth: Math.round(Math.min(600, Math.max(200, px))) } });
  },
  reset(open: string[]): void {
    store.setState({ layout: { ...DEFAULT_LAYOUT, open } });
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
export const useDialog = (): DialogId | null => store((s) => s.dialog);
export const usePalette = (): PalettePage | null => store((s) => s.palette);

/** What covers the workspace now (a dialog, the palette), for the keyboard listener. */
export const currentOverlays = (): { dialog: DialogId | null; palette: PalettePage | null } => {
  const { dialog, palette } = store.getState();
  return { dialog, palette };
};
