// A small promise layer over node-sqlite3, plus the one serialized write path.
// node-sqlite3 interleaves statements of concurrent transactions on a shared connection
// (TryGhost/node-sqlite3 #1761), so every write runs inside WriteQueue.transaction(), one at a time.
import sqlite3 from 'sqlite3';
import { AppError } from '../../../shared/errors';

export type SqlValue = string | number | bigint | null | Buffer;
export type Params = SqlValue[] | Record<string, SqlValue>;

export interface SqlRunner {
  run(sql: string, params?: Params): Promise<{ changes: number; lastID: number }>;
  get<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T | undefined>;
  all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]>;
  exec(sql: string): Promise<void>;
}

export class Connection implements SqlRunner {
  private constructor(readonly raw: sqlite3.Database) {}

  static open(file: string, mode: 'rw' | 'ro'): Promise<Connection> {
    const flags = mode === 'ro' ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, flags, (err) => (err ? reject(storageError(err)) : resolve(new Connection(db))));
    });
  }

  run(sql: string, params: Params = []): Promise<{ changes: number; lastID: number }> {
    return new Promise((resolve, reject) => {
      this.raw.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(storageError(err, sql));
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.raw.get(sql, params, (err: Error | null, row: T | undefined) => (err ? reject(storageError(err, sql)) : resolve(row)));
    });
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.raw.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(storageError(err, sql)) : resolve(rows)));
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.raw.exec(sql, (err: Error | null) => (err ? reject(storageError(err, sql)) : resolve()));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.raw.close((err) => (err ? reject(storageError(err)) : resolve())));
  }
}

interface SqliteError extends Error {
  code?: string;
  errno?: number;
}

/** SQLite failures become a typed error that says what happened without leaking the statement's data. */
export function storageError(err: SqliteError, sql?: string): AppError {
  const code = err.code ?? 'SQLITE_ERROR';
  const statement = sql ? ` while running "${sql.trim().split(/\s+/).slice(0, 4).join(' ')} …"` : '';
  let hint = '';
  if (code === 'SQLITE_FULL') hint = ' The disk is full: free space, then retry. Nothing was saved.';
  else if (code === 'SQLITE_IOERR') hint = ' The disk reported an I/O error. Nothing was saved.';
  else if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') hint = ' The database is busy in another process.';
  else if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') hint = ' The database file is damaged.';
  else if (code === 'SQLITE_READONLY') hint = ' The database is read-only.';
  // SQLite's own message names constraints and columns, never row values, so it is safe to surface.
  const detail = err.message.replace(/^SQLITE_[A-Z_]+:\s*/, '');
  const e = new AppError('storage_error', `Storage error ${code} (${detail})${statement}.${hint}`);
  Object.assign(e, { sqliteCode: code, errno: err.errno });
  return e;
}

/** Serializes transactions on the write connection. */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private depth = 0;
  constructor(private readonly conn: Connection) {}

  get pending(): number {
    return this.depth;
  }

  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    this.depth++;
    const run = async (): Promise<T> => {
      await this.conn.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.conn);
        await this.conn.exec('COMMIT');
        return result;
      } catch (err) {
        try {
          await this.conn.exec('ROLLBACK');
        } catch {
          // SQLite may already have rolled back (e.g. after SQLITE_FULL); the original error matters.
        }
        throw err;
      }
    };
    const next = this.tail.then(run, run);
    this.tail = next.then(
      () => undefined,
      () => undefined,
    );
    return next.finally(() => {
      this.depth--;
    });
  }

  /** Wait for every queued transaction to finish. */
  drain(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
