// UI preferences that survive a reload live in ONE localStorage record, `commandpost.ui`
// ({ state, version }), shared by several stores (theme, layout, incident selection): each store
// reads and writes only its own fields of `state`, so none overwrites another's.
import type { PersistOptions, PersistStorage } from 'zustand/middleware';

const RECORD = 'commandpost.ui';
const VERSION = 1;

interface Record_ {
  state: Record<string, unknown>;
  version?: number;
}

/** The shared record, or null when there is none (or it is not ours to read: it is then replaced). */
function read(): Record_ | null {
  let v: unknown;
  try {
    const raw = localStorage.getItem(RECORD);
    v = raw === null ? null : JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const { state, version } = v as { state?: unknown; version?: unknown };
  if (typeof state !== 'object' || state === null) return null;
  return typeof version === 'number' ? { state: state as Record<string, unknown>, version } : { state: state as Record<string, unknown> };
}

/** Persist options for a store keeping `fields` in the shared record. */
export function uiPreferences<S, K extends keyof S & string>(fields: readonly K[]): PersistOptions<S, Pick<S, K>> {
  const pick = (state: object): Pick<S, K> => {
    const out: Record<string, unknown> = {};
    for (const f of fields) if (f in state) out[f] = (state as Record<string, unknown>)[f];
    return out as Pick<S, K>;
  };
  const storage: PersistStorage<Pick<S, K>> = {
    getItem: () => {
      const v = read();
      if (!v) return null;
      return v.version === undefined ? { state: pick(v.state) } : { state: pick(v.state), version: v.version };
    },
    setItem: (_name, value) => {
      localStorage.setItem(RECORD, JSON.stringify({ state: { ...read()?.state, ...value.state }, version: value.version }));
    },
    removeItem: () => {
      const prev = read();
      if (!prev) return;
      const state = { ...prev.state };
      for (const f of fields) delete state[f];
      localStorage.setItem(RECORD, JSON.stringify({ ...prev, state }));
    },
  };
  const options: PersistOptions<S, Pick<S, K>> = { name: RECORD, version: VERSION, partialize: (s) => pick(s as object) };
  // Without localStorage (it can be disabled) the stores work unpersisted, as zustand's default does.
  if (typeof localStorage !== 'undefined') options.storage = storage;
  return options;
}
