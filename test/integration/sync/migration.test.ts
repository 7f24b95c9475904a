// Migration 0004: integrations, vendor refs, on-call cache, and the outbox reshaped without losing
// a row written in the 0001 shape (seq order, stream, vendor key, due time in ms).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { migrate, schemaVersion } from '../../../main/core/db/migrate';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { migration0004 } from '../../../main/core/db/migrations/0004-sync-integrations';
import { Connection, WriteQueue } from '../../../main/core/db/sqlite';
import { tempDir } from '../../helpers/tempCore';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

test('0004 keeps existing outbox rows and adds what sync needs', async () => {
  const dir = tempDir();
  dirs.push(dir);
  const conn = await Connection.open(path.join(dir, 'm.db'), 'rw');
  await conn.exec('PRAGMA foreign_keys = ON');
  const queue = new WriteQueue(conn);
  const before = MIGRATIONS.indexOf(migration0004);
  expect(before).toBe(3);
  await migrate(conn, queue, MIGRATIONS.slice(0, before));
  await conn.run(
    `INSERT INTO outbox (id, incident_id, integration, operation, idempotency_key, payload, state, attempts, next_attempt_at, last_error, created_at)
     VALUES ('b', NULL, 'pd', 'trigger', 'k2', '{}', 'failed', 2, '2026-11-24T10:00:00.500Z', '503', '2026-11-24T09:00:01Z'),
            ('a', NULL, 'pd', 'resolve', 'k1', '{"x":1}', 'pending', 0, NULL, NULL, '2026-11-24T09:00:00Z')`,
  );
  await migrate(conn, queue, MIGRATIONS.slice(0, before + 1));
  expect(await schemaVersion(conn)).toBe(4);
  const rows = await conn.all<Record<string, unknown>>('SELECT seq, id, stream, vendor_key, state, attempts, next_attempt_at, last_error, updated_at FROM outbox ORDER BY seq');
  expect(rows).toEqual([
    { seq: 1, id: 'b', stream: 'b', vendor_key: 'k2', state: 'failed', attempts: 2, next_attempt_at: Date.parse('2026-11-24T10:00:00.500Z'), last_error: '503', updated_at: '2026-11-24T09:00:01Z' },
    { seq: 2, id: 'a', stream: 'a', vendor_key: 'k1', state: 'pending', attempts: 0, next_attempt_at: 0, last_error: null, updated_at: '2026-11-24T09:00:00Z' },
  ]);
  const tables = (await conn.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table','index') ORDER BY name")).map((r) => r.name);
  for (const t of ['integrations', 'vendor_refs', 'oncall_cache', 'outbox_live', 'outbox_by_state', 'outbox_by_incident']) expect(tables).toContain(t);
  // Secrets have no column to live in.
  const cols = (await conn.all<{ name: string }>('PRAGMA table_info(integrations)')).map((c) => c.name);
  expect(cols).toContain('secret_ref');
  expect(cols.some((c) => /token|password|secret$/.test(c))).toBe(false);
  await expect(conn.run("INSERT INTO integrations (name, kind, base_url, settings, routing, created_at, updated_at) VALUES ('x', 'fax', '', '{}', '{}', '', '')")).rejects.toThrow(/CHECK/);
  await conn.close();
});
