// UI state of the role board only: open dialogs and the person "picked up" for keyboard assignment.
import { create } from 'zustand';

interface RolesUi {
  dialog: null | 'handover' | 'roster';
  /** Handle picked up with the keyboard (Space/Enter on a roster chip), placed with Enter on a role. */
  picked: string | null;
  /** The roster list folded away (the role board gets the room). */
  rosterCollapsed: boolean;
  /** Search over the roster (name, handle, team). */
  rosterQuery: string;
}

const store = create<RolesUi>()(() => ({ dialog: null, picked: null, rosterCollapsed: false, rosterQuery: '' }));

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
  toggleRoster(): void {
    store.setState({ rosterCollapsed: !store.getState().rosterCollapsed });
  },
  setRosterQuery(q: string): void {
    store.setState({ rosterQuery: q });
  },
};

export const useRolesUi = (): RolesUi => store();
