// SQL for the outbox: items, their attempts and outcomes, and the per-incident order of delivery.
import type { IntegrationKind, OutboxItem, OutboxState } from '../../../shared/domain/sync';
import type { SqlRunner } from '../db/sqlite';

export interface OutboxRow {
  seq: number;
  id: string;
  incident_id: string | null;
  stream: string;
  integration: string;
  operation: string;
  summary: string;
  idempotency_key: string;
  vendor_key: string;
  payload: string;
  state: OutboxState;
  attempts: number;
  answered_failures: number;
  next_attempt_at: number;
  last_error: string | null;
  last_status: number | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

export interface NewOutboxItem {
  id: string;
  incidentId: string | null;
  integration: string;
  operation: string;
  summary: string;
  idempotencyKey: string;
  vendorKey: string;
  payload: unknown;
  createdAt: string;
  /** Refused before sending (e.g. the leak check): stored dead with this reason, never sent. */
  refused?: string;
}

/** The result of one delivery attempt, written back in a batch. */
export type AttemptResult =
  | { id: string; outcome: 'delivered'; status: number; at: string }
  | { id: string; outcome: 'retry'; status: number | null; error: string; nextAttemptAt: number; answered: boolean; at: string }
  | { id: string; outcome: 'dead'; status: number | null; error: string; at: string };

const LIVE = "('pending','in_flight','failed')";

/**
 * Is an older item of the same stream still undecided? Live items, and dead ones until a person
 * retries or discards them: a dead head blocks its stream, so a resolve never overtakes its trigger.
 * Two lookups so each uses its index (outbox_live; outbox_by_state for the few dead rows).
 */
const BLOCKED_BY_OLDER = `(EXISTS (SELECT 1 FROM outbox p WHERE p.integration = o.integration AND p.stream = o.stream AND p.seq < o.seq AND p.state IN ${LIVE})
      OR EXISTS (SELECT 1 FROM outbox d WHERE d.state = 'dead' AND d.seq < o.seq AND d.integration = o.integration AND d.stream = o.stream))`;

export function toOutboxItem(r: OutboxRow & { human_id?: string | null; kind?: string | null }): OutboxItem {
  return {
    id: r.id,
    seq: r.seq,
    incidentId: r.incident_id,
    incidentHumanId: r.human_id ?? null,
    integration: r.integration,
    kind: (r.kind as IntegrationKind | null | undefined) ?? null,
    operation: r.operation,
    summary: r.summary,
    idempotencyKey: r.vendor_key,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.state === 'failed' || r.state === 'pending' ? (r.next_attempt_at > 0 ? new Date(r.next_attempt_at).toISOString() : null) : null,
    lastError: r.last_error,
    lastStatus: r.last_status,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}

export const outboxRepo = {
  async countsByState(db: SqlRunner): Promise<Record<string, number>> {
    const rows = await db.all<{ state: string; n: number }>('SELECT state, count(*) AS n FROM outbox GROUP BY state');
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  },

  async countsByIntegration(db: SqlRunner): Promise<Array<{ integration: string; state: string; operation: string; n: number }>> {
    return db.all(
      `SELECT integration, state, operation, count(*) AS n FROM outbox WHERE state IN ('pending','in_flight','failed','dead')
       GROUP BY integration, state, operation`,
    );
  },

  /** Insert unless an item with the same key exists (a replayed event must not queue twice). */
  async insert(db: SqlRunner, i: NewOutboxItem): Promise<boolean> {
    const res = await db.run(
      `INSERT OR IGNORE INTO outbox (id, incident_id, stream, integration, operation, summary, idempotency_key, vendor_key, payload, state,
                                     last_error, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        i.id,
        i.incidentId,
        i.incidentId ?? i.id,
        i.integration,
        i.operation,
        i.summary,
        i.idempotencyKey,
        i.vendorKey,
        JSON.stringify(i.payload),
        i.refused ? 'dead' : 'pending',
        i.refused ?? null,
        i.createdAt,
        i.createdAt,
      ],
    );
    return res.changes === 1;
  },

  /**
   * The first undecided item of each stream of one integration, when it is due. Taking only the head
   * of a stream is what keeps per-incident order: item n+1 is never tried while item n is live or dead.
   */
  async dueHeads(db: SqlRunner, integration: string, now: number, limit: number): Promise<OutboxRow[]> {
    // Walks outbox_due in time order; NOT (index lookups) skips items whose stream has an older
    // undecided item, so the query stops after `limit` heads instead of grouping everything.
    return db.all<OutboxRow>(
      `SELECT o.* FROM outbox o
       WHERE o.integration = ? AND o.state IN ('pending','failed') AND o.next_attempt_at <= ?
         AND NOT ${BLOCKED_BY_OLDER}
       ORDER BY o.next_attempt_at, o.seq LIMIT ?`,
      [integration, now, limit],
    );
  },

  /** The earliest time any stream head of this integration becomes due (null when nothing is live). */
  async nextDue(db: SqlRunner, integration: string): Promise<number | null> {
    const r = await db.get<{ t: number }>(
      `SELECT o.next_attempt_at AS t FROM outbox o
       WHERE o.integration = ? AND o.state IN ('pending','failed')
         AND NOT ${BLOCKED_BY_OLDER}
       ORDER BY o.next_attempt_at, o.seq LIMIT 1`,
      [integration],
    );
    return r?.t ?? null;
  },

  /**
   * Claim items for an attempt; a crash after this makes the next attempt search before retrying.
   * Only rows still pending or failed move (a discard or a retry may have committed since they were
   * read); returns the ids actually claimed, the only ones that may be sent.
   */
  async markInFlight(db: SqlRunner, ids: string[], at: string): Promise<Set<string>> {
    const claimed = new Set<string>();
    for (const id of ids) {
      const res = await db.run(`UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state IN ('pending','failed')`, [at, id]);
      if (res.changes === 1) claimed.add(id);
    }
    return claimed;
  },

  /** Needs a person before it is even tried (e.g. its credential is missing): dead, no attempt counted. */
  async markDead(db: SqlRunner, id: string, error: string, at: string): Promise<boolean> {
    const res = await db.run(`UPDATE outbox SET state = 'dead', last_status = NULL, last_error = ?, updated_at = ? WHERE id = ? AND state IN ('pending','failed')`, [error, at, id]);
    return res.changes === 1;
  },

  async applyResults(db: SqlRunner, results: AttemptResult[]): Promise<void> {
    for (const r of results) {
      if (r.outcome === 'delivered') {
        await db.run(
          `UPDATE outbox SET state = 'delivered', last_status = ?, last_error = NULL, delivered_at = ?, updated_at = ? WHERE id = ? AND state = 'in_flight'`,
          [r.status, r.at, r.at, r.id],
        );
      } else if (r.outcome === 'retry') {
        await db.run(
          `UPDATE outbox SET state = 'failed', last_status = ?, last_error = ?, next_attempt_at = ?, answered_failures = answered_failures + ?,
                  updated_at = ? WHERE id = ? AND state = 'in_flight'`,
          [r.status, r.error, r.nextAttemptAt, r.answered ? 1 : 0, r.at, r.id],
        );
      } else {
        await db.run(`UPDATE outbox SET state = 'dead', last_status = ?, last_error = ?, updated_at = ? WHERE id = ? AND state = 'in_flight'`, [
          r.status,
          r.error,
          r.at,
          r.id,
        ]);
      }
    }
  },

  /** After a crash or restart nothing is really in flight any more: make those items due again. */
  async recoverInFlight(db: SqlRunner, at: string): Promise<number> {
    const res = await db.run(`UPDATE outbox SET state = 'failed', next_attempt_at = 0, last_error = coalesce(last_error, 'interrupted'), updated_at = ? WHERE state = 'in_flight'`, [at]);
    return res.changes;
  },

  /** The network is back: items that failed only for lack of it are due now, not after their back-off. */
  async dueNowAfterReconnect(db: SqlRunner, integration: string, at: string): Promise<number> {
    const res = await db.run(`UPDATE outbox SET next_attempt_at = 0, updated_at = ? WHERE integration = ? AND state = 'failed' AND last_status IS NULL`, [at, integration]);
    return res.changes;
  },

  async get(db: SqlRunner, id: string): Promise<OutboxRow | null> {
    return (await db.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', [id])) ?? null;
  },

  async getItem(db: SqlRunner, id: string): Promise<OutboxItem | null> {
    const r = await db.get<OutboxRow & { human_id: string | null; kind: string | null }>(
      `SELECT o.*, i.human_id, g.kind FROM outbox o LEFT JOIN incidents i ON i.id = o.incident_id LEFT JOIN integrations g ON g.name = o.integration WHERE o.id = ?`,
      [id],
    );
    return r ? toOutboxItem(r) : null;
  },

  async list(db: SqlRunner, f: { state?: OutboxState; integration?: string; incidentId?: string; limit: number }): Promise<OutboxItem[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (f.state) {
      where.push('o.state = ?');
      params.push(f.state);
    }
    if (f.integration) {
      where.push('o.integration = ?');
      params.push(f.integration);
    }
    if (f.incidentId) {
      where.push('o.incident_id = ?');
      params.push(f.incidentId);
    }
    params.push(f.limit);
    const rows = await db.all<OutboxRow & { human_id: string | null; kind: string | null }>(
      `SELECT o.*, i.human_id, g.kind FROM outbox o LEFT JOIN incidents i ON i.id = o.incident_id LEFT JOIN integrations g ON g.name = o.integration
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY o.seq LIMIT ?`,
      params,
    );
    return rows.map(toOutboxItem);
  },

  /** A person asked to try again: due now, the attempt budget starts afresh. */
  async requeue(db: SqlRunner, id: string, at: string): Promise<void> {
    await db.run(`UPDATE outbox SET state = 'pending', answered_failures = 0, next_attempt_at = 0, updated_at = ? WHERE id = ?`, [at, id]);
  },

  async discard(db: SqlRunner, id: string, reason: string, at: string): Promise<void> {
    await db.run(`UPDATE outbox SET state = 'discarded', last_error = ?, updated_at = ? WHERE id = ?`, [`discarded: ${reason}`, at, id]);
  },

  /** Operations queued for one stream of one integration (discarded ones excluded), oldest first. */
  async operationsFor(db: SqlRunner, integration: string, stream: string): Promise<string[]> {
    const rows = await db.all<{ operation: string }>(`SELECT operation FROM outbox WHERE integration = ? AND stream = ? AND state != 'discarded' ORDER BY seq`, [
      integration,
      stream,
    ]);
    return rows.map((r) => r.operation);
  },

  /**
   * Every item of one incident, in queue order, with the event that queued it (its key is
   * `<event id>:<operation>`) and that event's place in the log.
   */
  async forIncident(
    db: SqlRunner,
    incidentId: string,
  ): Promise<Array<Pick<OutboxRow, 'seq' | 'integration' | 'operation' | 'state'> & { source_id: string | null; source_seq: number | null }>> {
    return db.all(
      `SELECT o.seq, o.integration, o.operation, o.state, e.id AS source_id, e.seq AS source_seq
       FROM outbox o LEFT JOIN events e ON e.id = substr(o.idempotency_key, 1, instr(o.idempotency_key, ':') - 1)
       WHERE o.incident_id = ? ORDER BY o.seq`,
      [incidentId],
    );
  },

  async all(db: SqlRunner): Promise<OutboxRow[]> {
    return db.all<OutboxRow>('SELECT * FROM outbox ORDER BY seq');
  },
};
