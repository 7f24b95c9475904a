// What the backend tells its pages without being asked: pushed events, named in the past tense,
// each envelope discriminated by its event name. `db:changed` names the domains whose data changed
// (so React Query refreshes exactly those keys); the event log's own events are in domainEvents.ts.
import type { SyncStatus } from './domain/sync';
import type { TimerAlert } from './domain/timers';

/** The server-state domains a page may hold; each keys its queries `[domain, …]`. */
export const CHANGE_DOMAINS = ['profile', 'incidents', 'timeline', 'roles', 'roster', 'timers', 'cadence', 'catalog', 'impact', 'artifacts', 'vault', 'outbox', 'integrations'] as const;
export type ChangeDomain = (typeof CHANGE_DOMAINS)[number];

/** One committed change: the domains it touched, and the incident when it belongs to one. */
export interface ChangeNotice {
  domains: ChangeDomain[];
  incidentId?: string;
}

export interface PushedEvents {
  'db:changed': ChangeNotice;
  /** Electron menu item chosen: run the renderer's named action with this id. */
  'app:action': { id: string };
  'sync:status': SyncStatus;
  /** A time-box crossed 80% or its deadline. */
  'timers:alerted': TimerAlert;
}
export type PushedEventName = keyof PushedEvents;
/** `{ event, data }`, discriminated by `event`: narrowing on the name types the data. */
export type PushedEnvelope<E extends PushedEventName = PushedEventName> = { [K in E]: { event: K; data: PushedEvents[K] } }[E];
