// Opens the local database: pragmas asserted, migrations applied, corrupt files quarantined.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { assertNotLink, createPrivateFile, PRIVATE_DIR_MODE } from '../paths';
import { migrate } from './migrate';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { Connection, WriteQueue } from './sqlite';

export const DB_FILE_NAME = 'commandpost.db';

export const REQUIRED_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL: a COMMIT is on disk before it is acknowledged
  foreign_keys: 1,
  busy_timeout: 5000,
} as const;

export interface Database {
  readonly file: string;
  /** The write connection; use only through `queue`. */
  readonly writer: Connection;
  /** A second connection for reads outside transactions. */
  readonly reader: Connection;
  readonly queue: WriteQueue;
  readonly schemaVersion: number;
  /** Set when a damaged file was moved aside at this start. */
  readonly quarantined: string | null;
  close(): Promise<void>;
}

export async function openDatabase(dataDir: string): Promise<Database> {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const file = path.join(dataDir, DB_FILE_NAME);
  let quarantined: string | null = null;
  // SQLite follows links and creates its files 0644 minus the umask. Refusing links keeps every
  // write inside the folder; creating the (empty) database file 0600 ourselves makes its WAL and
  // shared-memory files private too, since SQLite gives them the database file's mode.
  for (const suffix of ['-wal', '-shm', '-journal']) assertNotLink(file + suffix);
  createPrivateFile(file);

  let writer: Connection;
  try {
    writer = await openChecked(file);
  } catch (err) {
    if (!isCorruption(err)) throw err;
    quarantined = quarantine(file);
    createPrivateFile(file);
    writer = await openChecked(file);
  }

  const queue = new WriteQueue(writer);
  try {
    await migrate(writer, queue, MIGRATIONS);
    await writer.clearStatements();
  } catch (err) {
    await writer.close().catch(() => undefined);
    throw err;
  }
  const reader = await Connection.open(file, 'ro');
  await reader.exec(`PRAGMA busy_timeout = ${REQUIRED_PRAGMAS.busy_timeout}`);
  queue.addReader(reader);

  return {
    file,
    writer,
    reader,
    queue,
    schemaVersion: SCHEMA_VERSION,
    quarantined,
    async close() {
      await queue.drain();
      await reader.close();
      // A clean close checkpoints the WAL back into the main file.
      await writer.close();
    },
  };
}

async function openChecked(file: string): Promise<Connection> {
  const conn = await Connection.open(file, 'rw');
  try {
    await conn.exec(`PRAGMA busy_timeout = ${REQUIRED_PRAGMAS.busy_timeout}`);
    await conn.exec('PRAGMA journal_mode = WAL');
    await conn.exec('PRAGMA synchronous = FULL');
    await conn.exec('PRAGMA foreign_keys = ON');
    await assertPragmas(conn);
    const check = await conn.all<{ quick_check: string }>('PRAGMA quick_check');
    if (check.length !== 1 || check[0]!.quick_check !== 'ok') {
      const e = new AppError('storage_error', `Database failed its integrity check: ${check.slice(0, 3).map((r) => r.quick_check).join('; ')}`);
      (e as { corrupt?: boolean }).corrupt = true;
      throw e;
    }
    return conn;
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw err;
  }
}

/** Start-up refuses to run without the durability settings the promise depends on. */
export async function assertPragmas(conn: Connection): Promise<void> {
  for (const [name, expected] of Object.entries(REQUIRED_PRAGMAS)) {
    const row = await conn.get<Record<string, unknown>>(`PRAGMA ${name}`);
    const actual = row ? Object.values(row)[0] : undefined;
    const norm = typeof actual === 'string' ? actual.toLowerCase() : actual;
    if (norm !== expected) {
      throw new AppError('storage_error', `PRAGMA ${name} is ${String(actual)}, expected ${String(expected)}; refusing to start.`);
    }
  }
}

function isCorruption(err: unknown): boolean {
  const e = err as { sqliteCode?: string; corrupt?: boolean };
  return e.corrupt === true || e.sqliteCode === 'SQLITE_NOTADB' || e.sqliteCode === 'SQLITE_CORRUPT';
}

/** Move a damaged database (and its WAL/SHM) aside; never delete evidence of what happened. */
function quarantine(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  fs.renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  return target;
}
