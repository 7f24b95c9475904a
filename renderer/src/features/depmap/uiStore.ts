// UI state of the dependency map: the focused service and the import dialog.
import { create } from 'zustand';

interface DepmapUi {
  selected: string | null;
  importOpen: boolean;
  /** Bumped to ask the graph to centre on `selected`. */
  focusNonce: number;
}

const store = create<DepmapUi>()(() => ({ selected: null, importOpen: false, focusNonce: 0 }));

export const depmapUiActions = {
  select(id: string | null, centre = true): void {
    const { focusNonce } = store.getState();
    store.setState({ selected: id, focusNonce: centre ? focusNonce + 1 : focusNonce });
  },
  openImport(open: boolean): void {
    store.setState({ importOpen: open });
  },
};

export function useDepmapUi<T>(select: (s: DepmapUi) => T): T {
  return store(select);
}

/** The focused service now, for code outside React (a resize callback). */
export const currentSelection = (): string | null => store.getState().selected;
