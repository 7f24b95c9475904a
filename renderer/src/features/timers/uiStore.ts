// UI state of the time-boxes: which decision dialog is open and the alert preferences (sound is off
// by default; OS notifications only after the user opts in and the browser permits).
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface TimersUi {
  decisionFor: string | null;
  policyOpen: boolean;
  sound: boolean;
  osNotify: boolean;
  decide(timerId: string | null): void;
  openPolicy(open: boolean): void;
  setSound(on: boolean): void;
  setOsNotify(on: boolean): void;
}

export const useTimersUi = create<TimersUi>()(
  persist(
    (set) => ({
      decisionFor: null,
      policyOpen: false,
      sound: false,
      osNotify: false,
      decide: (decisionFor) => set({ decisionFor }),
      openPolicy: (policyOpen) => set({ policyOpen }),
      setSound: (sound) => set({ sound }),
      setOsNotify: (osNotify) => set({ osNotify }),
    }),
    { name: 'commandpost.timers', version: 1, storage: createJSONStorage(() => localStorage), partialize: (s) => ({ sound: s.sound, osNotify: s.osNotify }) },
  ),
);
