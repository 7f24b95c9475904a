// The append-only event log. Every change to an incident is one event; projections are updated by
// the caller in the same transaction. Listeners (e.g. the sync router that writes outbox rows) run
// inside that same transaction, so an event and its consequences commit or roll back together.
import { monotonicFactory } from 'ulid';
import { encodeHlc, type HybridClock } from '../../../shared/hlc';
import type { SqlRunner } from '../db/sqlite';
import { eventsRepo, type StoredEvent } from '../repositories/eventsRepo';

export type AppendListener = (tx: SqlRunner, event: StoredEvent) => Promise<void>;

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

  async append(tx: SqlRunner, e: { incidentId: string | null; actor: string; kind: string; payload: unknown; at?: string }): Promise<StoredEvent> {
    const nowMs = this.now();
    const event: Omit<StoredEvent, 'seq'> = {
      id: this.ulid(nowMs),
      incidentId: e.incidentId,
      hlc: encodeHlc(this.hlc.tick()),
      actor: e.actor,
      kind: e.kind,
      payload: e.payload,
      at: e.at ?? new Date(nowMs).toISOString(),
    };
    const seq = await eventsRepo.insert(tx, event);
    const stored = { ...event, seq };
    for (const l of this.listeners) await l(tx, stored);
    return stored;
  }
}
