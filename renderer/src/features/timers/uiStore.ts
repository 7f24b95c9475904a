// UI state of the time-boxes: which decision dialog is open and the alert preferences (sound is off
// by default; OS notifications only after the user opts in and the browser permits).
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface TimersUi {
  decisionFor: string | null;
  policyOpen: boolean;
  sound: boolean;
  osNotify: boolean;
}

const store = create<TimersUi>()(
  persist((): TimersUi => ({ decisionFor: null, policyOpen: false, sound: false, osNotify: false }), {
    name: 'commandpost.timers',
    version: 1,
    storage: createJSONStorage(() => localStorage),
    partialize: (s) => ({ sound: s.sound, osNotify: s.osNotify }),
  }),
);

export const timersUiActions = {
  decide(timerId: string | null): void {
    store.setState({ decisionFor: timerId });
  },
  openPolicy(open: boolean): void {
    store.setState({ policyOpen: open });
  },
  setSound(on: boolean): void {
    store.setState({ sound: on });
  },
  setOsNotify(on: boolean): void {
    store.setState({ osNotify: on });
  },
};

export const useTimersUi = (): TimersUi => store();

/** The alert preferences now, for a pushed alert (outside React). */
export const currentAlertPrefs = (): Pick<TimersUi, 'sound' | 'osNotify'> => {
  const { sound, osNotify } = store.getState();
  return { sound, osNotify };
};
