// The ONE zone every time in the console is shown in: UTC by default (a war room spans zones, and
// vendors, logs and the core speak UTC), this computer's zone, or any IANA zone Intl knows. The
// user's choice, kept across reloads in the shared preferences record.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { canonicalTimeZone, machineTimeZone, UTC } from '../../../shared/time';
import { uiPreferences } from './preferences';

/** 'UTC', 'local' (whatever zone this computer is in, followed when it moves) or an IANA name. */
export type ZoneChoice = string;
export const LOCAL = 'local';

interface TimeZoneState {
  timeZone: ZoneChoice;
}

export { machineTimeZone as localTimeZone };

/** A stored or typed choice made safe: 'local', or a zone Intl knows in its listed spelling; else UTC. */
export function normaliseChoice(choice: unknown): ZoneChoice {
  if (choice === LOCAL) return LOCAL;
  return (typeof choice === 'string' && canonicalTimeZone(choice)) || UTC;
}

const store = create<TimeZoneState>()(
  persist((): TimeZoneState => ({ timeZone: UTC }), {
    ...uiPreferences<TimeZoneState, 'timeZone'>(['timeZone']),
    // A record written by another build (or by hand) may name a zone this runtime does not know.
    merge: (persisted, current) => ({ ...current, timeZone: normaliseChoice((persisted as Partial<TimeZoneState> | undefined)?.timeZone ?? current.timeZone) }),
  }),
);

/** The IANA zone a choice stands for now. */
export function resolveChoice(choice: ZoneChoice): string {
  return choice === LOCAL ? machineTimeZone() : choice;
}

export const timeZoneActions = {
  /** Choose a zone; refuses (returns false for) a name Intl does not know. */
  set(choice: string): boolean {
    if (choice !== LOCAL && !canonicalTimeZone(choice)) return false;
    store.setState({ timeZone: normaliseChoice(choice) });
    return true;
  },
};

/** The user's choice as made ('UTC', 'local', 'Europe/Berlin'). */
export const useZoneChoice = (): ZoneChoice => store((s) => s.timeZone);

/** The IANA zone to show times in. */
export const useTimeZone = (): string => resolveChoice(store((s) => s.timeZone));

/** The zone now, for code outside React. */
export const currentTimeZone = (): string => resolveChoice(store.getState().timeZone);
