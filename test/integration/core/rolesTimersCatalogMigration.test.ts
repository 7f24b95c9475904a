import path from 'node:path';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate';
import { MIGRATIONS } from '../../../main/core/db/migrations/index';
import { migration0002 } from '../../../main/core/db/migrations/0002-roles-timers-catalog';
import { Connection, WriteQueue } from '../../../main/core/db/sqlite';
import { tempDir } from '../../helpers/tempCore';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('migration 0002 roles-timers-catalog', () => {
  it('upgrades a version-1 database holding an incident, seeding the cadence policy table', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const conn = await Connection.open(path.join(dir, 'db.sqlite'), 'rw');
    await conn.exec('PRAGMA foreign_keys = ON');
    const queue = new WriteQueue(conn);
    expect(MIGRATIONS[1]).toBe(migration0002);
    await migrate(conn, queue, MIGRATIONS.slice(0, 1));
    await conn.run(
      "INSERT INTO incidents (id, human_id, year, number, title, severity, status, mode, created_by, created_at, updated_at) VALUES ('i1', 'INC-2026-0001', 2026, 1, 't', 'SEV-1', 'investigating', 'real', 'a', 'x', 'x')",
    );
    await migrate(conn, queue, MIGRATIONS.slice(0, 2));
    expect((await conn.get<{ user_version: number }>('PRAGMA user_version'))!.user_version).toBe(2);
    const policies = await conn.all<{ severity: string; key: string; first_minutes: number; every_minutes: number | null; enabled: number }>(
      'SELECT severity, key, first_minutes, every_minutes, enabled FROM cadence_policies ORDER BY position',
    );
    expect(policies).toHaveLength(30);
    expect(policies.find((p) => p.severity === 'SEV-1' && p.key === 'status-update')).toMatchObject({ first_minutes: 20, every_minutes: 20, enabled: 1 });
    expect(policies.find((p) => p.severity === 'SEV-1' && p.key === 'first-internal')).toMatchObject({ first_minutes: 5, every_minutes: null });
    // The schema enforces what the services rely on.
    await conn.run("INSERT INTO role_assignments (id, incident_id, role, person, assumed_at, assigned_by) VALUES ('a', 'i1', 'incident_commander', 'dana', 'x', 'a')");
    await expect(conn.run("INSERT INTO role_assignments (id, incident_id, role, person, assumed_at, assigned_by) VALUES ('b', 'i1', 'incident_commander', 'lee', 'x', 'a')")).rejects.toMatchObject({
      code: 'storage_error',
    });
    await expect(conn.run("INSERT INTO role_assignments (id, incident_id, role, person, assumed_at, assigned_by) VALUES ('c', 'i1', 'captain', 'lee', 'x', 'a')")).rejects.toMatchObject({ code: 'storage_error' });
    await expect(conn.run("INSERT INTO timers (id, incident_id, kind, label, started_ms, due_ms, created_by) VALUES ('t', 'i1', 'ask', 'x', 10, 5, 'a')")).rejects.toMatchObject({ code: 'storage_error' });
    await expect(conn.run("INSERT INTO role_assignments (id, incident_id, role, person, assumed_at, assigned_by) VALUES ('d', 'nope', 'scribe', 'lee', 'x', 'a')")).rejects.toMatchObject({ code: 'storage_error' });
    await conn.close();
  });
});
