// The append-only event log. Every change to an incident is one event of a kind in the catalogue
// (shared/events.ts: one payload shape per kind); projections are updated by the caller in the same
// transaction. Listeners (the sync router that writes outbox rows, the cadence re-planner) run inside
// that same transaction with the caller's scope, so an event and its consequences commit or roll back
// together, and what a listener changes is announced with the caller's own changes.
import { monotonicFactory } from 'ulid';
import type { ChangeDomain, DomainEvent, DomainEventKind, LoggedEvent } from '../../../shared/events';
import { encodeHlc, type HybridClock } from '../../../shared/hlc';
import type { SqlRunner } from '../db/sqlite';
import { eventsRepo } from '../repositories/eventsRepo';

/** Where an event is appended: the write transaction, and how to announce what changed after commit. */
export interface AppendScope {
  readonly db: SqlRunner;
  changed(domain: ChangeDomain, incidentId?: string): void;
}

export type AppendListener = (scope: AppendScope, event: LoggedEvent) => Promise<void>;

/** One event to append: who, which incident, and one kind with its payload. */
export type NewEvent<K extends DomainEventKind = DomainEventKind> = DomainEvent<K> & { incidentId: string | null; actor: string; at?: string };

export class EventLog {
  private readonly ulid = monotonicFactory();
  private readonly listeners: AppendListener[] = [];
  constructor(
    private readonly hlc: HybridClock,
    private readonly now: () => number,
  ) {}

  /** Run `listener` inside the transaction of every appended event. Returns an unsubscribe. */
  onAppend(listener: AppendListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async append<K extends DomainEventKind>(scope: AppendScope, e: NewEvent<K>): Promise<LoggedEvent<K>> {
    const nowMs = this.now();
    const event = {
      id: this.ulid(nowMs),
      incidentId: e.incidentId,
      hlc: encodeHlc(this.hlc.tick()),
      actor: e.actor,
      kind: e.kind,
      payload: e.payload,
      at: e.at ?? new Date(nowMs).toISOString(),
    } as unknown as Omit<LoggedEvent<K>, 'seq'>;
    const seq = await eventsRepo.insert(scope.db, event);
    const stored = { ...event, seq } as LoggedEvent<K>;
    for (const l of this.listeners) await l(scope, stored as LoggedEvent);
    return stored;
  }
}
