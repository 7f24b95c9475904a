// Migration 0003 (artifact vault): applies on top of 0001–0002, creates the vault tables, keeps
// custody append-only and artifact records undeletable, and enforces "deleted ⇔ key destroyed".
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate';
import { MIGRATIONS } from '../../../main/core/db/migrations';
import { migration0003 } from '../../../main/core/db/migrations/0003-artifact-vault';
import { Connection, WriteQueue } from '../../../main/core/db/sqlite';
import { tempDir } from '../../helpers/tempCore';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

it('0003 upgrades a version-2 database and its constraints hold', async () => {
  expect(MIGRATIONS[2]).toBe(migration0003);
  const dir = tempDir('cp-mig3-');
  dirs.push(dir);
  const conn = await Connection.open(path.join(dir, 'db.sqlite'), 'rw');
  await conn.exec('PRAGMA foreign_keys = ON');
  const queue = new WriteQueue(conn);
  await migrate(conn, queue, MIGRATIONS.slice(0, 2));
  expect((await conn.get<{ user_version: number }>('PRAGMA user_version'))?.user_version).toBe(2);
  await migrate(conn, queue, MIGRATIONS.slice(0, 3));
  expect((await conn.get<{ user_version: number }>('PRAGMA user_version'))?.user_version).toBe(3);
  const tables = (await conn.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((t) => t.name);
  expect(tables).toEqual(expect.arrayContaining(['vault_meta', 'artifacts', 'custody_log']));

  await conn.exec(`INSERT INTO incidents (id, human_id, year, number, title, severity, status, mode, created_by, created_at, updated_at)
    VALUES ('I1', 'INC-2026-0001', 2026, 1, 't', 'SEV-3', 'investigating', 'real', 'x', 'now', 'now')`);
  const insert = (id: string, key: Buffer | null, deletedAt: string | null) =>
    conn.run(
      `INSERT INTO artifacts (id, incident_id, name, extension, content_type, family, mismatch, size, plaintext_sha256, blob_hash, blob_size, wrapped_key, chunk_size, format_version, source, added_by, added_at, deleted_at)
       VALUES (?, 'I1', 'n', '', 'text/plain', 'text', 0, 1, 'h', 'b', 1, ?, 65536, 1, 'paste', 'x', 'now', ?)`,
      [id, key, deletedAt],
    );
  await insert('A1', Buffer.alloc(60), null);
  // A deleted artifact must have no key, and a live one must have one.
  await expect(insert('A2', Buffer.alloc(60), 'now')).rejects.toThrow(/CHECK/);
  await expect(insert('A3', null, null)).rejects.toThrow(/CHECK/);
  await expect(conn.run("INSERT INTO artifacts (id, incident_id, name, extension, content_type, family, mismatch, size, plaintext_sha256, blob_hash, blob_size, wrapped_key, chunk_size, format_version, source, added_by, added_at) VALUES ('A4', 'nope', 'n', '', 't', 'text', 0, 1, 'h', 'b', 1, x'00', 1, 1, 'paste', 'x', 'now')")).rejects.toThrow(/FOREIGN KEY/);
  await expect(conn.run("DELETE FROM artifacts WHERE id = 'A1'")).rejects.toThrow(/artifact records are kept/);
  await conn.run("INSERT INTO custody_log (artifact_id, idx, at, actor, action, ciphertext_hash, plaintext_digest, detail, prev_hash, hash) VALUES ('A1', 0, 'now', 'x', 'import', 'c', 'p', '{}', 'g', 'h')");
  await expect(conn.run("UPDATE custody_log SET actor = 'y'")).rejects.toThrow(/append-only/);
  await expect(conn.run('DELETE FROM custody_log')).rejects.toThrow(/append-only/);
  await expect(conn.run("INSERT INTO custody_log (artifact_id, idx, at, actor, action, ciphertext_hash, plaintext_digest, detail, prev_hash, hash) VALUES ('A1', 1, 'now', 'x', 'copy', 'c', 'p', '{}', 'g', 'h')")).rejects.toThrow(/CHECK/);
  await conn.close();
});
