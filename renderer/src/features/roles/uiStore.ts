// UI state of the role board only: open dialogs and the person "picked up" for keyboard assignment.
import { create } from 'zustand';

interface RolesUi {
  dialog: null | 'handover' | 'roster';
  /** Handle picked up with the keyboard (Space/Enter on a roster chip), placed with Enter on a role. */
  picked: string | null;
  open(d: 'handover' | 'roster'): void;
  close(): void;
  pick(handle: string | null): void;
}

export const useRolesUi = create<RolesUi>()((set) => ({
  dialog: null,
  picked: null,
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
  pick: (picked) => set({ picked }),
}));
