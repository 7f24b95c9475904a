// Evidence in the vault: staging an upload into an encrypted temp blob, importing it (or a path the
// app itself chose), listing, previews in memory, exports (plain or as a sealed bundle, to a path or
// as a one-time download), crypto-shredding, the custody chain, and the orphans a lost database
// leaves behind. Files (blobStore.ts): <dataDir>/vault/blobs/ab/<sha256 of ciphertext> with a sealed
// key file beside it (sidecar.ts), in-flight ciphertext in vault/tmp, blobs no row mentions in
// vault/orphans. No plaintext is ever written inside the data directory. A blob is removed only when
// a row marks it shredded.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ulid } from 'ulid';
import type { ParsedInput } from '../../../shared/contract';
import { VAULT_LIMITS, type ArtifactExport, type ArtifactPreview, type ArtifactSource, type ArtifactSummary, type CustodyEntry, type VaultOrphan } from '../../../shared/domain/vault';
import { AppError } from '../../../shared/errors';
import type { DomainEvent } from '../../../shared/events';
import { humanSize } from '../../../shared/format';
import type { CommandContext, Prepared } from '../command';
import type { Database } from '../db/database';
import type { SqlRunner } from '../db/sqlite';
import { requireIncident } from '../incidents/incidents';
import { fsyncDir } from '../keystore/atomicFile';
import { open, seal } from '../keystore/sealed';
import type { Logger } from '../logger';
import { requirePathAccess } from '../policy/pathAccess';
import { custodyRepo, toCustody } from '../repositories/custodyRepo';
import { incidentsRepo } from '../repositories/incidentsRepo';
import { toArtifact, vaultRepo, type ArtifactRow, type NewArtifact } from '../repositories/vaultRepo';
import { projectEntry } from '../timeline/timeline';
import { diskFull, type BlobStore, type SweepResult } from './blobStore';
import { deriveBundleKey, isBundle, readBundle, writeBundle, type BundleKey, type BundleMeta } from './bundle';
import { collect, drain, fromBuffer, readPrefix, tap } from './bytes';
import { appendCustody } from './custody';
import { decryptStream, DEFAULT_CHUNK_SIZE, encryptStream, FORMAT_VERSION, IntegrityError } from './format';
import { dekAad, type VaultKeys } from './keys';
import { cleanName } from './names';
import { openSidecar, sealSidecar, type SidecarData } from './sidecar';
import { extensionMismatch, extensionOf, previewKind, sniff, type Sniffed } from './sniff';

export const VAULT_MAX_BYTES = 64 * 1024 ** 3;
const STAGE_TTL_MS = 15 * 60_000;
const TICKET_TTL_MS = 5 * 60_000;
const SNIFF_BYTES = 4096;
const WRITE_BATCH = 1024 * 1024;

interface Staged {
  artifactId: string;
  tmpPath: string;
  blobHash: string;
  blobSize: number;
  wrappedKey: Buffer;
  size: number;
  sha256: string;
  sniffed: Sniffed;
  bundle: { id: string; meta: BundleMeta } | null;
  expires: number;
}

interface Ticket {
  artifactId: string;
  format: 'plain' | 'bundle';
  /** Derived when the export was recorded, so the download runs no KDF and holds no passphrase. */
  bundleKey: BundleKey | null;
  expires: number;
}

export interface DownloadStream {
  fileName: string;
  contentType: string;
  /** Exact byte count when known in advance (plain exports). */
  size: number | null;
  stream: AsyncIterable<Buffer>;
}



const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** What a blob's key file records: enough to re-create the artifact's row without the database. */
function sidecarOf(a: NewArtifact, inc: { id: string; humanId: string; title: string }): SidecarData {
  return {
    artifactId: a.id,
    wrappedKey: a.wrapped_key.toString('base64'),
    name: a.name,
    extension: a.extension,
    contentType: a.content_type,
    family: a.family,
    mismatch: a.mismatch === 1,
    size: a.size,
    plaintextSha256: a.plaintext_sha256,
    blobSize: a.blob_size,
    chunkSize: a.chunk_size,
    formatVersion: a.format_version,
    source: a.source,
    addedBy: a.added_by,
    addedAt: a.added_at,
    incidentId: inc.id,
    incidentHumanId: inc.humanId,
    incidentTitle: inc.title,
  };
}

async function* readFileStream(file: string): AsyncGenerator<Buffer> {
  // 1 MiB reads: few syscalls, bounded memory.
  const stream = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
  for await (const chunk of stream) yield chunk as Buffer;
}

export interface ArtifactsOptions {
  db: Database;
  store: BlobStore;
  keys: VaultKeys;
  now: () => number;
  logger: Logger;
}

export class Artifacts {
  private readonly store: BlobStore;
  private readonly keys: VaultKeys;
  private readonly staged = new Map<string, Staged>();
  private readonly tickets = new Map<string, Ticket>();
  private readonly activeTmp = new Set<string>();
  private gcChain: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: ArtifactsOptions) {
    this.store = opts.store;
    this.keys = opts.keys;
  }

  /** Start-up: temp files of a previous run go (none of them can be finished now). */
  cleanTmp(): void {
    this.store.cleanTmp(this.activeTmp);
  }

  // --- storage ------------------------------------------------------------------------------------

  blobPath(hash: string): string {
    return this.store.blobPath(hash);
  }

  /**
   * Encrypt a plaintext (or evidence-bundle) stream into a temp blob under a fresh data key. Runs
   * outside any database transaction, so a large upload never holds the write queue.
   */
  async stage(source: AsyncIterable<Uint8Array>, opts: { bundlePassphrase?: string | undefined; maxBytes?: number } = {}): Promise<string> {
    const master = this.keys.requireMaster();
    this.expire();
    const artifactId = ulid(this.opts.now());
    const dek = randomBytes(32);
    const tmpPath = this.store.newTmpPath();
    this.activeTmp.add(tmpPath);
    let fh: fs.promises.FileHandle | null = null;
    try {
      let plain: AsyncIterable<Uint8Array> = source;
      let bundle: Staged['bundle'] = null;
      if (opts.bundlePassphrase !== undefined) {
        const head = await readPrefix(source, 8);
        if (!isBundle(head.prefix)) throw new AppError('invalid_input', 'A bundle passphrase was given but the file is not a Command Post evidence bundle.', [{ path: 'bundlePassphrase', message: 'the file is not an evidence bundle' }]);
        const opened = await readBundle(
          (async function* () {
            yield head.prefix;
            yield* head.rest;
          })(),
          opts.bundlePassphrase,
        );
        plain = opened.plaintext;
        bundle = { id: opened.bundleId, meta: opened.meta };
      }
      const limit = opts.maxBytes ?? VAULT_MAX_BYTES;
      const t = tap(plain, SNIFF_BYTES, limit, () => new AppError('invalid_input', `The artifact is larger than ${humanSize(limit)}.`));
      fh = await fs.promises.open(tmpPath, 'wx', 0o600);
      const hash = createHash('sha256');
      let blobSize = 0;
      let batch: Buffer[] = [];
      let batchBytes = 0;
      for await (const rec of encryptStream(dek, artifactId, t.stream, DEFAULT_CHUNK_SIZE)) {
        hash.update(rec);
        blobSize += rec.length;
        batch.push(rec);
        batchBytes += rec.length;
        if (batchBytes >= WRITE_BATCH) {
          await fh.writev(batch);
          batch = [];
          batchBytes = 0;
        }
      }
      if (batch.length) await fh.writev(batch);
      await fh.sync();
      await fh.close();
      fh = null;
      const sha256 = t.info.sha256();
      if (bundle && (bundle.meta.plaintextSha256 !== sha256 || bundle.meta.size !== t.info.bytes)) {
        throw new IntegrityError('The bundle’s content does not match the digest recorded by the exporting console.');
      }
      const uploadId = randomBytes(16).toString('hex');
      this.staged.set(uploadId, {
        artifactId,
        tmpPath,
        blobHash: hash.digest('hex'),
        blobSize,
        wrappedKey: seal(master, dek, dekAad(artifactId)),
        size: t.info.bytes,
        sha256,
        sniffed: sniff(t.info.head()),
        bundle,
        expires: this.opts.now() + STAGE_TTL_MS,
      });
      return uploadId;
    } catch (err) {
      await fh?.close().catch(() => undefined);
      fs.rmSync(tmpPath, { force: true });
      this.activeTmp.delete(tmpPath);
      throw diskFull(err, 'writing the encrypted file');
    } finally {
      dek.fill(0);
    }
  }

  /** The streamed upload route's early refusals, before it reads a byte: a locked vault, an unknown incident. */
  async checkUploadTarget(incidentId: string): Promise<void> {
    this.keys.requireMaster();
    await requireIncident(this.opts.db.reader, incidentId);
  }

  discardStaged(uploadId: string): void {
    const s = this.staged.get(uploadId);
    if (!s) return;
    this.staged.delete(uploadId);
    fs.rmSync(s.tmpPath, { force: true });
    this.activeTmp.delete(s.tmpPath);
  }

  private expire(): void {
    const now = this.opts.now();
    for (const [id, s] of this.staged) if (s.expires < now) this.discardStaged(id);
    for (const [id, t] of this.tickets) {
      if (t.expires >= now) continue;
      t.bundleKey?.kek.fill(0);
      this.tickets.delete(id);
    }
  }

  // --- artifacts ----------------------------------------------------------------------------------

  /**
   * Before the transaction: the source is encrypted into a staged temp blob (and a bundle's key
   * derived), so neither a large file nor a KDF holds the write queue. Inside it: the blob is moved
   * into place and recorded.
   */
  async prepareImport(input: ParsedInput<'artifacts:import'>, ctx: CommandContext): Promise<Prepared<ArtifactSummary>> {
    await requireIncident(ctx.db, input.incidentId);
    this.keys.requireMaster();
    let uploadId: string;
    let source: ArtifactSource;
    let ours = false;
    if (input.uploadId !== undefined) {
      uploadId = input.uploadId;
      if (!this.staged.has(uploadId)) throw new AppError('not_found', 'No such upload (it expired or was already used).', [{ path: 'uploadId', message: 'unknown or expired' }]);
      source = 'upload';
    } else if (input.dataBase64 !== undefined) {
      const bytes = Buffer.from(input.dataBase64, 'base64');
      try {
        uploadId = await this.stage(fromBuffer(bytes), { bundlePassphrase: input.bundlePassphrase });
      } finally {
        bytes.fill(0);
      }
      source = input.source ?? 'paste';
      ours = true;
    } else {
      requirePathAccess(ctx.transport, 'import');
      uploadId = await this.stage(readFileStream(this.checkSourcePath(input.path!)), { bundlePassphrase: input.bundlePassphrase });
      source = 'file';
      ours = true;
    }
    return {
      run: (c) => this.commitImport(input, uploadId, source, c),
      release: () => {
        if (ours) this.discardStaged(uploadId);
      },
    };
  }

  private async commitImport(input: ParsedInput<'artifacts:import'>, uploadId: string, given: ArtifactSource, ctx: CommandContext): Promise<ArtifactSummary> {
    const inc = await requireIncident(ctx.db, input.incidentId);
    this.keys.requireMaster();
    let source = given;
    if (!this.staged.has(uploadId)) throw new AppError('not_found', 'No such upload (it expired or was already used).', [{ path: 'uploadId', message: 'unknown or expired' }]);
    const s = this.staged.get(uploadId)!;
    this.staged.delete(uploadId);
    try {
      if (s.bundle) source = 'bundle';
      const name = cleanName(s.bundle ? s.bundle.meta.name : input.name);
      const at = new Date(ctx.now()).toISOString();
      const mismatch = extensionMismatch(name, s.sniffed);
      const row: NewArtifact = {
        id: s.artifactId,
        incident_id: inc.id,
        name,
        extension: extensionOf(name),
        content_type: s.sniffed.contentType,
        family: s.sniffed.family,
        mismatch: mismatch ? 1 : 0,
        size: s.size,
        plaintext_sha256: s.sha256,
        blob_hash: s.blobHash,
        blob_size: s.blobSize,
        wrapped_key: s.wrappedKey,
        chunk_size: DEFAULT_CHUNK_SIZE,
        format_version: FORMAT_VERSION,
        source,
        added_by: ctx.actor,
        added_at: at,
      };
      // The blob and its key file are in place (fsynced) before the row commits: a crash leaves at
      // worst an orphan, which the sweep keeps and re-attach can recover, never a row without its
      // blob. If this transaction rolls back, the import did not happen, so both go.
      this.store.install(s.tmpPath, s.blobHash, sealSidecar(this.keys.requireMaster(), s.blobHash, sidecarOf(row, inc)));
      this.opts.db.queue.onSettle((committed) => {
        if (!committed) this.store.remove(s.blobHash);
      });
      await vaultRepo.insertArtifact(ctx.db, row);
      const detail: Record<string, unknown> = { name, size: s.size, contentType: s.sniffed.contentType, source, mismatch };
      if (s.bundle) {
        detail.bundle = { id: s.bundle.id, sourceArtifactId: s.bundle.meta.sourceArtifactId, incident: s.bundle.meta.incident, exportedAt: s.bundle.meta.exportedAt, exportedBy: s.bundle.meta.exportedBy, custodyHead: s.bundle.meta.custody.at(-1)?.hash ?? null };
      }
      await appendCustody(ctx.db, { artifactId: s.artifactId, at, actor: ctx.actor, action: 'import', ciphertextHash: s.blobHash, plaintextDigest: `sha256:${s.sha256}`, detail });
      const flag = mismatch ? ' — name does not match content' : '';
      const from = s.bundle ? ` from an evidence bundle (${s.bundle.meta.incident}, exported by ${s.bundle.meta.exportedBy})` : '';
      await this.record(ctx, inc.id, `Evidence added to the vault${from}: “${name}” (${humanSize(s.size)}, ${s.sniffed.contentType}; sha256 ${s.sha256.slice(0, 12)}…)${flag}`, { kind: 'artifact.imported', payload: { artifactId: s.artifactId, name, size: s.size, sha256: s.sha256 } });
      ctx.changed('artifacts', inc.id);
      return toArtifact((await vaultRepo.byId(ctx.db, s.artifactId))!, previewKind(s.sniffed));
    } finally {
      this.activeTmp.delete(s.tmpPath);
      fs.rmSync(s.tmpPath, { force: true });
    }
  }

  private checkSourcePath(p: string): string {
    if (!path.isAbsolute(p)) throw new AppError('invalid_input', 'The path must be absolute.', [{ path: 'path', message: 'must be an absolute path' }]);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      throw new AppError('not_found', 'No file at that path.', [{ path: 'path', message: 'no such file' }]);
    }
    if (!st.isFile()) throw new AppError('invalid_input', 'The path is not a regular file (directories, links and devices are refused).', [{ path: 'path', message: 'must be a regular file' }]);
    return p;
  }

  async list(input: ParsedInput<'artifacts:list'>, ctx: CommandContext): Promise<ArtifactSummary[]> {
    const inc = await requireIncident(ctx.db, input.incidentId);
    const rows = await vaultRepo.listByIncident(ctx.db, inc.id, input.includeDeleted === true);
    return rows.map((r) => this.summary(r));
  }

  private summary(r: ArtifactRow): ArtifactSummary {
    return toArtifact(r, previewKind({ contentType: r.content_type, family: r.family as Sniffed['family'] }));
  }

  private async requireArtifact(db: SqlRunner, id: string): Promise<ArtifactRow> {
    const row = await vaultRepo.byId(db, id);
    if (!row) throw new AppError('not_found', `No artifact ${id}.`);
    return row;
  }

  private requireLive(row: ArtifactRow): void {
    if (row.deleted_at) throw new AppError('conflict', `“${row.name}” was deleted on ${row.deleted_at}; only its custody record remains.`);
  }

  /** Decrypt the artifact's blob as a verified plaintext stream. */
  private plaintext(row: ArtifactRow): AsyncIterable<Buffer> {
    const dek = this.keys.dataKey(row);
    const file = this.blobPath(row.blob_hash);
    if (!fs.existsSync(file)) {
      dek.fill(0);
      throw new IntegrityError(`The encrypted blob of “${row.name}” is missing from the vault.`);
    }
    return (async function* () {
      try {
        yield* decryptStream(dek, row.id, readFileStream(file));
      } finally {
        dek.fill(0);
      }
    })();
  }

  async read(input: ParsedInput<'artifacts:read'>, ctx: CommandContext): Promise<ArtifactPreview> {
    const row = await this.requireArtifact(ctx.db, input.id);
    this.requireLive(row);
    this.keys.requireMaster();
    const artifact = this.summary(row);
    let dataBase64: string | null = null;
    let text: string | null = null;
    let truncated = false;
    if (artifact.previewKind === 'image') {
      if (row.size > VAULT_LIMITS.inlineBytes) throw new AppError('conflict', `“${row.name}” is too large to preview (${humanSize(row.size)}); export it instead.`);
      dataBase64 = (await collect(this.plaintext(row), VAULT_LIMITS.inlineBytes)).toString('base64');
    } else if (artifact.previewKind === 'text') {
      // Each chunk authenticates on its own, so a verified prefix is enough for a text preview.
      const parts: Buffer[] = [];
      let n = 0;
      for await (const chunk of this.plaintext(row)) {
        parts.push(chunk);
        n += chunk.length;
        if (n >= VAULT_LIMITS.previewTextBytes) break;
      }
      const all = Buffer.concat(parts);
      truncated = all.length > VAULT_LIMITS.previewTextBytes || row.size > all.length;
      text = new TextDecoder('utf-8', { fatal: false }).decode(all.subarray(0, VAULT_LIMITS.previewTextBytes));
      all.fill(0);
    }
    const at = new Date(ctx.now()).toISOString();
    await appendCustody(ctx.db, { artifactId: row.id, at, actor: ctx.actor, action: 'view', ciphertextHash: row.blob_hash, plaintextDigest: `sha256:${row.plaintext_sha256}`, detail: { preview: artifact.previewKind } });
    await this.record(ctx, row.incident_id, `Evidence viewed: “${row.name}”`, { kind: 'artifact.viewed', payload: { artifactId: row.id, name: row.name } });
    ctx.changed('artifacts', row.incident_id);
    return { artifact, kind: artifact.previewKind, dataBase64, text, truncated };
  }

  /** Before the transaction: the cheap refusals, then the bundle key's derivation (≥ 250 ms). */
  async prepareExport(input: ParsedInput<'artifacts:export'>, ctx: CommandContext): Promise<Prepared<ArtifactExport>> {
    const row = await this.requireArtifact(ctx.db, input.id);
    this.requireLive(row);
    this.keys.requireMaster();
    this.checkExportDestination(input.destination, ctx);
    const key = input.format === 'bundle' ? await deriveBundleKey(input.passphrase!) : null;
    return {
      run: (c) => this.export(input, key, c),
      release: () => key?.kek.fill(0),
    };
  }

  private checkExportDestination(destination: string, ctx: CommandContext): void {
    if (destination === 'inline' || destination === 'download') return;
    // Pages use 'download'; the Electron shell's save dialog calls in-process with the chosen path.
    requirePathAccess(ctx.transport, 'export');
  }

  private async export(input: ParsedInput<'artifacts:export'>, key: BundleKey | null, ctx: CommandContext): Promise<ArtifactExport> {
    const row = await this.requireArtifact(ctx.db, input.id);
    this.requireLive(row);
    this.keys.requireMaster();
    const inc = await requireIncident(ctx.db, row.incident_id);
    const fileName = input.format === 'bundle' ? `${cleanName(row.name)}.cpbundle` : cleanName(row.name);
    let result: ArtifactExport;
    if (input.destination === 'download') {
      this.expire();
      const ticket = randomBytes(24).toString('base64url');
      this.tickets.set(ticket, { artifactId: row.id, format: input.format, bundleKey: key, expires: this.opts.now() + TICKET_TTL_MS });
      result = { artifactId: row.id, format: input.format, destination: 'download', fileName, bytes: input.format === 'plain' ? row.size : 0, downloadPath: `/api/vault/download?ticket=${ticket}` };
    } else if (input.destination === 'inline') {
      if (row.size > VAULT_LIMITS.inlineBytes) throw new AppError('conflict', `“${row.name}” is too large to export inline (${humanSize(row.size)}); export it to a path or download it.`);
      const bytes = await collect(await this.exportStream(row, input.format, key, inc.humanId, ctx.actor, ctx.now()));
      result = { artifactId: row.id, format: input.format, destination: 'inline', fileName, bytes: bytes.length, dataBase64: bytes.toString('base64') };
    } else {
      this.checkExportDestination(input.destination, ctx);
      const bytes = await this.exportToPath(row, input.destination, input.format, key, inc.humanId, ctx);
      result = { artifactId: row.id, format: input.format, destination: input.destination, fileName: path.basename(input.destination), bytes };
    }
    const at = new Date(ctx.now()).toISOString();
    const where = input.destination === 'inline' || input.destination === 'download' ? input.destination : 'path';
    await appendCustody(ctx.db, {
      artifactId: row.id,
      at,
      actor: ctx.actor,
      action: 'export',
      ciphertextHash: row.blob_hash,
      plaintextDigest: `sha256:${row.plaintext_sha256}`,
      detail: { format: input.format, destination: where, ...(where === 'path' ? { path: input.destination } : {}) },
    });
    const how = input.format === 'plain' ? 'as a decrypted file' : 'as an encrypted evidence bundle';
    await this.record(ctx, row.incident_id, `Evidence exported ${how}: “${row.name}”${where === 'path' ? ` to ${input.destination}` : where === 'download' ? ' (download)' : ''}`, { kind: 'artifact.exported', payload: { artifactId: row.id, name: row.name, format: input.format } });
    ctx.changed('artifacts', row.incident_id);
    return result;
  }

  /** Plain exports authenticate every chunk first, so a tampered artifact writes no plaintext at all. */
  private async exportStream(row: ArtifactRow, format: 'plain' | 'bundle', key: BundleKey | null, incident: string, actor: string, now: number): Promise<AsyncIterable<Buffer>> {
    if (format === 'plain') {
      await drain(this.plaintext(row));
      return this.plaintext(row);
    }
    const custody = (await custodyRepo.chain(this.opts.db.reader, row.id)).map((c) => ({ index: c.idx, at: c.at, actor: c.actor, action: c.action, hash: c.hash }));
    const meta: BundleMeta = {
      name: row.name,
      size: row.size,
      contentType: row.content_type,
      plaintextSha256: row.plaintext_sha256,
      sourceArtifactId: row.id,
      incident,
      exportedAt: new Date(now).toISOString(),
      exportedBy: actor,
      custody,
    };
    if (!key) throw new Error('a bundle export needs its derived key');
    return writeBundle(this.plaintext(row), meta, key);
  }

  private async exportToPath(row: ArtifactRow, dest: string, format: 'plain' | 'bundle', key: BundleKey | null, incident: string, ctx: CommandContext): Promise<number> {
    if (!path.isAbsolute(dest)) throw new AppError('invalid_input', 'The destination must be an absolute path.', [{ path: 'destination', message: 'must be an absolute path' }]);
    const dir = path.dirname(dest);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new AppError('invalid_input', 'The destination folder does not exist.', [{ path: 'destination', message: 'folder does not exist' }]);
    if (fs.existsSync(dest)) throw new AppError('conflict', 'A file already exists at the destination; choose another name.', [{ path: 'destination', message: 'already exists' }]);
    const resolvedDir = fs.realpathSync(dir);
    if (resolvedDir === fs.realpathSync(this.store.dir) || resolvedDir.startsWith(fs.realpathSync(this.store.dir) + path.sep)) {
      throw new AppError('invalid_input', 'Exports cannot be written inside the vault.', [{ path: 'destination', message: 'is inside the vault' }]);
    }
    const stream = await this.exportStream(row, format, key, incident, ctx.actor, ctx.now());
    const tmp = path.join(dir, `.${randomBytes(8).toString('hex')}.cp-export.tmp`);
    const fh = await fs.promises.open(tmp, 'wx', 0o600);
    let bytes = 0;
    try {
      for await (const piece of stream) {
        await fh.write(piece);
        bytes += piece.length;
      }
      await fh.sync();
      await fh.close();
      // link() refuses to replace an existing file, unlike rename(): a race cannot clobber anything.
      fs.linkSync(tmp, dest);
      fs.rmSync(tmp, { force: true });
      fsyncDir(dir);
      return bytes;
    } catch (err) {
      await fh.close().catch(() => undefined);
      fs.rmSync(tmp, { force: true });
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new AppError('conflict', 'A file already exists at the destination; choose another name.', [{ path: 'destination', message: 'already exists' }]);
      if (code === 'ENOSPC' || code === 'EDQUOT') {
        throw new AppError('storage_error', `The disk holding ${dir} is full (${code} after ${humanSize(bytes)}): free space or choose another folder. No partial file was left.`, [{ path: 'destination', message: 'the disk is full' }]);
      }
      throw err;
    }
  }

  /** The browser host's download route: one use per ticket; custody was recorded when it was issued. */
  async openDownload(ticket: string): Promise<DownloadStream> {
    this.expire();
    const t = this.tickets.get(ticket);
    if (!t) throw new AppError('not_found', 'Unknown or expired download; export again.');
    this.tickets.delete(ticket);
    const row = await this.requireArtifact(this.opts.db.reader, t.artifactId);
    this.requireLive(row);
    const inc = await requireIncident(this.opts.db.reader, row.incident_id);
    const stream = await this.exportStream(row, t.format, t.bundleKey, inc.humanId, 'download', this.opts.now());
    return t.format === 'plain'
      ? { fileName: cleanName(row.name), contentType: 'application/octet-stream', size: row.size, stream }
      : { fileName: `${cleanName(row.name)}.cpbundle`, contentType: 'application/octet-stream', size: null, stream };
  }

  async delete(input: ParsedInput<'artifacts:delete'>, ctx: CommandContext): Promise<ArtifactSummary> {
    const row = await this.requireArtifact(ctx.db, input.id);
    this.requireLive(row);
    const at = new Date(ctx.now()).toISOString();
    await appendCustody(ctx.db, { artifactId: row.id, at, actor: ctx.actor, action: 'delete', ciphertextHash: row.blob_hash, plaintextDigest: `sha256:${row.plaintext_sha256}`, detail: { reason: input.reason, shredded: true } });
    await vaultRepo.markDeleted(ctx.db, row.id, at, ctx.actor, input.reason);
    await this.record(ctx, row.incident_id, `Evidence deleted (key destroyed): “${row.name}” — ${input.reason}`, { kind: 'artifact.deleted', payload: { artifactId: row.id, name: row.name, reason: input.reason } });
    ctx.changed('artifacts', row.incident_id);
    // The blob goes once this transaction has committed: GC queues behind it on the write queue.
    this.gc().catch(() => undefined);
    return this.summary((await vaultRepo.byId(ctx.db, row.id))!);
  }

  async custody(id: string, db: SqlRunner): Promise<CustodyEntry[]> {
    await this.requireArtifact(db, id);
    return (await custodyRepo.chain(db, id)).map(toCustody);
  }

  private async record(ctx: CommandContext, incidentId: string, text: string, event: DomainEvent<'artifact.imported' | 'artifact.viewed' | 'artifact.exported' | 'artifact.deleted'>): Promise<void> {
    const ev = await ctx.log.append(ctx, { incidentId, actor: ctx.actor, ...event });
    await projectEntry(ctx, ev, 'system', text);
  }

  /**
   * Bring the files in line with the rows (BlobStore.sweep): shred blobs whose rows are marked
   * shredded, move blobs no row mentions to orphans/ (never deleted), move back orphans a row needs
   * again, and remove stale temp files. A write-queue transaction, so no import can be between
   * "blob in place" and "row committed".
   */
  gc(): Promise<SweepResult & { tmp: number }> {
    const run = () =>
      this.opts.db.queue.transaction(async (tx) => {
        const swept = this.store.sweep(await vaultRepo.blobStates(tx));
        if (swept.orphaned > 0) this.opts.logger.warn(`vault: ${swept.orphaned} encrypted blob(s) that no database row mentions were moved to ${this.store.orphansDir}; nothing was deleted. Unlock the vault to re-attach them.`);
        return { ...swept, tmp: this.store.cleanTmp(this.activeTmp) };
      });
    const p = this.gcChain.then(run, run);
    this.gcChain = p.catch((err: unknown) => this.opts.logger.warn(`vault garbage collection failed: ${describe(err)}`));
    return p;
  }

  /**
   * Live artifacts imported before key files existed get one, so a later database loss cannot
   * strand them. A write-queue transaction, so a shred cannot race a key file being written.
   */
  async backfillSidecars(): Promise<number> {
    return this.opts.db.queue.transaction(async (tx) => {
      const master = this.keys.current();
      if (!master) return 0;
      let written = 0;
      for (const r of await vaultRepo.liveWithIncident(tx)) {
        if (!r.wrapped_key || this.store.hasSidecar(r.blob_hash) || !this.store.hasBlob(r.blob_hash)) continue;
        const row: NewArtifact = { ...r, wrapped_key: r.wrapped_key };
        this.store.writeSidecar(r.blob_hash, sealSidecar(master, r.blob_hash, sidecarOf(row, { id: r.incident_id, humanId: r.incident_human_id, title: r.incident_title })));
        written++;
      }
      return written;
    });
  }

  // --- orphans ------------------------------------------------------------------------------------

  /** Blobs in orphans/, with what their key files say once the vault is unlocked. */
  async orphans(db: SqlRunner): Promise<VaultOrphan[]> {
    const out: VaultOrphan[] = [];
    for (const f of this.store.listOrphans()) {
      const o: VaultOrphan = { blobHash: f.hash, blobSize: f.size, since: new Date(f.mtimeMs).toISOString(), artifact: null, incidentId: null, problem: null };
      const side = this.readOrphanSidecar(f.hash, f.sidecar);
      if ('problem' in side) o.problem = side.problem;
      else {
        const d = side.data;
        o.artifact = { id: d.artifactId, name: d.name, size: d.size, contentType: d.contentType, plaintextSha256: d.plaintextSha256, source: d.source, addedBy: d.addedBy, addedAt: d.addedAt, incidentHumanId: d.incidentHumanId, incidentTitle: d.incidentTitle };
        // By id only: a replaced database numbers its incidents afresh, so INC-2026-0001 here may be
        // another incident than the one the evidence came from.
        o.incidentId = (await incidentsRepo.find(db, d.incidentId))?.id ?? null;
        if (await vaultRepo.byId(db, d.artifactId)) o.problem = 'An artifact with this id is already in the vault.';
      }
      out.push(o);
    }
    return out;
  }

  private readOrphanSidecar(hash: string, raw: Buffer | null): { data: SidecarData } | { problem: string } {
    if (!raw) return { problem: 'It has no key file (it was imported by a version that kept keys only in the database); only the database that recorded it can open it: restore that backup.' };
    const master = this.keys.current();
    if (!master) return { problem: 'The vault is locked: unlock it to read the key file.' };
    const data = openSidecar(master, hash, raw);
    if (!data) return { problem: 'Its key file does not open with this vault’s key (it belongs to another vault, or it was altered).' };
    return { data };
  }

  /**
   * Before the transaction: the orphan's key file is opened and the whole blob decrypted and checked
   * against its recorded digest (outside the write queue, however large). Inside it: the blob moves
   * back into blobs/ and its row is re-created; a new custody chain records the re-attachment.
   */
  async prepareReattach(input: ParsedInput<'vault:reattach'>, ctx: CommandContext): Promise<Prepared<ArtifactSummary>> {
    const master = this.keys.requireMaster();
    const file = this.store.listOrphans().find((o) => o.hash === input.blobHash);
    if (!file) throw new AppError('not_found', `No orphaned blob ${input.blobHash.slice(0, 12)}… in ${this.store.orphansDir}.`, [{ path: 'blobHash', message: 'no such orphan' }]);
    const side = this.readOrphanSidecar(file.hash, file.sidecar);
    if ('problem' in side) throw new AppError('conflict', `The blob cannot be re-attached: ${side.problem}`, [{ path: 'blobHash', message: 'cannot be re-attached' }]);
    const d = side.data;
    const inc = await incidentsRepo.find(ctx.db, input.incidentId ?? d.incidentId);
    if (!inc) {
      throw new AppError(
        input.incidentId ? 'not_found' : 'invalid_input',
        input.incidentId ? `No incident ${input.incidentId}.` : `The incident it came from (${d.incidentHumanId}, “${d.incidentTitle}”) is not in this database; choose the incident to attach it to.`,
        [{ path: 'incidentId', message: input.incidentId ? 'no such incident' : 'choose an incident' }],
      );
    }
    const wrapped = Buffer.from(d.wrappedKey, 'base64');
    const dek = open(master, wrapped, dekAad(d.artifactId));
    if (!dek) throw new IntegrityError(`The data key in the key file of ${file.hash.slice(0, 12)}… does not authenticate; it was altered or belongs to another vault.`);
    const blobHash = createHash('sha256');
    const plainHash = createHash('sha256');
    let size = 0;
    try {
      const ciphertext = (async function* (file: string) {
        for await (const c of readFileStream(file)) {
          blobHash.update(c);
          yield c;
        }
      })(this.store.orphanPath(file.hash));
      for await (const piece of decryptStream(dek, d.artifactId, ciphertext)) {
        plainHash.update(piece);
        size += piece.length;
      }
    } finally {
      dek.fill(0);
    }
    if (blobHash.digest('hex') !== file.hash || plainHash.digest('hex') !== d.plaintextSha256 || size !== d.size) {
      throw new IntegrityError(`The orphaned blob ${file.hash.slice(0, 12)}… does not match what its key file records; it was altered.`);
    }
    return { run: (c) => this.commitReattach(d, file.hash, wrapped, inc.id, c) };
  }

  private async commitReattach(d: SidecarData, hash: string, wrapped: Buffer, incidentId: string, ctx: CommandContext): Promise<ArtifactSummary> {
    this.keys.requireMaster();
    const inc = await requireIncident(ctx.db, incidentId);
    if ((await vaultRepo.byId(ctx.db, d.artifactId)) || (await vaultRepo.byBlobHash(ctx.db, hash))) {
      throw new AppError('conflict', `“${d.name}” is already in the vault.`, [{ path: 'blobHash', message: 'already attached' }]);
    }
    if (!this.store.hasOrphan(hash)) throw new AppError('not_found', `The orphaned blob ${hash.slice(0, 12)}… is gone.`, [{ path: 'blobHash', message: 'no such orphan' }]);
    const row: NewArtifact = {
      id: d.artifactId,
      incident_id: inc.id,
      name: cleanName(d.name),
      extension: d.extension,
      content_type: d.contentType,
      family: d.family,
      mismatch: d.mismatch ? 1 : 0,
      size: d.size,
      plaintext_sha256: d.plaintextSha256,
      blob_hash: hash,
      blob_size: d.blobSize,
      wrapped_key: wrapped,
      chunk_size: d.chunkSize,
      format_version: d.formatVersion,
      source: d.source,
      added_by: d.addedBy,
      added_at: d.addedAt,
    };
    this.store.move(hash, 'orphans', 'blobs');
    this.opts.db.queue.onSettle((committed) => {
      if (!committed) this.store.move(hash, 'blobs', 'orphans');
    });
    // The key file now names the incident it is attached to, so a later loss re-attaches it there.
    this.store.writeSidecar(hash, sealSidecar(this.keys.requireMaster(), hash, sidecarOf(row, inc)));
    await vaultRepo.insertArtifact(ctx.db, row);
    const at = new Date(ctx.now()).toISOString();
    const original = { incident: d.incidentHumanId, incidentTitle: d.incidentTitle, addedBy: d.addedBy, addedAt: d.addedAt };
    await appendCustody(ctx.db, {
      artifactId: row.id,
      at,
      actor: ctx.actor,
      action: 'import',
      ciphertextHash: hash,
      plaintextDigest: `sha256:${row.plaintext_sha256}`,
      detail: { name: row.name, size: row.size, contentType: row.content_type, source: row.source, reattached: true, original },
    });
    await this.record(
      ctx,
      inc.id,
      `Evidence re-attached from the vault’s orphan folder: “${row.name}” (${humanSize(row.size)}, ${row.content_type}; sha256 ${row.plaintext_sha256.slice(0, 12)}…), first added to ${d.incidentHumanId} by ${d.addedBy} at ${d.addedAt}`,
      { kind: 'artifact.imported', payload: { artifactId: row.id, name: row.name, size: row.size, sha256: row.plaintext_sha256, reattached: true } },
    );
    ctx.changed('artifacts', inc.id);
    ctx.changed('vault');
    return this.summary((await vaultRepo.byId(ctx.db, row.id))!);
  }

  /** Download tickets carry derived bundle keys: they go when the vault locks. */
  dropTickets(): void {
    for (const t of this.tickets.values()) t.bundleKey?.kek.fill(0);
    this.tickets.clear();
  }

  /** Resolves once queued garbage collection has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await this.gcChain;
  }

  close(): void {
    for (const id of [...this.staged.keys()]) this.discardStaged(id);
  }
}
