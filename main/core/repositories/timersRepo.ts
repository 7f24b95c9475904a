// SQL for timers (stored as deadlines) and the cadence policy table.
import type { Severity } from '../../../shared/domain/incidents';
import type { CadencePolicy, TimerDecision, TimerKind } from '../../../shared/domain/timers';
import type { SqlRunner } from '../db/sqlite';

export interface TimerRow {
  id: string;
  incident_id: string;
  kind: TimerKind;
  label: string;
  owner: string | null;
  started_ms: number;
  due_ms: number;
  state: 'open' | 'resolved' | 'cancelled';
  warned_at: string | null;
  expired_at: string | null;
  resolved_at: string | null;
  decision: TimerDecision | null;
  note: string | null;
  extensions: number;
  policy_key: string | null;
  created_by: string;
}

interface PolicyRow {
  severity: Severity;
  key: string;
  label: string;
  first_minutes: number;
  every_minutes: number | null;
  enabled: number;
  updated_at: string | null;
  updated_by: string | null;
}
const toPolicy = (r: PolicyRow): CadencePolicy => ({
  severity: r.severity,
  key: r.key,
  label: r.label,
  firstMinutes: r.first_minutes,
  everyMinutes: r.every_minutes,
  enabled: r.enabled === 1,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export const timersRepo = {
  async insert(db: SqlRunner, t: Omit<TimerRow, 'warned_at' | 'expired_at' | 'resolved_at' | 'decision' | 'note' | 'extensions' | 'state'>): Promise<void> {
    await db.run(
      'INSERT INTO timers (id, incident_id, kind, label, owner, started_ms, due_ms, policy_key, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [t.id, t.incident_id, t.kind, t.label, t.owner, t.started_ms, t.due_ms, t.policy_key, t.created_by],
    );
  },
  async get(db: SqlRunner, id: string): Promise<TimerRow | null> {
    return (await db.get<TimerRow>('SELECT * FROM timers WHERE id = ?', [id])) ?? null;
  },
  async forIncident(db: SqlRunner, incidentId: string): Promise<TimerRow[]> {
    return db.all<TimerRow>(
      `SELECT * FROM timers WHERE incident_id = ?
       ORDER BY CASE state WHEN 'open' THEN 0 ELSE 1 END, CASE WHEN state = 'open' THEN due_ms ELSE -due_ms END, id`,
      [incidentId],
    );
  },
  /** Open timers that have crossed a threshold the scheduler has not recorded yet. */
  async needingAttention(db: SqlRunner, nowMs: number, warnFraction: number): Promise<TimerRow[]> {
    return db.all<TimerRow>(
      `SELECT * FROM timers WHERE state = 'open' AND (
         (expired_at IS NULL AND due_ms <= ?) OR
         (warned_at IS NULL AND started_ms + (due_ms - started_ms) * ? <= ?)
       ) ORDER BY due_ms LIMIT 200`,
      [nowMs, warnFraction, nowMs],
    );
  },
  async markWarned(db: SqlRunner, id: string, at: string): Promise<boolean> {
    return (await db.run("UPDATE timers SET warned_at = ? WHERE id = ? AND warned_at IS NULL AND state = 'open'", [at, id])).changes > 0;
  },
  async markExpired(db: SqlRunner, id: string, at: string): Promise<boolean> {
    return (await db.run("UPDATE timers SET expired_at = ?, warned_at = coalesce(warned_at, ?) WHERE id = ? AND expired_at IS NULL AND state = 'open'", [at, at, id])).changes > 0;
  },
  async extend(db: SqlRunner, id: string, startedMs: number, dueMs: number): Promise<void> {
    await db.run('UPDATE timers SET started_ms = ?, due_ms = ?, warned_at = NULL, expired_at = NULL, extensions = extensions + 1 WHERE id = ?', [startedMs, dueMs, id]);
  },
  async close(db: SqlRunner, id: string, state: 'resolved' | 'cancelled', decision: TimerDecision, note: string | null, at: string): Promise<void> {
    await db.run('UPDATE timers SET state = ?, decision = ?, note = ?, resolved_at = ? WHERE id = ?', [state, decision, note, at, id]);
  },
  async openCadence(db: SqlRunner, incidentId: string): Promise<TimerRow[]> {
    return db.all<TimerRow>("SELECT * FROM timers WHERE incident_id = ? AND kind = 'cadence' AND state = 'open'", [incidentId]);
  },
  /** The latest resolution per cadence policy key of an incident (when was it last done). */
  async lastCadenceDone(db: SqlRunner, incidentId: string): Promise<Map<string, string>> {
    const rows = await db.all<{ policy_key: string; at: string }>(
      "SELECT policy_key, max(resolved_at) AS at FROM timers WHERE incident_id = ? AND kind = 'cadence' AND state = 'resolved' AND policy_key IS NOT NULL GROUP BY policy_key",
      [incidentId],
    );
    return new Map(rows.map((r) => [r.policy_key, r.at]));
  },

  async policies(db: SqlRunner, severity?: Severity): Promise<CadencePolicy[]> {
    const rows = severity
      ? await db.all<PolicyRow>('SELECT * FROM cadence_policies WHERE severity = ? ORDER BY position', [severity])
      : await db.all<PolicyRow>('SELECT * FROM cadence_policies ORDER BY position');
    return rows.map(toPolicy);
  },
  async policy(db: SqlRunner, severity: Severity, key: string): Promise<CadencePolicy | null> {
    const r = await db.get<PolicyRow>('SELECT * FROM cadence_policies WHERE severity = ? AND key = ?', [severity, key]);
    return r ? toPolicy(r) : null;
  },
  async updatePolicy(db: SqlRunner, p: CadencePolicy): Promise<void> {
    await db.run('UPDATE cadence_policies SET first_minutes = ?, every_minutes = ?, enabled = ?, updated_at = ?, updated_by = ? WHERE severity = ? AND key = ?', [
      p.firstMinutes,
      p.everyMinutes,
      p.enabled ? 1 : 0,
      p.updatedAt,
      p.updatedBy,
      p.severity,
      p.key,
    ]);
  },
};
