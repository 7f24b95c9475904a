// What the backend tells its pages without being asked: pushed events, named in the past tense,
// each envelope discriminated by its event name. `db:changed` names the domains whose data changed
// (so React Query refreshes exactly those keys). Below them: the event log's catalogue of kinds.
import type { ComponentStatus } from './domain/catalog';
import type { IncidentMode, IncidentStatus, Milestone, Severity } from './domain/incidents';
import type { HandoffBrief, Person, Role } from './domain/roles';
import type { OutboxState, SyncStatus } from './domain/sync';
import type { CadenceKey, CadencePolicy, TimerAlert, TimerDecision, TimerKind } from './domain/timers';
import type { ExportFormat } from './domain/vault';

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

// ---------------------------------------------------------------------------------------------
// The event log: every change to an incident (and to the console's shared records) is one event,
// appended once and never changed. Each kind has exactly one payload shape, so a reader of the log
// (projections, the sync router, listeners, post-mortems) narrows on `kind` instead of casting.

export interface DomainEventPayloads {
  'profile.set': { displayName: string; handle: string; previous: string | null };

  'incident.declared': { humanId: string; title: string; severity: Severity; summary: string; mode: IncidentMode; detectedAt: string };
  'incident.updated': { title?: string; summary?: string };
  'incident.severity_changed': { from: Severity; to: Severity; reason: string | null };
  'incident.status_changed': { from: IncidentStatus; to: IncidentStatus; note: string | null };
  /** Recorded by a person (note, previous) or implied by a status change (implied). */
  'incident.milestone': { milestone: Milestone; at: string; note?: string | null; previous?: string | null; implied?: boolean };

  'timeline.note': { text: string };
  'timeline.decision': { text: string };
  'timeline.action': { text: string };
  'timeline.pinned': { target: string; pinned: boolean };
  'timeline.corrected': { target: string; text: string };

  'role.assigned': { role: Role; person: string; replaced: string[] };
  'role.released': { role: Role; person: string };
  'role.handover': { handoverId: string; from: string | null; to: string; brief: HandoffBrief };
  'role.checklist': { role: Role; item: string; done: boolean };
  'roster.added': Person;
  'roster.updated': Person;
  'roster.removed': { handle: string };
  'roster.imported': { format: 'csv' | 'json'; created: number; updated: number; handles: string[] };

  'timer.started': { timerId: string; kind: TimerKind; label: string; owner: string | null; minutes: number; dueAt: string };
  'timer.extended': { timerId: string; minutes: number; previousDueAt: string; note: string };
  'timer.resolved': { timerId: string; decision: TimerDecision; note: string; nextTimerId: string | null };
  'timer.warned': { timerId: string; dueAt: string; at: string };
  'timer.expired': { timerId: string; dueAt: string };
  'timer.stopped': { timers: string[]; reason: IncidentStatus };
  'cadence.started': { severity: Severity; timers: string[] };
  'cadence.replanned': { severity: Severity; timers: string[] };
  'cadence.policy_changed': { before: CadencePolicy; after: CadencePolicy; reason: string | null };
  'cadence.policy_applied': { severity: Severity; key: CadenceKey; replanned: boolean };

  'catalog.imported': { format: 'backstage' | 'json' | 'yaml'; services: number; edges: number; unknownRefs: number; ignored: number };
  'service.failover': { service: string; from: string; to: string };
  'service.impact': { service: string; from: ComponentStatus | null; to: ComponentStatus };

  /** Imported, or re-attached from the orphan folder (reattached). */
  'artifact.imported': { artifactId: string; name: string; size: number; sha256: string; reattached?: boolean };
  'artifact.viewed': { artifactId: string; name: string };
  'artifact.exported': { artifactId: string; name: string; format: ExportFormat };
  'artifact.deleted': { artifactId: string; name: string; reason: string };

  'sync.retried': { outboxId: string; integration: string; operation: string; previousState: OutboxState; previousError: string | null };
  'sync.discarded': { outboxId: string; integration: string; operation: string; previousState: OutboxState; reason: string };
  /** An integration that never opened the incident opens it now and gets its current state. */
  'sync.caught_up': { integration: string; operations: string[]; severity: Severity; status: IncidentStatus; auto: boolean };
}

export type DomainEventKind = keyof DomainEventPayloads;
export const TIMELINE_ENTRY_EVENTS = ['timeline.note', 'timeline.decision', 'timeline.action'] as const satisfies readonly DomainEventKind[];

/** `{ kind, payload }`, discriminated by `kind`. */
export type DomainEvent<K extends DomainEventKind = DomainEventKind> = { [P in K]: { kind: P; payload: DomainEventPayloads[P] } }[K];

/** An event as stored: its place in the log (seq, ULID, hybrid logical clock), who and when. */
export type LoggedEvent<K extends DomainEventKind = DomainEventKind> = DomainEvent<K> & {
  seq: number;
  id: string;
  incidentId: string | null;
  hlc: string;
  actor: string;
  at: string;
};
