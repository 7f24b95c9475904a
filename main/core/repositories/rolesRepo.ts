// SQL for role assignments, IC handovers and role checklists.
import type { HandoffBrief, Handover, Role, RoleAssignment } from '../../../shared/domain/roles';
import type { SqlRunner } from '../db/sqlite';

interface AssignmentRow {
  id: string;
  incident_id: string;
  role: Role;
  person: string;
  assumed_at: string;
  renounced_at: string | null;
  assigned_by: string;
  handover_id: string | null;
}
const toAssignment = (r: AssignmentRow): RoleAssignment => ({
  id: r.id,
  incidentId: r.incident_id,
  role: r.role,
  person: r.person,
  assumedAt: r.assumed_at,
  renouncedAt: r.renounced_at,
  assignedBy: r.assigned_by,
  handoverId: r.handover_id,
});

interface HandoverRow {
  id: string;
  incident_id: string;
  from_person: string | null;
  to_person: string;
  brief: string;
  at: string;
  by: string;
}
const toHandover = (r: HandoverRow): Handover => ({ id: r.id, incidentId: r.incident_id, from: r.from_person, to: r.to_person, brief: JSON.parse(r.brief) as HandoffBrief, at: r.at, by: r.by });
export const rolesRepo = {
  async current(db: SqlRunner, incidentId: string): Promise<RoleAssignment[]> {
    const rows = await db.all<AssignmentRow>('SELECT * FROM role_assignments WHERE incident_id = ? AND renounced_at IS NULL ORDER BY assumed_at, id', [incidentId]);
    return rows.map(toAssignment);
  },
  async history(db: SqlRunner, incidentId: string): Promise<RoleAssignment[]> {
    const rows = await db.all<AssignmentRow>('SELECT * FROM role_assignments WHERE incident_id = ? ORDER BY assumed_at, id', [incidentId]);
    return rows.map(toAssignment);
  },
  async holders(db: SqlRunner, incidentId: string, role: Role): Promise<RoleAssignment[]> {
    const rows = await db.all<AssignmentRow>('SELECT * FROM role_assignments WHERE incident_id = ? AND role = ? AND renounced_at IS NULL ORDER BY assumed_at', [incidentId, role]);
    return rows.map(toAssignment);
  },
  /** Human ids of active incidents where the person still holds a role. */
  async activeHoldings(db: SqlRunner, person: string): Promise<string[]> {
    const rows = await db.all<{ human_id: string }>(
      `SELECT DISTINCT i.human_id FROM role_assignments a JOIN incidents i ON i.id = a.incident_id
       WHERE a.person = ? AND a.renounced_at IS NULL AND i.status NOT IN ('resolved', 'closed') ORDER BY i.human_id`,
      [person],
    );
    return rows.map((r) => r.human_id);
  },
  async insert(db: SqlRunner, a: RoleAssignment): Promise<void> {
    await db.run(
      'INSERT INTO role_assignments (id, incident_id, role, person, assumed_at, renounced_at, assigned_by, handover_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [a.id, a.incidentId, a.role, a.person, a.assumedAt, a.renouncedAt, a.assignedBy, a.handoverId],
    );
  },
  async renounce(db: SqlRunner, id: string, at: string): Promise<void> {
    await db.run('UPDATE role_assignments SET renounced_at = ? WHERE id = ? AND renounced_at IS NULL', [at, id]);
  },
  async insertHandover(db: SqlRunner, h: Handover & { eventId: string }): Promise<void> {
    await db.run('INSERT INTO handovers (id, incident_id, from_person, to_person, brief, at, by, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      h.id,
      h.incidentId,
      h.from,
      h.to,
      JSON.stringify(h.brief),
      h.at,
      h.by,
      h.eventId,
    ]);
  },
  async handovers(db: SqlRunner, incidentId: string): Promise<Handover[]> {
    return (await db.all<HandoverRow>('SELECT * FROM handovers WHERE incident_id = ? ORDER BY at, id', [incidentId])).map(toHandover);
  },
  async checklist(db: SqlRunner, incidentId: string): Promise<Array<{ role: Role; item: string; done_by: string; done_at: string }>> {
    return db.all('SELECT role, item, done_by, done_at FROM role_checklist WHERE incident_id = ?', [incidentId]);
  },
  async tick(db: SqlRunner, incidentId: string, role: Role, item: string, by: string, at: string): Promise<boolean> {
    const r = await db.run('INSERT INTO role_checklist (incident_id, role, item, done_by, done_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [incidentId, role, item, by, at]);
    return r.changes > 0;
  },
  async untick(db: SqlRunner, incidentId: string, role: Role, item: string): Promise<boolean> {
    return (await db.run('DELETE FROM role_checklist WHERE incident_id = ? AND role = ? AND item = ?', [incidentId, role, item])).changes > 0;
  },
};
