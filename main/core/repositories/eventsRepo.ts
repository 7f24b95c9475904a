// SQL for the append-only event log.
import type { LoggedEvent } from '../../../shared/events';
import type { SqlRunner } from '../db/sqlite';

interface EventRow {
  seq: number;
  id: string;
  incident_id: string | null;
  hlc: string;
  actor: string;
  kind: string;
  payload: string;
  at: string;
}

// Rows come from our own log, written through EventLog.append with a kind and its payload together.
function toEvent(r: EventRow): LoggedEvent {
  return { seq: r.seq, id: r.id, incidentId: r.incident_id, hlc: r.hlc, actor: r.actor, kind: r.kind, payload: JSON.parse(r.payload), at: r.at } as LoggedEvent;
}

export const eventsRepo = {
  async insert(db: SqlRunner, e: Omit<LoggedEvent, 'seq'>): Promise<number> {
    const res = await db.run('INSERT INTO events (id, incident_id, hlc, actor, kind, payload, at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      e.id,
      e.incidentId,
      e.hlc,
      e.actor,
      e.kind,
      JSON.stringify(e.payload),
      e.at,
    ]);
    return res.lastID;
  },
  async latestHlc(db: SqlRunner): Promise<string | null> {
    const r = await db.get<{ hlc: string }>('SELECT hlc FROM events ORDER BY hlc DESC LIMIT 1');
    return r?.hlc ?? null;
  },
  async byId(db: SqlRunner, id: string): Promise<LoggedEvent | null> {
    const r = await db.get<EventRow>('SELECT * FROM events WHERE id = ?', [id]);
    return r ? toEvent(r) : null;
  },
  async forIncident(db: SqlRunner, incidentId: string): Promise<LoggedEvent[]> {
    const rows = await db.all<EventRow>('SELECT * FROM events WHERE incident_id = ? ORDER BY seq', [incidentId]);
    return rows.map(toEvent);
  },
  /** One incident's events of these kinds, oldest first (a long timeline's notes are not read). */
  async forIncidentOfKinds(db: SqlRunner, incidentId: string, kinds: readonly string[]): Promise<LoggedEvent[]> {
    // Named, because without statistics the planner prefers the (incident_id, seq) index to save
    // the sort, and then reads every note of the incident to find its few state changes.
    const rows = await db.all<EventRow>(`SELECT * FROM events INDEXED BY events_by_incident_kind WHERE incident_id = ? AND kind IN (${kinds.map(() => '?').join(', ')}) ORDER BY seq`, [incidentId, ...kinds]);
    return rows.map(toEvent);
  },
  /** Corrections of one entry, oldest first. */
  async corrections(db: SqlRunner, targetEventId: string): Promise<LoggedEvent[]> {
    const rows = await db.all<EventRow>(
      "SELECT * FROM events WHERE kind = 'timeline.corrected' AND json_extract(payload, '$.target') = ? ORDER BY seq",
      [targetEventId],
    );
    return rows.map(toEvent);
  },
  async count(db: SqlRunner): Promise<number> {
    const r = await db.get<{ n: number }>('SELECT count(*) AS n FROM events');
    return r?.n ?? 0;
  },
};
