// SQL for the incidents projection, with its row mapper.
import type { Incident, IncidentMode, IncidentStatus, Milestone } from '../../../shared/domain/incidents';
import type { SqlRunner } from '../db/sqlite';

export interface IncidentRow {
  id: string;
  human_id: string;
  year: number;
  number: number;
  title: string;
  summary: string;
  severity: Incident['severity'];
  status: Incident['status'];
  mode: Incident['mode'];
  created_by: string;
  created_at: string;
  updated_at: string;
  milestones: string;
  entry_count: number;
  pinned_count: number;
}

export function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    humanId: r.human_id,
    title: r.title,
    summary: r.summary,
    severity: r.severity,
    status: r.status,
    mode: r.mode,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    milestones: JSON.parse(r.milestones) as Partial<Record<Milestone, string>>,
    entryCount: r.entry_count,
    pinnedCount: r.pinned_count,
  };
}

export const incidentsRepo = {
  async nextNumber(db: SqlRunner, year: number): Promise<number> {
    const r = await db.get<{ n: number | null }>('SELECT max(number) AS n FROM incidents WHERE year = ?', [year]);
    return (r?.n ?? 0) + 1;
  },

  async insert(db: SqlRunner, i: Incident & { year: number; number: number }): Promise<void> {
    await db.run(
      `INSERT INTO incidents (id, human_id, year, number, title, summary, severity, status, mode, created_by, created_at, updated_at, milestones)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [i.id, i.humanId, i.year, i.number, i.title, i.summary, i.severity, i.status, i.mode, i.createdBy, i.createdAt, i.updatedAt, JSON.stringify(i.milestones)],
    );
  },

  /** Resolve a ULID or a human id (INC-2026-0042) to the incident. */
  async find(db: SqlRunner, ref: string): Promise<Incident | null> {
    const r = await db.get<IncidentRow>('SELECT * FROM incidents WHERE id = ? OR human_id = ?', [ref, ref.toUpperCase()]);
    return r ? toIncident(r) : null;
  },

  async list(db: SqlRunner, filter: { status?: IncidentStatus; mode?: IncidentMode }): Promise<Incident[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.mode) {
      where.push('mode = ?');
      params.push(filter.mode);
    }
    const rows = await db.all<IncidentRow>(
      `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC, id DESC`,
      params,
    );
    return rows.map(toIncident);
  },

  async update(
    db: SqlRunner,
    id: string,
    patch: Partial<Pick<Incident, 'title' | 'summary' | 'severity' | 'status' | 'milestones'>> & { updatedAt: string },
  ): Promise<void> {
    const sets: string[] = ['updated_at = ?'];
    const params: (string | number)[] = [patch.updatedAt];
    const columns = { title: patch.title, summary: patch.summary, severity: patch.severity, status: patch.status } as const;
    for (const [column, value] of Object.entries(columns)) {
      if (value === undefined) continue;
      sets.push(`${column} = ?`);
      params.push(value);
    }
    if (patch.milestones !== undefined) {
      sets.push('milestones = ?');
      params.push(JSON.stringify(patch.milestones));
    }
    params.push(id);
    await db.run(`UPDATE incidents SET ${sets.join(', ')} WHERE id = ?`, params);
  },

  /** Mark the incident as active now (list order), without touching projection counters. */
  async touch(db: SqlRunner, id: string, at: string): Promise<void> {
    await db.run('UPDATE incidents SET updated_at = max(updated_at, ?) WHERE id = ?', [at, id]);
  },
};
