// UI state of the role board only: open dialogs and the person "picked up" for keyboard assignment.
import { create } from 'zustand';

interface RolesUi {
  dialog: null | 'handover' | 'roster';
  /** Handle picked up with the keyboard (Space/Enter on a roster chip), placed with Enter on a role. */
  picked: string | null;
}

const store = create<RolesUi>()(() => ({ dialog: null, picked: null }));

export const rolesUiActions = {
  open(dialog: 'handover' | 'roster'): void {
    store.setState({ dialog });
  },
  close(): void {
    store.setState({ dialog: null });
  },
  pick(handle: string | null): void {
    store.setState({ picked: handle });
  },
};

export const useRolesUi = (): RolesUi => store();
