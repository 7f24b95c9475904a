// Time-boxes (diagnosis, asks, cadence reminders) and the comms cadence policy by severity.
import type { Severity } from './incidents';

export const TIMER_KINDS = ['diagnosis', 'ask', 'cadence'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];
/**
 * running → warning (80% used) → expired (deadline passed, decision pending) → resolved/cancelled.
 * Only resolved and cancelled are stored; the others are derived from the stored deadline and the
 * clock, so a restart, a sleep or a clock change can never lose or double-fire a deadline.
 */
export type TimerState = 'running' | 'warning' | 'expired' | 'resolved' | 'cancelled';
export const TIMER_DECISIONS = ['extend', 'switch', 'escalate', 'done', 'cancel'] as const;
export type TimerDecision = (typeof TIMER_DECISIONS)[number];
/** Decisions that make sense per kind; the IC's choice at expiry of a diagnosis box is the first three. */
export const DECISIONS_BY_KIND: Record<TimerKind, readonly TimerDecision[]> = {
  diagnosis: ['extend', 'switch', 'escalate', 'done', 'cancel'],
  ask: ['done', 'extend', 'cancel'],
  cadence: ['done', 'extend', 'cancel'],
};
export const WARN_FRACTION = 0.8;
export interface Timer {
  id: string;
  incidentId: string;
  kind: TimerKind;
  label: string;
  owner: string | null;
  startedAt: string;
  dueAt: string;
  durationMs: number;
  state: TimerState;
  /** Milliseconds left at the server's `now` (negative when overdue). */
  remainingMs: number;
  warnedAt: string | null;
  expiredAt: string | null;
  resolvedAt: string | null;
  decision: TimerDecision | null;
  note: string | null;
  extensions: number;
  /** Cadence timers: the policy row that produced them. */
  policyKey: string | null;
  createdBy: string;
}
export interface TimerList {
  /** The server clock when the list was read; clients count down from it. */
  now: string;
  timers: Timer[];
}
export function timerState(
  t: { state: 'open' | 'resolved' | 'cancelled'; startedMs: number; dueMs: number; warnedAt?: string | null; expiredAt?: string | null },
  nowMs: number,
): TimerState {
  if (t.state !== 'open') return t.state;
  // A recorded expiry stands even if the wall clock is later set back: the decision is still owed.
  if (t.expiredAt || nowMs >= t.dueMs) return 'expired';
  if (t.warnedAt || nowMs >= t.startedMs + (t.dueMs - t.startedMs) * WARN_FRACTION) return 'warning';
  return 'running';
}
export interface TimerAlert {
  timerId: string;
  incidentId: string;
  kind: TimerKind;
  label: string;
  owner: string | null;
  level: 'warning' | 'expired';
  dueAt: string;
}
export interface CadencePolicy {
  severity: Severity;
  key: string;
  label: string;
  /** Minutes after declaration the first one is due. */
  firstMinutes: number;
  /** Then every N minutes; null for a one-off. */
  everyMinutes: number | null;
  enabled: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}
export const CADENCE_KEYS = ['first-internal', 'scope', 'status-update', 'can-report', 'exec-summary', 'time-check'] as const;
export type CadenceKey = (typeof CADENCE_KEYS)[number];
export const CADENCE_LABELS: Record<CadenceKey, string> = {
  'first-internal': 'First internal update',
  scope: 'Scope statement',
  'status-update': 'Status update',
  'can-report': 'CAN report (conditions, actions, needs)',
  'exec-summary': 'Executive summary',
  'time-check': 'Deputy time check',
};
type Row = [first: number, every: number | null, enabled: boolean];
/**
 * Defaults from practice.md: first internal post within 5 min, scope within 10, then at least every
 * 20 min while SEV-1/2 is active; CAN reports by priority; exec summaries past SEV-2; the Deputy
 * calls the time every 10 minutes. Lower severities get a gentler rhythm.
 */
export const DEFAULT_CADENCE: Record<Severity, Record<CadenceKey, Row>> = {
  'SEV-1': { 'first-internal': [5, null, true], scope: [10, null, true], 'status-update': [20, 20, true], 'can-report': [15, 30, true], 'exec-summary': [30, 60, true], 'time-check': [10, 10, true] },
  'SEV-2': { 'first-internal': [5, null, true], scope: [10, null, true], 'status-update': [20, 20, true], 'can-report': [30, 60, true], 'exec-summary': [60, 120, false], 'time-check': [10, 10, true] },
  'SEV-3': { 'first-internal': [15, null, true], scope: [30, null, true], 'status-update': [60, 60, true], 'can-report': [60, 120, false], 'exec-summary': [120, null, false], 'time-check': [10, 10, false] },
  'SEV-4': { 'first-internal': [30, null, true], scope: [60, null, false], 'status-update': [240, 240, false], 'can-report': [120, null, false], 'exec-summary': [240, null, false], 'time-check': [10, 10, false] },
  'SEV-5': { 'first-internal': [60, null, false], scope: [120, null, false], 'status-update': [1440, null, false], 'can-report': [240, null, false], 'exec-summary': [1440, null, false], 'time-check': [10, 10, false] },
};
