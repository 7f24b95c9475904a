// The vault's files, and the one rule that keeps evidence alive: a blob is removed only when a
// database row marks its artifact shredded, never because no row mentions it. A blob no row
// mentions (the database was quarantined, an older backup was put back, a crash hit between the
// blob landing and its row committing) moves to orphans/, where the user can see it and re-attach
// it with its sealed key file; nothing there is ever deleted automatically.
//
//   vault/blobs/ab/<sha256 of ciphertext>           encrypted blob (format.ts)
//   vault/blobs/ab/<sha256>.sidecar                 its sealed key file (sidecar.ts)
//   vault/orphans/<sha256>, <sha256>.sidecar        blobs no row mentions
//   vault/tmp/<24 hex>.part                         ciphertext being staged
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { fsyncDir, writeFileAtomic } from '../keystore/atomicFile';
import { IntegrityError } from './format';
import { SIDECAR_SUFFIX } from './sidecar';

const HASH = /^[0-9a-f]{64}$/;
const SHARD = /^[0-9a-f]{2}$/;
const SIDECAR = /^([0-9a-f]{64})\.sidecar$/;
/** writeFileAtomic's temp name for a sidecar, left behind only by a crash mid-write. */
const SIDECAR_TMP = /^\.[0-9a-f]{64}\.sidecar\.[0-9a-f]{12}\.tmp$/;
/** The only names start-up removes from tmp/: ciphertext staged by this vault (newTmpPath). */
const STAGED = /^[0-9a-f]{24}\.part$/;

/** What a row says about a blob: a live artifact needs it; a shredded one wants it gone. */
export type BlobState = 'live' | 'shredded';

export interface SweepResult {
  /** Blobs (and key files) of shredded artifacts removed. */
  shredded: number;
  /** Blobs no row mentions, moved to orphans/. */
  orphaned: number;
  /** Orphans a row mentions again (a backup was restored), moved back into blobs/. */
  restored: number;
}

export interface OrphanFile {
  hash: string;
  size: number;
  mtimeMs: number;
  /** The sealed key file's bytes, or null when the blob has none. */
  sidecar: Buffer | null;
}

type Where = 'blobs' | 'orphans';

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * A full disk is the user's to fix, so it becomes a typed error that says so; any other I/O error
 * stays what it is (the transports answer it as an internal error with its reason).
 */
export function diskFull(err: unknown, what: string): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return err;
  return new AppError('storage_error', `The disk holding the vault is full (${code} while ${what}): free space, then retry. Nothing was saved.`);
}

/** Overwrite, sync, then unlink: a shredded key file leaves no wrapped key in freed blocks. */
export function shredFile(file: string): void {
  const st = lstatOrNull(file);
  if (!st) return;
  if (st.isFile() && st.size > 0 && st.size <= 1024 * 1024) {
    const fd = fs.openSync(file, 'r+');
    try {
      fs.writeSync(fd, Buffer.alloc(st.size), 0, st.size, 0);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
  fs.rmSync(file, { force: true });
}

export class BlobStore {
  readonly dir: string;
  readonly blobsDir: string;
  readonly tmpDir: string;
  readonly orphansDir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'vault');
    this.blobsDir = path.join(this.dir, 'blobs');
    this.tmpDir = path.join(this.dir, 'tmp');
    this.orphansDir = path.join(this.dir, 'orphans');
  }

  /**
   * Start-up: the vault's folders exist as real folders of this data folder, 0700, with their files
   * 0600 (mkdir's mode does not apply to a folder that already exists, and a copied folder keeps its
   * modes). A symbolic link in their place is refused, never followed: cleaning up through it would
   * delete files outside the data folder.
   */
  prepare(): void {
    for (const d of [this.dir, this.blobsDir, this.tmpDir, this.orphansDir]) this.ownFolder(d);
    for (const shard of this.entries(this.blobsDir)) {
      const d = path.join(this.blobsDir, shard);
      const st = fs.lstatSync(d);
      if (st.isSymbolicLink()) this.refuseLink(d);
      if (st.isDirectory()) this.ownFolder(d);
    }
  }

  private ownFolder(d: string): void {
    const st = lstatOrNull(d);
    if (st?.isSymbolicLink()) this.refuseLink(d);
    if (st && !st.isDirectory()) throw new AppError('storage_error', `${d} is not a folder; the vault cannot start. Move it aside and start again.`);
    if (!st) fs.mkdirSync(d, { mode: 0o700 });
    if (((st?.mode ?? 0o700) & 0o777) !== 0o700) fs.chmodSync(d, 0o700);
    for (const f of fs.readdirSync(d)) {
      const p = path.join(d, f);
      const fst = fs.lstatSync(p);
      if (fst.isFile() && (fst.mode & 0o777) !== 0o600) fs.chmodSync(p, 0o600);
    }
  }

  private refuseLink(d: string): never {
    throw new AppError(
      'storage_error',
      `${d} is a symbolic link. The vault keeps its files inside the data folder and will not follow a link out of it (clean-up could delete files elsewhere). Replace the link with a real folder holding its contents, then start again.`,
    );
  }

  blobPath(hash: string): string {
    if (!HASH.test(hash)) throw new IntegrityError('Invalid blob hash.');
    return path.join(this.blobsDir, hash.slice(0, 2), hash);
  }

  sidecarPath(hash: string): string {
    return this.blobPath(hash) + SIDECAR_SUFFIX;
  }

  orphanPath(hash: string): string {
    if (!HASH.test(hash)) throw new IntegrityError('Invalid blob hash.');
    return path.join(this.orphansDir, hash);
  }

  newTmpPath(): string {
    return path.join(this.tmpDir, `${randomBytes(12).toString('hex')}.part`);
  }

  /**
   * Remove leftover staged ciphertext (a crashed upload) that no staging in this process owns. Only
   * regular files with the names the vault gives them; anything else is left alone.
   */
  cleanTmp(active: ReadonlySet<string>): number {
    let removed = 0;
    for (const f of fs.readdirSync(this.tmpDir)) {
      const p = path.join(this.tmpDir, f);
      if (active.has(p) || !STAGED.test(f)) continue;
      const st = lstatOrNull(p);
      if (!st?.isFile()) continue;
      fs.rmSync(p, { force: true });
      removed++;
    }
    return removed;
  }

  /**
   * Put a staged blob in place with its key file: the key file first, so a blob in blobs/ written
   * by this version always has one. Both are durable before the caller's row commits.
   */
  install(tmpPath: string, hash: string, sidecar: Buffer): void {
    const blob = this.blobPath(hash);
    const shard = path.dirname(blob);
    try {
      fs.mkdirSync(shard, { recursive: true, mode: 0o700 });
      writeFileAtomic(blob + SIDECAR_SUFFIX, sidecar);
      fs.renameSync(tmpPath, blob);
      fsyncDir(shard);
      fsyncDir(this.tmpDir);
    } catch (err) {
      this.remove(hash);
      throw diskFull(err, 'writing the key file of an encrypted file');
    }
  }

  /** Undo install() (its row did not commit), or shred a deleted artifact's files. */
  remove(hash: string): void {
    for (const where of ['blobs', 'orphans'] as const) {
      shredFile(this.path(where, hash) + SIDECAR_SUFFIX);
      fs.rmSync(this.path(where, hash), { force: true });
    }
  }

  /** Write a key file for a blob already in place (blobs written before key files existed). */
  writeSidecar(hash: string, sidecar: Buffer): void {
    try {
      writeFileAtomic(this.sidecarPath(hash), sidecar);
    } catch (err) {
      throw diskFull(err, 'writing the key file of an encrypted file');
    }
  }

  hasSidecar(hash: string): boolean {
    return lstatOrNull(this.sidecarPath(hash))?.isFile() === true;
  }

  hasOrphan(hash: string): boolean {
    return lstatOrNull(this.orphanPath(hash))?.isFile() === true;
  }

  hasBlob(hash: string): boolean {
    return lstatOrNull(this.blobPath(hash))?.isFile() === true;
  }

  /** Move a blob and its key file between blobs/ and orphans/ (same file system: a rename). */
  move(hash: string, from: Where, to: Where): void {
    const src = this.path(from, hash);
    const dst = this.path(to, hash);
    fs.mkdirSync(path.dirname(dst), { recursive: true, mode: 0o700 });
    if (lstatOrNull(src + SIDECAR_SUFFIX)?.isFile()) fs.renameSync(src + SIDECAR_SUFFIX, dst + SIDECAR_SUFFIX);
    if (lstatOrNull(src)?.isFile()) fs.renameSync(src, dst);
    fsyncDir(path.dirname(dst));
    fsyncDir(path.dirname(src));
  }

  /**
   * Bring the files in line with the rows: shred what a row marks shredded, move what no row
   * mentions to orphans/, move back what a row needs again. Call inside a write transaction, so no
   * import sits between "blob in place" and "row committed".
   */
  sweep(states: ReadonlyMap<string, BlobState>): SweepResult {
    const result: SweepResult = { shredded: 0, orphaned: 0, restored: 0 };
    const seen = this.inventory();
    for (const [hash, at] of seen) {
      const state = states.get(hash);
      if (state === 'shredded') {
        this.remove(hash);
        result.shredded++;
      } else if (state === 'live') {
        if (at.blob === 'orphans') {
          this.move(hash, 'orphans', 'blobs');
          result.restored++;
        }
      } else if (at.blob === 'blobs') {
        this.move(hash, 'blobs', 'orphans');
        result.orphaned++;
      } else if (at.blob === null) {
        // A key file whose blob never landed (a crash mid-import): it holds nothing to recover.
        this.remove(hash);
      }
    }
    return result;
  }

  listOrphans(): OrphanFile[] {
    const out: OrphanFile[] = [];
    for (const f of this.entries(this.orphansDir)) {
      if (!HASH.test(f)) continue;
      const st = lstatOrNull(path.join(this.orphansDir, f));
      if (!st?.isFile()) continue;
      const side = path.join(this.orphansDir, f + SIDECAR_SUFFIX);
      out.push({ hash: f, size: st.size, mtimeMs: st.mtimeMs, sidecar: lstatOrNull(side)?.isFile() ? fs.readFileSync(side) : null });
    }
    return out.sort((a, b) => a.mtimeMs - b.mtimeMs || a.hash.localeCompare(b.hash));
  }

  countOrphans(): number {
    return this.entries(this.orphansDir).filter((f) => HASH.test(f) && lstatOrNull(path.join(this.orphansDir, f))?.isFile()).length;
  }

  private path(where: Where, hash: string): string {
    return where === 'blobs' ? this.blobPath(hash) : this.orphanPath(hash);
  }

  private entries(dir: string): string[] {
    try {
      return fs.readdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** Every hash with a blob or key file in blobs/ or orphans/; only names the vault writes count. */
  private inventory(): Map<string, { blob: Where | null }> {
    const seen = new Map<string, { blob: Where | null }>();
    const note = (name: string, dir: string, where: Where) => {
      const st = lstatOrNull(path.join(dir, name));
      if (!st?.isFile()) return;
      if (HASH.test(name)) {
        const e = seen.get(name) ?? { blob: null };
        if (e.blob !== 'blobs') e.blob = where;
        seen.set(name, e);
      } else {
        const m = SIDECAR.exec(name);
        if (m && !seen.has(m[1]!)) seen.set(m[1]!, { blob: null });
        else if (SIDECAR_TMP.test(name)) fs.rmSync(path.join(dir, name), { force: true });
      }
    };
    for (const shard of this.entries(this.blobsDir)) {
      const d = path.join(this.blobsDir, shard);
      if (!SHARD.test(shard) || !lstatOrNull(d)?.isDirectory()) continue;
      for (const f of this.entries(d)) if (f.startsWith(shard) || f.startsWith(`.${shard}`)) note(f, d, 'blobs');
    }
    for (const f of this.entries(this.orphansDir)) note(f, this.orphansDir, 'orphans');
    return seen;
  }
}
