import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, openDatabase, REQUIRED_PRAGMAS, assertPragmas } from '../../../main/core/db/database';
import { migrate, schemaVersion } from '../../../main/core/db/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../main/core/db/migrations';
import { Connection, WriteQueue } from '../../../main/core/db/sqlite';
import { tempCore, tempDir } from '../../helpers/tempCore';

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function rawExec(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.exec(sql, (e) => db.close(() => (e ? reject(e) : resolve())));
    });
  });
}

describe('database start-up', () => {
  it('asserts WAL, synchronous FULL, foreign keys and busy timeout on the write connection', async () => {
    const db = await openDatabase(fresh());
    try {
      for (const [name, expected] of Object.entries(REQUIRED_PRAGMAS)) {
        const row = await db.writer.get<Record<string, unknown>>(`PRAGMA ${name}`);
        const v = Object.values(row!)[0];
        expect(typeof v === 'string' ? v.toLowerCase() : v, name).toBe(expected);
      }
      await db.writer.exec('PRAGMA synchronous = NORMAL');
      await expect(assertPragmas(db.writer)).rejects.toThrow(/synchronous is 1, expected 2/);
    } finally {
      await db.close();
    }
  });

  it('migrates a new database to the latest schema', async () => {
    const db = await openDatabase(fresh());
    try {
      expect(await schemaVersion(db.reader)).toBe(SCHEMA_VERSION);
      expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    } finally {
      await db.close();
    }
  });

  it('applies each migration in order, one version at a time', async () => {
    const dir = fresh();
    const conn = await Connection.open(path.join(dir, 'step.db'), 'rw');
    const queue = new WriteQueue(conn);
    for (let i = 1; i <= MIGRATIONS.length; i++) {
      const r = await migrate(conn, queue, MIGRATIONS.slice(0, i));
      expect(r).toEqual({ from: i - 1, to: i });
      expect(await schemaVersion(conn)).toBe(i);
    }
    await conn.close();
  });

  it('refuses a database written by a newer version and leaves the file untouched', async () => {
    const dir = fresh();
    const db = await openDatabase(dir);
    await db.close();
    const file = path.join(dir, DB_FILE_NAME);
    await rawExec(file, `PRAGMA user_version = ${SCHEMA_VERSION + 5}`);
    const before = fs.readFileSync(file);
    await expect(openDatabase(dir)).rejects.toThrow(`newer version of Command Post (schema ${SCHEMA_VERSION + 5}; this version understands up to ${SCHEMA_VERSION})`);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('quarantines a corrupt file instead of replacing it silently', async () => {
    const dir = fresh();
    const file = path.join(dir, DB_FILE_NAME);
    fs.writeFileSync(file, Buffer.concat([Buffer.from('this is not an sqlite database '), Buffer.alloc(8192, 7)]));
    const db = await openDatabase(dir);
    try {
      expect(db.quarantined).toMatch(/commandpost\.db\.corrupt-/);
      expect(fs.readFileSync(db.quarantined!).subarray(0, 10).toString()).toBe('this is no');
      expect(await schemaVersion(db.reader)).toBe(SCHEMA_VERSION);
    } finally {
      await db.close();
    }
  });
});

describe('pragmas of a running core', () => {
  // Power-loss durability rests on these settings, not on the SIGKILL crash test: a killed process
  // leaves its writes in the OS page cache, so synchronous=OFF survives any number of SIGKILLs.
  // They are read back from the live connections of a started core and compared with literal
  // values, so changing a setting together with REQUIRED_PRAGMAS (which the start-up check trusts)
  // still fails here.
  it('commits through the write queue with WAL and synchronous FULL, foreign keys on and a busy timeout', async () => {
    const c = await tempCore();
    try {
      const inc = await c.invoke('incidents:declare', { title: 'Pragmas', severity: 'SEV-4' });
      await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'durable' });
      const value = (row: Record<string, unknown> | undefined) => {
        const v = Object.values(row ?? {})[0];
        return typeof v === 'string' ? v.toLowerCase() : v;
      };
      // Inside one of the queue's own transactions: the very connection every command commits on.
      const onQueue = await c.db.queue.transaction(async (tx) => ({
        journal_mode: value(await tx.get('PRAGMA journal_mode')),
        synchronous: value(await tx.get('PRAGMA synchronous')),
        foreign_keys: value(await tx.get('PRAGMA foreign_keys')),
        busy_timeout: value(await tx.get('PRAGMA busy_timeout')),
      }));
      expect(onQueue).toEqual({ journal_mode: 'wal', synchronous: 2, foreign_keys: 1, busy_timeout: 5000 });
      // The reader sees the same WAL database and waits for the writer instead of failing busy.
      expect({ journal_mode: value(await c.db.reader.get('PRAGMA journal_mode')), busy_timeout: value(await c.db.reader.get('PRAGMA busy_timeout')) }).toEqual({ journal_mode: 'wal', busy_timeout: 5000 });
      // And what start-up asserts is what durability needs.
      expect(REQUIRED_PRAGMAS).toEqual({ journal_mode: 'wal', synchronous: 2, foreign_keys: 1, busy_timeout: 5000 });
    } finally {
      await c.cleanup();
    }
  });
});

describe('migration 0001 initial schema', () => {
  it('creates the event log, projections, audit chain and outbox, with append-only triggers', async () => {
    const db = await openDatabase(fresh());
    try {
      const tables = (await db.reader.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name")).map((r) => r.name);
      for (const t of ['audit_log', 'events', 'incidents', 'meta', 'outbox', 'profile', 'timeline_entries', 'timeline_fts']) expect(tables).toContain(t);
      await db.queue.transaction((tx) =>
        tx.run("INSERT INTO events (id, incident_id, hlc, actor, kind, payload, at) VALUES ('e1', NULL, 'h', 'a', 'k', '{}', 't')"),
      );
      await expect(db.queue.transaction((tx) => tx.run("UPDATE events SET kind = 'x' WHERE id = 'e1'"))).rejects.toThrow(/append-only/);
      await expect(db.queue.transaction((tx) => tx.run("DELETE FROM events WHERE id = 'e1'"))).rejects.toThrow(/append-only/);
      await expect(db.queue.transaction((tx) => tx.run("INSERT INTO events (id, incident_id, hlc, actor, kind, payload, at) VALUES ('e2', 'nope', 'h', 'a', 'k', '{}', 't')"))).rejects.toThrow(/FOREIGN KEY/);
      await expect(db.queue.transaction((tx) => tx.run("INSERT INTO events (id, incident_id, hlc, actor, kind, payload, at) VALUES ('e3', NULL, 'h', 'a', 'k', 'not json', 't')"))).rejects.toThrow(/CHECK/);
    } finally {
      await db.close();
    }
  });
});

describe('write queue', () => {
  it('never interleaves concurrent transactions on the shared connection', async () => {
    const db = await openDatabase(fresh());
    try {
      await db.queue.transaction((tx) => tx.exec('CREATE TABLE t (k INTEGER, v INTEGER)'));
      // Each transaction reads the max and writes max+1 after yielding; interleaving would duplicate values.
      await Promise.all(
        Array.from({ length: 100 }, (_, k) =>
          db.queue.transaction(async (tx) => {
            const r = await tx.get<{ m: number | null }>('SELECT max(v) AS m FROM t');
            await new Promise((res) => setImmediate(res));
            await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', [k, (r?.m ?? 0) + 1]);
            if (k % 10 === 9) throw new Error('rolled back on purpose');
          }).catch(() => undefined),
        ),
      );
      const rows = await db.reader.all<{ v: number }>('SELECT v FROM t ORDER BY v');
      expect(rows.map((r) => r.v)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    } finally {
      await db.close();
    }
  });

  it('reports a full disk as a storage error and acknowledges nothing', async () => {
    const db = await openDatabase(fresh());
    try {
      await db.queue.transaction((tx) => tx.exec('CREATE TABLE big (b BLOB)'));
      const pages = (await db.writer.get<{ page_count: number }>('PRAGMA page_count'))!.page_count;
      await db.writer.exec(`PRAGMA max_page_count = ${pages + 2}`);
      await expect(db.queue.transaction((tx) => tx.run('INSERT INTO big VALUES (zeroblob(1000000))'))).rejects.toMatchObject({
        code: 'storage_error',
        message: expect.stringContaining('SQLITE_FULL'),
      });
      expect((await db.reader.get<{ n: number }>('SELECT count(*) AS n FROM big'))!.n).toBe(0);
    } finally {
      await db.close();
    }
  });
});

describe('quarantine notice', () => {
  it('tells the user through app:info that a damaged database was moved aside', async () => {
    const { createCore } = await import('../../../main/core/createCore');
    const dir = fresh();
    fs.writeFileSync(path.join(dir, DB_FILE_NAME), Buffer.alloc(4096, 0x5a));
    const core = await createCore({ dataDir: dir });
    try {
      const info = await core.invoke('app:info', {});
      expect(info.storageNotice).toMatch(/damaged and has been moved aside to .*commandpost\.db\.corrupt-/);
      expect(info.dataDir).toBe(dir);
    } finally {
      await core.close();
    }
  });
});

describe('statement cache', () => {
  it('answers concurrent reads of the same cached statement correctly, with and without parameters', async () => {
    const db = await openDatabase(fresh());
    try {
      await db.queue.transaction(async (tx) => {
        await tx.exec('CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)');
        for (let i = 0; i < 5; i++) await tx.run('INSERT INTO kv VALUES (?, ?)', [`k${i}`, `v${i}`]);
      });
      const noParams = await Promise.all(Array.from({ length: 50 }, () => db.reader.get<{ k: string }>('SELECT k FROM kv ORDER BY k')));
      expect(noParams.every((r) => r?.k === 'k0')).toBe(true);
      const withParams = await Promise.all(Array.from({ length: 50 }, (_, i) => db.reader.get<{ v: string }>('SELECT v FROM kv WHERE k = ?', [`k${i % 5}`])));
      expect(withParams.map((r) => r?.v)).toEqual(Array.from({ length: 50 }, (_, i) => `v${i % 5}`));
      // No read snapshot is left open: a checkpoint can complete fully.
      const cp = await db.writer.get<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
      expect(cp?.busy).toBe(0);
    } finally {
      await db.close();
    }
  });
});
