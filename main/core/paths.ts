// Where the data folder is, and how the core keeps it its own: directories 0700, files 0600 set
// explicitly (the umask only ever removes bits, so a permissive or odd umask must not decide), and
// no symbolic link followed out of the folder for a file the core creates or opens for writing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Where the console keeps its database and vault unless told otherwise (same for app and host). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.COMMAND_POST_DATA_DIR) return path.resolve(env.COMMAND_POST_DATA_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Command Post');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Command Post');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'command-post');
}

const POSIX = process.platform !== 'win32';

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function refuseLink(p: string): never {
  throw new AppError('storage_error', `${p} is a symbolic link; Command Post does not follow links out of its data folder. Move the link away or choose another data folder.`);
}

/**
 * Make sure the data folder exists and is ours, without writing anything in it: created 0700 when
 * missing; refused when it is not a directory or (POSIX) belongs to another user. The folder itself
 * may be a link the user made (e.g. to another disk) as long as what it points to is theirs.
 */
export function ensureDataDir(dataDir: string): void {
  if (!lstatOrNull(dataDir)) {
    fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    fs.chmodSync(dataDir, PRIVATE_DIR_MODE);
  }
  const st = fs.statSync(dataDir);
  if (!st.isDirectory()) throw new AppError('storage_error', `${dataDir} is not a folder; choose another data folder.`);
  const uid = POSIX ? process.getuid?.() : undefined;
  if (uid !== undefined && st.uid !== uid) {
    throw new AppError('storage_error', `${dataDir} belongs to another user (uid ${st.uid}); Command Post keeps its data only in a folder of its own user (uid ${uid}).`);
  }
}

/** Refuse a path inside the data folder that is a symbolic link (the database, its WAL, a key file). */
export function assertNotLink(p: string): void {
  if (lstatOrNull(p)?.isSymbolicLink()) refuseLink(p);
}

/**
 * Create an empty file with mode 0600 when it does not exist yet (so that what SQLite creates next
 * to it, which copies its mode, is private too), or fix the mode of the existing one. Never follows
 * a link. Does not open an existing file: see dataDirLock.ts on why that matters for lock files.
 */
export function createPrivateFile(p: string): void {
  const st = lstatOrNull(p);
  if (st?.isSymbolicLink()) refuseLink(p);
  if (st) {
    if (POSIX && st.isFile() && (st.mode & 0o777) !== PRIVATE_FILE_MODE) fs.chmodSync(p, PRIVATE_FILE_MODE);
    return;
  }
  let fd: number;
  try {
    // O_EXCL never follows a link: a link planted at the name makes this fail instead.
    fd = fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return createPrivateFile(p);
    throw err;
  }
  try {
    if (POSIX) fs.fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    fs.closeSync(fd);
  }
}

/** Folders of the data folder the core owns, relative to it (those that exist are fixed at start). */
const OWNED_DIRS = ['.', 'keystore', 'vault', path.join('vault', 'blobs'), path.join('vault', 'tmp')];
/** Folders whose plain files are all the core's own (keys, database, seals, lock notes). */
const OWNED_FILE_DIRS = ['.', 'keystore'];

/**
 * At start, once the folder's lock is held: give what an older version (or another umask) left
 * behind the modes the core creates with, and refuse a linked key store folder. Only modes change;
 * nothing is moved or removed.
 */
export function secureDataDir(dataDir: string): void {
  if (!POSIX) return;
  for (const rel of OWNED_DIRS) {
    const p = path.join(dataDir, rel);
    const st = rel === '.' ? fs.statSync(p) : lstatOrNull(p);
    if (!st) continue;
    if (st.isSymbolicLink()) {
      if (rel === 'keystore') refuseLink(p);
      continue;
    }
    if (st.isDirectory() && (st.mode & 0o777) !== PRIVATE_DIR_MODE) fs.chmodSync(p, PRIVATE_DIR_MODE);
  }
  for (const rel of OWNED_FILE_DIRS) {
    const dir = path.join(dataDir, rel);
    if (!lstatOrNull(dir)?.isDirectory()) continue;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!e.isFile()) continue;
      const p = path.join(dir, e.name);
      const st = fs.lstatSync(p);
      if ((st.mode & 0o777) !== PRIVATE_FILE_MODE) fs.chmodSync(p, PRIVATE_FILE_MODE);
    }
  }
}
