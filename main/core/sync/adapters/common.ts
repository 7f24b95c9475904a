// Helpers every adapter shares: turning an HTTP answer into an outcome, routing decisions, text.
import { z } from 'zod';
import { type IntegrationSettings, type RoutingRules } from '../../../../shared/domain/sync';
import { severityRank, type Severity } from '../../../../shared/domain/incidents';
import { parseRetryAfter } from '../backoff';
import { TransportError, vendorMessage, type HttpResponse } from '../http';
import type { DeliveryOutcome, IncidentFacts, RoutedEvent, TestOutcome } from './types';

export function inRange(sev: Severity, rules: RoutingRules): boolean {
  return severityRank(sev) <= severityRank(rules.minSeverity);
}

export function retryAfterOf(res: HttpResponse, now: number, floorMs = 0): number {
  const parsed = parseRetryAfter(res.headers.get('retry-after'), now, res.headers.get('date'));
  return Math.max(parsed ?? 0, floorMs);
}

/**
 * The common mapping of an answer: 2xx delivered; 429 (and Statuspage's 420) retry after the
 * vendor's Retry-After; 408/5xx retry; any other 4xx is dead with the vendor's own message.
 */
export function classify(res: HttpResponse, now: number, message: (res: HttpResponse) => string, opts: { rateLimitFloorMs?: number } = {}): DeliveryOutcome {
  if (res.status >= 200 && res.status < 300) return { kind: 'delivered', status: res.status };
  if (res.status === 429 || res.status === 420) {
    return { kind: 'retry', status: res.status, error: `rate limited (${res.status}): ${message(res)}`, retryAfterMs: retryAfterOf(res, now, opts.rateLimitFloorMs ?? 1_000) };
  }
  if (res.status === 408 || res.status >= 500) return { kind: 'retry', status: res.status, error: `${res.status}: ${message(res)}` };
  return { kind: 'dead', status: res.status, error: `${res.status}: ${message(res)}` };
}

/** Run a delivery; a transport failure (no answer) becomes a retry with status null. */
export async function guarded(fn: () => Promise<DeliveryOutcome>): Promise<DeliveryOutcome> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TransportError) return { kind: 'retry', status: null, error: err.message };
    throw err;
  }
}

export async function guardedTest(fn: () => Promise<TestOutcome>): Promise<TestOutcome> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TransportError) return { ok: false, status: null, message: `No answer: ${err.message}` };
    throw err;
  }
}

export function bodyText(res: HttpResponse): string {
  return vendorMessage(res.text || `HTTP ${res.status}`);
}

export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

export function str(settings: IntegrationSettings, key: string, fallback = ''): string {
  const v = settings[key];
  return typeof v === 'string' ? v : fallback;
}

export function bool(settings: IntegrationSettings, key: string, fallback: boolean): boolean {
  const v = settings[key];
  return typeof v === 'boolean' ? v : fallback;
}

/** Settings are an open record at the contract boundary; each adapter narrows its own keys. */
export function settingsSchema<S extends z.ZodRawShape>(shape: S): z.ZodType<IntegrationSettings> {
  return z.strictObject(shape) as unknown as z.ZodType<IntegrationSettings>;
}

export const ACTIVE = new Set(['investigating', 'identified', 'monitoring']);

/** Whether the rules ever open an incident at the vendor (on declare, or when severity rises into range). */
export function rulesOpen(rules: RoutingRules): boolean {
  return rules.onDeclare || rules.onSeverityChange;
}

/** Catching up opens what a declaration at today's severity would have opened, while it is active. */
export function catchUpDue(facts: IncidentFacts, rules: RoutingRules): boolean {
  return rulesOpen(rules) && inRange(facts.incident.severity, rules) && ACTIVE.has(facts.incident.status);
}

/** A pager holds a page while its last trigger has not been resolved. */
export function pagerOpened(history: readonly string[]): boolean {
  return ([...history].reverse().find((o) => o === 'trigger' || o === 'resolve') ?? null) === 'trigger';
}

/** The operations a pager (PagerDuty, Opsgenie) should queue for an event. */
export function pagerDecision(event: RoutedEvent, facts: IncidentFacts, rules: RoutingRules): 'trigger' | 'resolve' | 'acknowledge' | null {
  const paged = pagerOpened(facts.history);
  const sev = facts.incident.severity;
  switch (event.type) {
    case 'declared':
      return rules.onDeclare && inRange(sev, rules) ? 'trigger' : null;
    case 'severity_changed':
      return rules.onSeverityChange && !paged && inRange(event.to, rules) && ACTIVE.has(facts.incident.status) ? 'trigger' : null;
    case 'status_changed':
      if (!ACTIVE.has(event.to) && paged) return rules.onResolve ? 'resolve' : null;
      // A reopened incident pages again if it is still in range.
      if (ACTIVE.has(event.to) && !ACTIVE.has(event.from) && !paged && inRange(sev, rules) && rules.onDeclare) return 'trigger';
      return null;
    case 'acknowledged':
      return paged ? 'acknowledge' : null;
    case 'caught_up':
      return !paged && catchUpDue(facts, rules) ? 'trigger' : null;
    default:
      return null;
  }
}

export function severityWord(sev: Severity): string {
  return sev;
}

/** One human line per event, for chat posts and webhook consumers. */
export function describeEvent(event: RoutedEvent, facts: IncidentFacts): string {
  const i = facts.incident;
  switch (event.type) {
    case 'declared':
      return `${i.humanId} declared ${i.severity}: ${i.title}`;
    case 'severity_changed':
      return `${i.humanId} severity ${event.from} → ${event.to}${event.reason ? `: ${event.reason}` : ''}`;
    case 'status_changed':
      return `${i.humanId} status ${event.from} → ${event.to}${event.note ? `: ${event.note}` : ''}`;
    case 'acknowledged':
      return `${i.humanId} acknowledged`;
    case 'timeline':
      return `${i.humanId} ${event.entryKind} by ${event.actor}: ${event.text}`;
    case 'caught_up':
      // Its state now, since what came before was never sent here.
      return `${i.humanId} ${i.severity} ${i.status}: ${i.title} (caught up: this incident began before the integration was connected)`;
  }
}

export function clipText(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Whether a chat-like integration (Slack, Teams, webhook) should post for an event. */
export function chatShouldPost(event: RoutedEvent, facts: IncidentFacts, rules: RoutingRules, opened: boolean): boolean {
  switch (event.type) {
    case 'declared':
      return rules.onDeclare && inRange(facts.incident.severity, rules);
    case 'severity_changed':
      return rules.onSeverityChange && (opened || inRange(event.to, rules));
    case 'status_changed':
      return opened && (ACTIVE.has(event.to) ? rules.onStatusChange : rules.onResolve);
    case 'timeline':
      return opened && rules.onTimeline;
    case 'acknowledged':
      return false;
    case 'caught_up':
      return !opened && catchUpDue(facts, rules);
  }
}

export function chatText(event: RoutedEvent, facts: IncidentFacts): string {
  return `${facts.incident.mode === 'exercise' ? '[EXERCISE] ' : ''}${describeEvent(event, facts)}`;
}
