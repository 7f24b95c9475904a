// The one interface every vendor adapter implements, and what the engine hands it.
import type { z } from 'zod';
import type { IntegrationKind, IntegrationSettings, OnCallEntry, RoutingRules } from '../../../../shared/domain/sync';
import type { Incident } from '../../../../shared/domain/incidents';
import type { HttpClient } from '../http';

export interface IntegrationConfig {
  name: string;
  kind: IntegrationKind;
  baseUrl: string;
  settings: IntegrationSettings;
  routing: RoutingRules;
}

/** An item as the adapter sees it. */
export interface DeliveryItem {
  id: string;
  operation: string;
  /** The vendor's own idempotency key (dedup_key, alias, external id, delivery id). */
  vendorKey: string;
  payload: Record<string, unknown>;
  /** Attempts already started before this one (a crash counts): >0 means "maybe sent before". */
  previousAttempts: number;
  stream: string;
  /** When the item was queued (ISO 8601): a search for an earlier attempt need not look further back. */
  createdAt: string;
}

export interface RefStore {
  get(kind: string): Promise<string | null>;
}

export interface DeliveryContext {
  item: DeliveryItem;
  config: IntegrationConfig;
  secret: string | null;
  http: HttpClient;
  refs: RefStore;
  now(): number;
  /** Wait on the sync clock (Opsgenie request polling). */
  sleep(ms: number): Promise<void>;
}

export type DeliveryOutcome =
  | { kind: 'delivered'; status: number; refs?: Record<string, string> }
  /** Try again later. `status` null means no answer at all (a transport failure). */
  | { kind: 'retry'; status: number | null; error: string; retryAfterMs?: number | null }
  /** Needs a person: the vendor refused the request (4xx) or we refused to send it. */
  | { kind: 'dead'; status: number | null; error: string };

/** What the router asks for: one outbox item. */
export interface PlannedOp {
  operation: string;
  summary: string;
  vendorKey: string;
  payload: Record<string, unknown>;
  /** Refuse instead of sending (e.g. the public leak check). */
  refused?: string;
}

export interface IncidentFacts {
  incident: Pick<Incident, 'id' | 'humanId' | 'title' | 'severity' | 'status' | 'mode' | 'summary'>;
  /** Operations already queued for this incident on this integration (not discarded), oldest first. */
  history: readonly string[];
}

export type RoutedEvent =
  | { type: 'declared' }
  | { type: 'severity_changed'; from: Incident['severity']; to: Incident['severity']; reason: string | null }
  | { type: 'status_changed'; from: Incident['status']; to: Incident['status']; note: string | null }
  | { type: 'acknowledged' }
  | { type: 'timeline'; entryKind: 'note' | 'decision' | 'action'; text: string; actor: string }
  /**
   * The incident was active before this integration could open it (it was added or enabled later):
   * open it now and send its current state, as a declaration at today's severity and status would.
   */
  | { type: 'caught_up' };

export interface TestOutcome {
  ok: boolean;
  status: number | null;
  message: string;
}

export interface SyncAdapter {
  readonly kind: IntegrationKind;
  readonly label: string;
  /** What the secret is, for the settings form ("Routing key (32 characters)"). */
  readonly secretLabel: string;
  readonly secretRequired: boolean;
  readonly defaultBaseUrl: string;
  readonly defaultRouting: RoutingRules;
  /** Public integrations get the leak check and never receive timeline notes. */
  readonly public: boolean;
  /** Pagers never page for exercises. */
  readonly pages: boolean;
  readonly settingsSchema: z.ZodType<IntegrationSettings>;
  /** Settings a user can paste for the local fakes are described by each fake, not here. */
  plan(event: RoutedEvent, facts: IncidentFacts, config: IntegrationConfig, eventId: string): PlannedOp[];
  /**
   * Whether the incident exists at the vendor (or is queued to), judged from the operations queued
   * for it: what the routing rules need before they send updates, and what catching up creates.
   */
  opened(history: readonly string[]): boolean;
  deliver(ctx: DeliveryContext): Promise<DeliveryOutcome>;
  test(ctx: Omit<DeliveryContext, 'item' | 'refs'>): Promise<TestOutcome>;
  oncall?(ctx: Omit<DeliveryContext, 'item' | 'refs'>): Promise<OnCallEntry[] | null>;
}
