// Migrations 0005 (a reserved no-op) and 0006 (keyed checkpoints of the audit and custody logs).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { migrate, schemaVersion } from '../../../main/core/db/migrate';
import { MIGRATIONS } from '../../../main/core/db/migrations/index';
import { migration0005 } from '../../../main/core/db/migrations/0005-reserved';
import { migration0006 } from '../../../main/core/db/migrations/0006-integrity-checkpoints';
import { Connection, WriteQueue } from '../../../main/core/db/sqlite';
import { tempDir } from '../../helpers/tempCore';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function at(version: number) {
  const dir = tempDir();
  dirs.push(dir);
  const conn = await Connection.open(path.join(dir, 'm.db'), 'rw');
  const queue = new WriteQueue(conn);
  await migrate(conn, queue, MIGRATIONS.slice(0, version));
  return { conn, queue };
}
const schema = (conn: Connection) => conn.all<{ type: string; name: string; sql: string | null }>('SELECT type, name, sql FROM sqlite_master ORDER BY name');

test('0005 changes nothing but the version', async () => {
  expect(MIGRATIONS.indexOf(migration0005)).toBe(4);
  const { conn, queue } = await at(4);
  const before = await schema(conn);
  await migrate(conn, queue, MIGRATIONS.slice(0, 5));
  expect(await schemaVersion(conn)).toBe(5);
  expect(await schema(conn)).toEqual(before);
  await conn.close();
});

test('0006 adds append-only keyed checkpoints next to existing audit and custody rows', async () => {
  expect(MIGRATIONS.indexOf(migration0006)).toBe(5);
  const { conn, queue } = await at(5);
  await conn.run("INSERT INTO audit_log (at, actor, command, target, outcome, transport, prev_hash, hash) VALUES ('2026-01-01T00:00:00Z', 'a', 'incidents:declare', NULL, 'ok', 'ipc', 'p', 'h')");
  await migrate(conn, queue, MIGRATIONS.slice(0, 6));
  expect(await schemaVersion(conn)).toBe(6);
  expect((await conn.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n).toBe(1);
  const insert = (log: string, seq: number) => conn.run('INSERT INTO integrity_checkpoints (log, seq, digest, key_id, mac, at) VALUES (?, ?, ?, ?, ?, ?)', [log, seq, 'd', 'k', 'm', 'now']);
  await insert('audit', 1);
  await insert('custody', 1);
  await expect(insert('audit', 1)).rejects.toThrow(/UNIQUE/);
  await expect(insert('outbox', 2)).rejects.toThrow(/CHECK/);
  await expect(insert('audit', 0)).rejects.toThrow(/CHECK/);
  await expect(conn.run("UPDATE integrity_checkpoints SET mac = 'x'")).rejects.toThrow(/append-only/);
  await expect(conn.run('DELETE FROM integrity_checkpoints')).rejects.toThrow(/append-only/);
  await conn.close();
});
