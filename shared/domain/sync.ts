// Integrations and the outbox: kinds, routing rules, delivery states, sync status and the on-call cache.
import type { IncidentStatus, Severity } from './incidents';

export const INTEGRATION_KINDS = ['pagerduty', 'opsgenie', 'statuspage', 'slack', 'teams', 'jira', 'webhook'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];
export const OUTBOX_STATES = ['pending', 'in_flight', 'delivered', 'failed', 'dead', 'discarded'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
/** Connectivity of one integration, judged from its own real requests (never the OS online flag). */
/** 'locked': the key store holding its secret is locked, so it waits (nothing is attempted). */
export type IntegrationLink = 'online' | 'offline' | 'unknown' | 'locked';
export type BreakerState = 'closed' | 'open' | 'half_open';
/** The vendor's own name, as people say it ("Statuspage not opened for INC-2026-0003"). */
export const VENDOR_NAMES: Record<IntegrationKind, string> = {
  pagerduty: 'PagerDuty',
  opsgenie: 'Opsgenie',
  statuspage: 'Statuspage',
  slack: 'Slack',
  teams: 'Teams',
  jira: 'Jira',
  webhook: 'Webhook',
};
/**
 * What an integration does with incidents that were already active when it was added or re-enabled
 * (it never opened them: no channel, no status page incident, no page): open them by itself ('auto'),
 * offer a person to ('offer'), or leave them ('never').
 */
export const CATCH_UP_MODES = ['auto', 'offer', 'never'] as const;
export type CatchUpMode = (typeof CATCH_UP_MODES)[number];
/** Rules stored before catching up existed read as this. */
export const DEFAULT_CATCH_UP: CatchUpMode = 'offer';
/** When an integration acts. Pagers never page for exercises; public pages never get timeline notes. */
export interface RoutingRules {
  /** Act for incidents at this severity or higher (SEV-1 is highest). */
  minSeverity: Severity;
  onDeclare: boolean;
  /** Act when severity is raised into range (a page for a pager, a post for chat). */
  onSeverityChange: boolean;
  onStatusChange: boolean;
  /** Forward timeline notes, decisions and actions (never to a public status page). */
  onTimeline: boolean;
  /** Resolving the incident resolves pages / posts the resolution. */
  onResolve: boolean;
  /** Exercises are never sent to pagers or public pages whatever this says. */
  includeExercises: boolean;
  /** Active incidents this integration never opened (it was added or enabled after they began). */
  catchUp: CatchUpMode;
}
export type IntegrationSettings = Record<string, string | number | boolean | string[]>;
export interface IntegrationInfo {
  name: string;
  kind: IntegrationKind;
  baseUrl: string;
  settings: IntegrationSettings;
  /** Whether a credential is stored in the key store; the secret itself never leaves the core. */
  hasSecret: boolean;
  routing: RoutingRules;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastSyncedAt: string | null;
}
export interface IntegrationTestResult {
  ok: boolean;
  status: number | null;
  message: string;
  latencyMs: number;
}
export interface OutboxItem {
  id: string;
  seq: number;
  incidentId: string | null;
  incidentHumanId: string | null;
  integration: string;
  kind: IntegrationKind | null;
  operation: string;
  /** One line for people: what this item does ("Trigger page: SEV-1 Checkout down"). */
  summary: string;
  idempotencyKey: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
}
export interface IntegrationSyncState {
  name: string;
  kind: string;
  state: IntegrationLink;
  lastSyncedAt: string | null;
  breaker: BreakerState;
  /** Items waiting (pending, in flight or retrying). */
  pending: number;
  dead: number;
  lastError: string | null;
  lastCheckedAt: string | null;
  /** When a rate limit or an open breaker lets the next request go. */
  pausedUntil: string | null;
  /** What is waiting, by operation, for the offline banner ("3 × trigger"). */
  queued: Array<{ operation: string; count: number }>;
}
export interface SyncStatus {
  pending: number;
  dead: number;
  /** True when some integration with queued items cannot be reached. */
  offline: boolean;
  /** True when some integration waits for the key store to be unlocked ("locked — unlock to send"). */
  locked: boolean;
  integrations: IntegrationSyncState[];
}
export interface OnCallEntry {
  schedule: string;
  user: string;
  level: number | null;
  start: string | null;
  end: string | null;
}
export interface OnCallRoster {
  integration: string;
  kind: IntegrationKind;
  /** When the roster was last fetched from the vendor; null when never. */
  fetchedAt: string | null;
  ageSeconds: number | null;
  /** The integration is offline, so this is the last-known roster. */
  stale: boolean;
  entries: OnCallEntry[];
}

/** One incident an integration has not opened and could open now ("Open INC-2026-0003 at Statuspage now"). */
export interface CatchUpOffer {
  integration: string;
  kind: IntegrationKind;
  incidentId: string;
  humanId: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  /** The action's words, for the button. */
  label: string;
  /** What catching up queues, in order: the open, then the current state (e.g. create_incident, status:identified). */
  operations: string[];
}
export interface CatchUpResult {
  integration: string;
  queued: Array<{ incidentId: string; humanId: string; operations: string[] }>;
  /** Incidents asked for that were not caught up, with why ("already opened at Statuspage"). */
  skipped: Array<{ incidentId: string; humanId: string; reason: string }>;
}
/**
 * What the Outbox may say about one incident:
 * - 'not_routed': something happened that no integration (or rule) took: named in notRouted;
 * - 'failed': items need a person; 'pending': items wait to be sent;
 * - 'sent': items were delivered and nothing else is owed;
 * - 'nothing_to_send': no items, because nothing happened that an integration acts on.
 */
export type CoverageVerdict = 'not_routed' | 'failed' | 'pending' | 'sent' | 'nothing_to_send';
/** A reason something of the incident reached no integration. */
export interface NotRouted {
  /** Null when no integration is involved at all ("no integration configured"). */
  integration: string | null;
  reason: string;
  /** 'gap': the integration missed it (added later, not opened); 'rule': a routing rule filtered it. */
  kind: 'gap' | 'rule';
  /** Events of the incident that went unrouted for this reason (0 for a standing reason such as "disabled"). */
  events: number;
}
export interface IntegrationCoverage {
  integration: string;
  kind: IntegrationKind;
  enabled: boolean;
  /** A pager (PagerDuty, Opsgenie). */
  pages: boolean;
  /** The incident exists at the vendor (or was queued to be opened there). */
  opened: boolean;
  /** Events of the incident that queued something for this integration. */
  routedEvents: number;
  /** Items waiting (pending, in flight, retrying), delivered, needing a person, discarded. */
  pending: number;
  delivered: number;
  dead: number;
  discarded: number;
  reasons: string[];
  offer: CatchUpOffer | null;
}
export interface SyncCoverage {
  incidentId: string;
  humanId: string;
  verdict: CoverageVerdict;
  /** One line for the Outbox and the status bar. */
  headline: string;
  pending: number;
  delivered: number;
  dead: number;
  notRouted: NotRouted[];
  /** Whether anyone was paged: enabled pagers, whether one holds a page, and why not. */
  paging: { integrations: number; paged: boolean; reason: string | null; offer: CatchUpOffer | null };
  integrations: IntegrationCoverage[];
}
