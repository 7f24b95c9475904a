// SQL for timeline entries and their full-text index, with the row mapper.
import type { EntryKind, TimelineEntry } from '../../../shared/domain/timeline';
import type { SqlRunner } from '../db/sqlite';

export interface TimelineRow {
  seq: number;
  event_id: string;
  incident_id: string;
  kind: TimelineEntry['kind'];
  text: string;
  actor: string;
  at: string;
  hlc: string;
  pinned: number;
  revisions: number;
  original_text: string | null;
  corrected_at: string | null;
  corrected_by: string | null;
}

export function toEntry(r: TimelineRow): TimelineEntry {
  return {
    eventId: r.event_id,
    incidentId: r.incident_id,
    seq: r.seq,
    kind: r.kind,
    text: r.text,
    actor: r.actor,
    at: r.at,
    hlc: r.hlc,
    pinned: r.pinned === 1,
    corrected:
      r.revisions > 0
        ? { at: r.corrected_at!, by: r.corrected_by!, originalText: r.original_text!, revisions: r.revisions }
        : null,
  };
}

export interface TimelineQuery {
  incidentId: string;
  before?: number;
  limit: number;
  kinds?: EntryKind[];
  pinnedOnly?: boolean;
  search?: string;
}

/** Turn free text into a safe FTS5 query: each word a quoted prefix term. */
export function ftsQuery(search: string): string | null {
  const words = search.match(/[\p{L}\p{N}_]+/gu);
  if (!words || words.length === 0) return null;
  return words.slice(0, 12).map((w) => `"${w}"*`).join(' ');
}

export const timelineRepo = {
  async insert(db: SqlRunner, e: Omit<TimelineEntry, 'pinned' | 'corrected'>): Promise<void> {
    await db.run(
      'INSERT INTO timeline_entries (seq, event_id, incident_id, kind, text, actor, at, hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [e.seq, e.eventId, e.incidentId, e.kind, e.text, e.actor, e.at, e.hlc],
    );
  },

  async byEventId(db: SqlRunner, eventId: string): Promise<TimelineEntry | null> {
    const r = await db.get<TimelineRow>('SELECT * FROM timeline_entries WHERE event_id = ?', [eventId]);
    return r ? toEntry(r) : null;
  },

  async setPinned(db: SqlRunner, eventId: string, pinned: boolean): Promise<void> {
    await db.run('UPDATE timeline_entries SET pinned = ? WHERE event_id = ?', [pinned ? 1 : 0, eventId]);
  },

  async applyCorrection(db: SqlRunner, eventId: string, text: string, at: string, by: string): Promise<void> {
    await db.run(
      `UPDATE timeline_entries
         SET original_text = coalesce(original_text, text), text = ?, revisions = revisions + 1, corrected_at = ?, corrected_by = ?
       WHERE event_id = ?`,
      [text, at, by, eventId],
    );
  },

  /** Every entry of an incident, oldest first (exports). */
  async all(db: SqlRunner, incidentId: string): Promise<TimelineEntry[]> {
    const rows = await db.all<TimelineRow>('SELECT * FROM timeline_entries WHERE incident_id = ? ORDER BY seq ASC', [incidentId]);
    return rows.map(toEntry);
  },

  async page(db: SqlRunner, q: TimelineQuery): Promise<{ entries: TimelineEntry[]; total: number }> {
    const where = ['t.incident_id = ?'];
    const params: (string | number)[] = [q.incidentId];
    if (q.kinds && q.kinds.length > 0) {
      where.push(`t.kind IN (${q.kinds.map(() => '?').join(', ')})`);
      params.push(...q.kinds);
    }
    if (q.pinnedOnly) where.push('t.pinned = 1');
    const fts = q.search ? ftsQuery(q.search) : null;
    if (fts) {
      where.push('t.seq IN (SELECT rowid FROM timeline_fts WHERE timeline_fts MATCH ?)');
      params.push(fts);
    }
    const filter = where.join(' AND ');
    const totalRow = await db.get<{ n: number }>(`SELECT count(*) AS n FROM timeline_entries t WHERE ${filter}`, params);
    const pageParams = [...params];
    let pageFilter = filter;
    if (q.before !== undefined) {
      pageFilter += ' AND t.seq < ?';
      pageParams.push(q.before);
    }
    pageParams.push(q.limit);
    const rows = await db.all<TimelineRow>(`SELECT t.* FROM timeline_entries t WHERE ${pageFilter} ORDER BY t.seq DESC LIMIT ?`, pageParams);
    return { entries: rows.map(toEntry), total: totalRow?.n ?? 0 };
  },
};
