import type { SyncStatus } from './domain/sync';
import { type TimerAlert } from './domain/timers';

/** Events the backend pushes, named in the past tense. */
export interface PushedEvents {
  'db:changed': { domains: string[]; incidentId?: string };
  /** Electron menu item chosen: run the renderer's named action with this id. */
  'app:action': { id: string };
  'sync:status': SyncStatus;
  /** A time-box crossed 80% or its deadline (war room, issue 4). */
  'timers:alerted': TimerAlert;
}
export type PushedEventName = keyof PushedEvents;
export interface PushedEnvelope<E extends PushedEventName = PushedEventName> {
  event: E;
  data: PushedEvents[E];
}
