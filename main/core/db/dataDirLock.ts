// One process per data folder. Two cores on one folder post to vendors twice, fork the audit chain
// and delete each other's upload temp files; Electron's single-instance lock does not help because
// the browser host and the app are different programs that may share a folder.
//
// How: a separate SQLite file, <dataDir>/commandpost.lock, opened with `locking_mode=EXCLUSIVE` and
// `BEGIN EXCLUSIVE`. SQLite then holds an exclusive OS lock on it (fcntl on POSIX, LockFileEx on
// Windows) for as long as the connection is open, and the kernel drops that lock when the process
// ends in any way, SIGKILL and power loss included. So there is no stale lock to guess about:
// no pid liveness check (pids are reused, and a pid means nothing on another host over a network
// share), no timestamp heuristics. A second opener gets SQLITE_BUSY at once (busy_timeout 0).
// SQLite also arbitrates connections inside one process by inode, so a second core in the same
// process is refused too.
//
// Rules that keep it sound:
// - The lock file is never deleted: unlinking it would let a later process lock a new inode while
//   an old holder still locks the old one.
// - It is never opened through `fs` while held: POSIX drops every fcntl lock of a process on a file
//   when any descriptor of that file is closed. (chmod/lstat by path do not open it.)
// - Who holds it is written, after the lock is taken, to commandpost.lock.json (pid, host, start
//   time, a random nonce), only so that a refused start can say who to close. It is advice, never
//   the lock itself; a missing or stale file only makes the message vaguer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { removeStaleAtomicTemps, writeFileAtomic } from '../keystore/atomicFile';
import { createPrivateFile } from '../paths';
import { Connection } from './sqlite';

export const LOCK_FILE_NAME = 'commandpost.lock';
export const LOCK_INFO_FILE_NAME = 'commandpost.lock.json';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  nonce: string;
}

export interface DataDirLock {
  readonly dataDir: string;
  readonly holder: LockHolder;
  /** Drop the lock (idempotent). The files stay; the next start takes the lock again. */
  release(): Promise<void>;
}

/** The folder is in use by another process (or another core in this one). */
export class DataDirLockedError extends AppError {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    super('unavailable', lockedMessage(dataDir, holder));
    this.name = 'DataDirLockedError';
  }
}

function lockedMessage(dataDir: string, holder: LockHolder | null): string {
  const who = holder ? ` (pid ${holder.pid}${holder.host !== os.hostname() ? ` on ${holder.host}` : ''}, started ${holder.startedAt})` : '';
  return `Another Command Post${who} is using ${dataDir}; close it or choose another data folder (--data-dir, or COMMAND_POST_DATA_DIR).`;
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.host !== 'string' || typeof h.startedAt !== 'string' || typeof h.nonce !== 'string') return null;
    return { pid: h.pid, host: h.host.slice(0, 255), startedAt: h.startedAt.slice(0, 64), nonce: h.nonce };
  } catch {
    return null;
  }
}

/**
 * Take the folder's lock before anything else reads or writes in it. Throws DataDirLockedError
 * when another process holds it; touches nothing of the holder's files in that case.
 */
export async function acquireDataDirLock(dataDir: string, now: () => number = Date.now): Promise<DataDirLock> {
  const file = path.join(dataDir, LOCK_FILE_NAME);
  const infoFile = path.join(dataDir, LOCK_INFO_FILE_NAME);
  // Created by us with mode 0600 (SQLite would use 0644 minus the umask); its journal inherits it.
  createPrivateFile(file);
  const conn = await Connection.open(file, 'rw');
  try {
    await conn.exec('PRAGMA busy_timeout = 0');
    await conn.exec('PRAGMA locking_mode = EXCLUSIVE');
    // In exclusive locking mode the lock taken here is kept after COMMIT until the connection closes.
    await conn.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (err) {
    await conn.close().catch(() => undefined);
    const code = (err as { sqliteCode?: string }).sqliteCode;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw new DataDirLockedError(dataDir, readHolder(infoFile));
    throw err;
  }
  removeStaleAtomicTemps(infoFile);
  const holder: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date(now()).toISOString(), nonce: randomBytes(12).toString('hex') };
  try {
    writeFileAtomic(infoFile, `${JSON.stringify(holder, null, 2)}\n`);
  } catch {
    // The holder note is only for a refused start's message; the lock itself is held.
  }
  let released = false;
  return {
    dataDir,
    holder,
    async release() {
      if (released) return;
      released = true;
      // The note goes first, while the lock is still ours, so we never remove a successor's note.
      if (readHolder(infoFile)?.nonce === holder.nonce) fs.rmSync(infoFile, { force: true });
      await conn.close();
    },
  };
}
