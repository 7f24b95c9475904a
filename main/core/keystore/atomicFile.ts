// Atomic small-file writes: temp file in the same directory, fsync, rename, fsync the directory.
// A crash leaves either the old file or the new one, never a torn mix.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export function writeFileAtomic(file: string, data: string | Buffer): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    try {
      // The umask may only narrow the mode; set it exactly so a key file is never unreadable or wider.
      if (process.platform !== 'win32') fs.fchmodSync(fd, 0o600);
      writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    // A cut-off copy must never replace the file, nor linger and take the space of a full disk.
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dir);
}

/** write(2) may write less than asked (a nearly full disk); keep going until all is written or it fails. */
function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
}

/**
 * Remove the temp files a kill mid-write left for `file` (only names writeFileAtomic gives them).
 * Call only while nothing else may be writing that file (at start, with the data folder's lock).
 */
export function removeStaleAtomicTemps(file: string): void {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length))) fs.rmSync(path.join(dir, name), { force: true });
  }
}

export function fsyncDir(dir: string): void {
  // Directories cannot be opened for fsync on Windows; the rename is durable enough there.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
