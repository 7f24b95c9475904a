// The append-only event log. Every change to an incident is one event; projections are updated by
// the caller in the same transaction.
import { monotonicFactory } from 'ulid';
import { encodeHlc, type HybridClock } from '../../../shared/hlc';
import type { SqlRunner } from '../db/sqlite';
import { eventsRepo, type StoredEvent } from '../repositories/eventsRepo';

export class EventLog {
  private readonly ulid = monotonicFactory();
  constructor(
    private readonly hlc: HybridClock,
    private readonly now: () => number,
  ) {}

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
    return { ...event, seq };
  }
}
