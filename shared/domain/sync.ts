// Integrations and the outbox: kinds, routing rules, delivery states, sync status and the on-call cache.
import { type Severity } from './incidents';

export const INTEGRATION_KINDS = ['pagerduty', 'opsgenie', 'statuspage', 'slack', 'teams', 'jira', 'webhook'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];
export const OUTBOX_STATES = ['pending', 'in_flight', 'delivered', 'failed', 'dead', 'discarded'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
/** Connectivity of one integration, judged from its own real requests (never the OS online flag). */
/** 'locked': the key store holding its secret is locked, so it waits (nothing is attempted). */
export type IntegrationLink = 'online' | 'offline' | 'unknown' | 'locked';
export type BreakerState = 'closed' | 'open' | 'half_open';
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
