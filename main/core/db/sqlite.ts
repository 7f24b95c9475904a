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

const STATEMENT_CACHE_SIZE = 256;

export class Connection implements SqlRunner {
  // Prepared statements are reused: preparing costs as much as running a small statement, and the
  // append path runs the same half-dozen statements every time. node-sqlite3 serializes the work on
  // one statement, so concurrent reads through the same statement do not interleave their bindings.
  // Promises, not statements, are cached so that concurrent first uses of one SQL text share a
  // single preparation instead of leaking the losers (which would block close()).
  private readonly statements = new Map<string, Promise<sqlite3.Statement>>();
  // Statements run by callers that have not been answered yet. close() waits for them: finalizing a
  // statement another caller is still stepping makes node-sqlite3 throw SQLITE_MISUSE outside any
  // promise, and a connection with unfinalized statements never finishes closing.
  private active = 0;
  private idle: Array<() => void> = [];
  private closing = false;
  // Read-your-writes. SQLite keeps one read snapshot per connection while any statement on it runs, so
  // a read that joins reads already running when another connection committed would see the database
  // as it was before that commit. After a commit (see markWritten) new reads wait until the running
  // ones have answered, then start on a fresh snapshot; no read waits behind a commit otherwise.
  private written = 0;
  private snapshotOf = 0;
  private fresh: Array<() => void> = [];

  private constructor(readonly raw: sqlite3.Database) {}

  /** Another connection committed: reads that start from now on must see it. */
  markWritten(): void {
    this.written++;
  }

  /** Run one statement call, counted so close() can wait for it; refused once close() has begun. */
  private async use<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closing) throw new AppError('unavailable', 'The database is closing; the command was not run.');
    if (this.active > 0 && this.snapshotOf < this.written) await new Promise<void>((resolve) => this.fresh.push(resolve));
    if (this.closing) throw new AppError('unavailable', 'The database is closing; the command was not run.');
    if (this.active === 0) this.snapshotOf = this.written;
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      if (this.active === 0) {
        for (const resolve of this.idle.splice(0)) resolve();
        // The waiting reads start together, on a snapshot taken after every commit they waited for.
        for (const resolve of this.fresh.splice(0)) resolve();
      }
    }
  }

  static open(file: string, mode: 'rw' | 'ro'): Promise<Connection> {
    const flags = mode === 'ro' ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, flags, (err) => (err ? reject(storageError(err)) : resolve(new Connection(db))));
    });
  }

  private statement(sql: string): Promise<sqlite3.Statement> {
    const cached = this.statements.get(sql);
    if (cached) {
      // Keep the map in least-recently-used order.
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const prepared = new Promise<sqlite3.Statement>((resolve, reject) => {
      const stmt = this.raw.prepare(sql, (err) => (err ? reject(storageError(err, sql)) : resolve(stmt)));
    });
    this.statements.set(sql, prepared);
    // A statement that failed to prepare (bad SQL, missing table) must not stay cached.
    prepared.catch(() => {
      if (this.statements.get(sql) === prepared) this.statements.delete(sql);
    });
    if (this.statements.size > STATEMENT_CACHE_SIZE) {
      const [oldest, old] = this.statements.entries().next().value as [string, Promise<sqlite3.Statement>];
      this.statements.delete(oldest);
      void old.then((st) => st.finalize(), () => undefined);
    }
    return prepared;
  }

  run(sql: string, params: Params = []): Promise<{ changes: number; lastID: number }> {
    return this.use(async () => {
      const stmt = await this.statement(sql);
      return new Promise((resolve, reject) => {
        stmt.run(params, function (this: sqlite3.RunResult, err: Error | null) {
          if (err) reject(storageError(err, sql));
          else resolve({ changes: this.changes, lastID: this.lastID });
        });
      });
    });
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return this.use(() => this.getNow<T>(sql, params));
  }

  private async getNow<T>(sql: string, params: Params): Promise<T | undefined> {
    const stmt = await this.statement(sql);
    return new Promise((resolve, reject) => {
      // The cached statement may be shared by concurrent callers, and binding no parameters does not
      // reset it: reset first so this call starts from the first row (work on one statement runs in
      // the order it was queued), and again after, so no read snapshot stays open. The answer waits
      // for that second reset: until it has run the statement still holds the connection's snapshot.
      stmt.reset();
      stmt.get(params, (err: Error | null, row: T | undefined) => {
        stmt.reset(() => {
          if (err) reject(storageError(err, sql));
          else resolve(row);
        });
      });
    });
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return this.use(async () => {
      const stmt = await this.statement(sql);
      return new Promise<T[]>((resolve, reject) => {
        stmt.all(params, (err: Error | null, rows: T[]) => (err ? reject(storageError(err, sql)) : resolve(rows)));
      });
    });
  }

  /** Multi-statement SQL (schema, pragmas); not cached. */
  exec(sql: string): Promise<void> {
    return this.use(
      () =>
        new Promise<void>((resolve, reject) => {
          this.raw.exec(sql, (err: Error | null) => (err ? reject(storageError(err, sql)) : resolve()));
        }),
    );
  }

  /** Refuse new statements, let the running ones answer, then finalize and close. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.active > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    await this.clearStatements();
    await new Promise<void>((resolve, reject) => this.raw.close((err) => (err ? reject(storageError(err)) : resolve())));
  }

  /** Finalize every cached statement (before close, or after a migration changed the schema). */
  async clearStatements(): Promise<void> {
    const pending = [...this.statements.values()];
    this.statements.clear();
    const settled = await Promise.allSettled(pending);
    await Promise.all(settled.map((r) => (r.status === 'fulfilled' ? new Promise<void>((resolve) => r.value.finalize(() => resolve())) : undefined)));
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
  private settleHooks: Array<(committed: boolean) => void> = [];
  private readonly readers: Connection[] = [];
  constructor(private readonly conn: Connection) {}

  /** A read connection on the same file, told of every commit so its reads see them (read-your-writes). */
  addReader(reader: Connection): void {
    this.readers.push(reader);
  }

  /**
   * Inside a transaction: run `hook` once it has committed (true) or rolled back (false), before the
   * next queued transaction starts. Lets in-memory state (e.g. the audit chain head) follow the disk.
   */
  onSettle(hook: (committed: boolean) => void): void {
    this.settleHooks.push(hook);
  }

  private settle(committed: boolean): void {
    const hooks = this.settleHooks;
    this.settleHooks = [];
    for (const h of hooks) h(committed);
  }

  get pending(): number {
    return this.depth;
  }

  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    this.depth++;
    const run = async (): Promise<T> => {
      await this.conn.run('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.conn);
        await this.conn.run('COMMIT');
        for (const r of this.readers) r.markWritten();
        this.settle(true);
        return result;
      } catch (err) {
        try {
          await this.conn.run('ROLLBACK');
        } catch {
          // SQLite may already have rolled back (e.g. after SQLITE_FULL); the original error matters.
        }
        this.settle(false);
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
