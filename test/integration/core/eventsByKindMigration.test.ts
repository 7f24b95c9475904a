// Migration 0007: an index of events by incident and kind, so replaying an incident's few state
// changes (sync:coverage) does not read its 50,000 notes. Old events stay; the planner uses it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { migrate, schemaVersion } from '../../../main/core/db/migrate';
import { MIGRATIONS } from '../../../main/core/db/migrations/index';
import { migration0007 } from '../../../main/core/db/migrations/0007-events-by-kind';
import { Connection, WriteQueue } from '../../../main/core/db/sqlite';
import { eventsRepo } from '../../../main/core/repositories/eventsRepo';
import { tempDir } from '../../helpers/tempCore';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

test('0007 indexes events by incident and kind; the replay query is answered from the index', async () => {
  expect(MIGRATIONS.indexOf(migration0007)).toBe(6);
  const dir = tempDir();
  dirs.push(dir);
  const conn = await Connection.open(path.join(dir, 'm.db'), 'rw');
  const queue = new WriteQueue(conn);
  await migrate(conn, queue, MIGRATIONS.slice(0, 6));
  await conn.run(
    "INSERT INTO incidents (id, human_id, year, number, title, severity, status, mode, created_by, created_at, updated_at) VALUES ('i1', 'INC-2026-0001', 2026, 1, 'T', 'SEV-1', 'investigating', 'real', 'a', 'now', 'now')",
  );
  for (let i = 0; i < 20; i++) {
    await conn.run("INSERT INTO events (id, incident_id, hlc, actor, kind, payload, at) VALUES (?, 'i1', ?, 'a', ?, '{}', 'now')", [`e${i}`, String(i).padStart(4, '0'), i % 5 === 0 ? 'incident.status_changed' : 'timeline.note']);
  }
  const kinds = ['incident.declared', 'incident.status_changed'];
  // Before the migration the repository's query names an index that is not there: it fails loudly.
  await expect(eventsRepo.forIncidentOfKinds(conn, 'i1', kinds)).rejects.toThrow(/no such index: events_by_incident_kind/);

  await migrate(conn, queue, MIGRATIONS.slice(0, 7));
  expect(await schemaVersion(conn)).toBe(7);
  expect((await conn.get<{ n: number }>('SELECT count(*) AS n FROM events'))!.n).toBe(20);
  const sql = 'SELECT * FROM events INDEXED BY events_by_incident_kind WHERE incident_id = ? AND kind IN (?, ?) ORDER BY seq';
  const plan = (await conn.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ['i1', ...kinds])).map((r) => r.detail).join('; ');
  expect(plan).toMatch(/USING INDEX events_by_incident_kind \(incident_id=\? AND kind=\?\)/);
  expect((await eventsRepo.forIncidentOfKinds(conn, 'i1', kinds)).map((e) => e.id)).toEqual(['e0', 'e5', 'e10', 'e15']);
  await conn.close();
});
