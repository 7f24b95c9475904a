// SQL for the service catalog, its dependency edges and per-incident component statuses.
import type { ComponentStatus, FailoverState, Service, ServiceEdge, ServiceImpact, UnknownRef } from '../../../shared/domain/catalog';
import type { SqlRunner } from '../db/sqlite';

interface ServiceRow {
  id: string;
  kind: Service['kind'];
  name: string;
  title: string;
  description: string;
  owner: string;
  tier: string;
  runbook_url: string | null;
  system: string | null;
  lifecycle: string;
  failover: string | null;
}
const toService = (r: ServiceRow): Service => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  title: r.title,
  description: r.description,
  owner: r.owner,
  tier: r.tier,
  runbookUrl: r.runbook_url,
  system: r.system,
  lifecycle: r.lifecycle,
  failover: r.failover ? (JSON.parse(r.failover) as FailoverState) : null,
});

/** Rows per multi-row INSERT: well under SQLite's bound-parameter limit. */
const CHUNK = 80;

export const catalogRepo = {
  async services(db: SqlRunner): Promise<Service[]> {
    return (await db.all<ServiceRow>('SELECT * FROM services ORDER BY position')).map(toService);
  },
  async service(db: SqlRunner, id: string): Promise<Service | null> {
    const r = await db.get<ServiceRow>('SELECT * FROM services WHERE id = ?', [id]);
    return r ? toService(r) : null;
  },
  /** Find by exact id, or by bare name when that is unambiguous. */
  async findByRef(db: SqlRunner, ref: string): Promise<Service[]> {
    const rows = await db.all<ServiceRow>('SELECT * FROM services WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 5', [ref, ref, ref]);
    return rows.map(toService);
  },
  async edges(db: SqlRunner): Promise<ServiceEdge[]> {
    return db.all<ServiceEdge>('SELECT from_id AS "from", to_id AS "to", type FROM service_edges ORDER BY from_id, to_id');
  },
  async unknownRefs(db: SqlRunner): Promise<UnknownRef[]> {
    return db.all<UnknownRef>('SELECT from_id AS "from", ref, field, document, line FROM catalog_unknown_refs ORDER BY document, line');
  },
  async count(db: SqlRunner): Promise<number> {
    return (await db.get<{ n: number }>('SELECT count(*) AS n FROM services'))?.n ?? 0;
  },

  /** Replace the whole catalog (inside the caller's transaction). */
  async replace(db: SqlRunner, services: Service[], edges: ServiceEdge[], unknown: UnknownRef[]): Promise<void> {
    await db.run('DELETE FROM service_edges');
    await db.run('DELETE FROM catalog_unknown_refs');
    await db.run('DELETE FROM services');
    for (let i = 0; i < services.length; i += CHUNK) {
      const part = services.slice(i, i + CHUNK);
      const params: (string | number | null)[] = [];
      part.forEach((s, j) =>
        params.push(s.id, s.kind, s.name, s.title, s.description, s.owner, s.tier, s.runbookUrl, s.system, s.lifecycle, s.failover ? JSON.stringify(s.failover) : null, i + j),
      );
      await db.run(
        `INSERT INTO services (id, kind, name, title, description, owner, tier, runbook_url, system, lifecycle, failover, position) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        params,
      );
    }
    for (let i = 0; i < edges.length; i += CHUNK * 3) {
      const part = edges.slice(i, i + CHUNK * 3);
      await db.run(`INSERT OR IGNORE INTO service_edges (from_id, to_id, type) VALUES ${part.map(() => '(?, ?, ?)').join(', ')}`, part.flatMap((e) => [e.from, e.to, e.type]));
    }
    for (let i = 0; i < unknown.length; i += CHUNK) {
      const part = unknown.slice(i, i + CHUNK);
      await db.run(
        `INSERT INTO catalog_unknown_refs (from_id, ref, field, document, line) VALUES ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
        part.flatMap((u) => [u.from, u.ref, u.field, u.document, u.line]),
      );
    }
  },
  async setFailover(db: SqlRunner, id: string, failover: FailoverState): Promise<void> {
    await db.run('UPDATE services SET failover = ? WHERE id = ?', [JSON.stringify(failover), id]);
  },

  async impacts(db: SqlRunner, incidentId: string): Promise<ServiceImpact[]> {
    return db.all<ServiceImpact>(
      'SELECT service_id AS service, status, updated_at AS updatedAt, updated_by AS updatedBy FROM service_impacts WHERE incident_id = ? ORDER BY service_id',
      [incidentId],
    );
  },
  async impact(db: SqlRunner, incidentId: string, serviceId: string): Promise<ComponentStatus | null> {
    return (await db.get<{ status: ComponentStatus }>('SELECT status FROM service_impacts WHERE incident_id = ? AND service_id = ?', [incidentId, serviceId]))?.status ?? null;
  },
  async setImpact(db: SqlRunner, incidentId: string, serviceId: string, status: ComponentStatus, at: string, by: string): Promise<void> {
    await db.run(
      `INSERT INTO service_impacts (incident_id, service_id, status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (incident_id, service_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [incidentId, serviceId, status, at, by],
    );
  },
};
