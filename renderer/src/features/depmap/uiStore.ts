// UI state of the dependency map: the focused service and the import dialog.
import { create } from 'zustand';

interface DepmapUi {
  selected: string | null;
  importOpen: boolean;
  /** Bumped to ask the graph to centre on `selected`. */
  focusNonce: number;
  select(id: string | null, centre?: boolean): void;
  openImport(open: boolean): void;
}

export const useDepmapUi = create<DepmapUi>()((set, get) => ({
  selected: null,
  importOpen: false,
  focusNonce: 0,
  select: (selected, centre = true) => set({ selected, focusNonce: centre ? get().focusNonce + 1 : get().focusNonce }),
  openImport: (importOpen) => set({ importOpen }),
}));
