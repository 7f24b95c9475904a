// The artifact vault: key lifecycle (create, unlock, lock, recovery), encrypted content-addressed
// blobs, streaming import and export, previews in memory, crypto-shredding, and the custody chain.
//
// Keys: a random 256-bit master key lives in the OS key store (safeStorage/keytar) or in the
// passphrase key store; a second copy is wrapped under the recovery key in vault_meta. Each
// artifact has its own random data key, wrapped under the master key (AAD = artifact id).
// Files: <dataDir>/vault/blobs/ab/<sha256 of ciphertext>; in-flight ciphertext in vault/tmp. No
// plaintext is ever written inside the data directory.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ulid } from 'ulid';
import type { ParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import {
  VAULT_LIMITS,
  type ArtifactExport,
  type ArtifactPreview,
  type ArtifactSource,
  type ArtifactSummary,
  type CustodyAction,
  type CustodyEntry,
  type VaultCreated,
  type VaultStatus,
} from '../../../shared/vault';
import type { Database } from '../db/database';
import type { SqlRunner } from '../db/sqlite';
import { fsyncDir } from '../keystore/atomicFile';
import type { KeyStores } from '../keystore/selectKeyStore';
import { checkPassphrase, type NewPassphraseStore } from '../keystore/passphraseKeyStore';
import { open, seal } from '../keystore/sealed';
import type { Logger } from '../logger';
import { custodyRepo, toCustody } from '../repositories/custodyRepo';
import { toArtifact, vaultRepo, type ArtifactRow, type VaultMetaRow } from '../repositories/vaultRepo';
import type { Prepared } from '../handlers';
import type { CommandContext } from '../services/context';
import { requireIncident } from '../services/incidents';
import { projectEntry } from '../services/timeline';
import { collect, drain, fromBuffer, readPrefix, tap } from './bytes';
import { deriveBundleKey, isBundle, readBundle, writeBundle, type BundleKey, type BundleMeta } from './bundle';
import { appendCustody, verifyCustody } from './custody';
import { DEFAULT_CHUNK_SIZE, FORMAT_VERSION, decryptStream, encryptStream, IntegrityError } from './format';
import { cleanName } from './names';
import { formatRecoveryKey, newRecoverySecret, parseRecoveryKey, recoveryWrappingKey } from './recovery';
import { extensionMismatch, extensionOf, previewKind, sniff, type Sniffed } from './sniff';
import { humanSize } from '../../../shared/format';

export const MASTER_KEY_ACCOUNT = 'vault-master-key';
export const VAULT_MAX_BYTES = 64 * 1024 ** 3;
const STAGE_TTL_MS = 15 * 60_000;
const TICKET_TTL_MS = 5 * 60_000;
const SNIFF_BYTES = 4096;
const WRITE_BATCH = 1024 * 1024;
const KEY_CHECK_LABEL = 'command-post vault key check v1';
const dekAad = (artifactId: string) => `command-post vault dek v1:${artifactId}`;
const RECOVERY_AAD = 'command-post vault master key (recovery copy) v1';
/**
 * Transports whose caller is the app itself (the core in-process, the Electron shell's file dialogs,
 * the CLI). Only these may name filesystem paths: from a page, a path import would read any file
 * (~/.ssh/id_rsa) and a path export would write anywhere. An allow-list, so a new page-facing
 * transport is refused until someone decides otherwise.
 */
const APP_TRANSPORTS = new Set(['in-process', 'app-dialog', 'cli']);

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

export interface VaultOptions {
  dataDir: string;
  db: Database;
  keyStores: KeyStores;
  now: () => number;
  logger: Logger;
}


const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

function keyCheck(master: Buffer): string {
  return createHmac('sha256', master).update(KEY_CHECK_LABEL).digest('hex');
}

async function* readFileStream(file: string): AsyncGenerator<Buffer> {
  // 1 MiB reads: few syscalls, bounded memory.
  const stream = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
  for await (const chunk of stream) yield chunk as Buffer;
}

export class Vault {
  readonly dir: string;
  readonly blobsDir: string;
  readonly tmpDir: string;
  private master: Buffer | null = null;
  private readonly staged = new Map<string, Staged>();
  private readonly tickets = new Map<string, Ticket>();
  private readonly activeTmp = new Set<string>();
  private gcChain: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: VaultOptions) {
    this.dir = path.join(opts.dataDir, 'vault');
    this.blobsDir = path.join(this.dir, 'blobs');
    this.tmpDir = path.join(this.dir, 'tmp');
  }

  get keyStores(): KeyStores {
    return this.opts.keyStores;
  }

  isUnlocked(): boolean {
    return this.master !== null;
  }

  /** Start-up: directories, leftover temp files from a crash, orphan blobs, and a silent unlock from the OS key store. */
  async init(): Promise<void> {
    for (const d of [this.dir, this.blobsDir, this.tmpDir]) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
    for (const f of fs.readdirSync(this.tmpDir)) fs.rmSync(path.join(this.tmpDir, f), { force: true });
    await this.opts.db.queue.transaction((tx) => vaultRepo.enableSecureDelete(tx));
    const meta = await vaultRepo.getMeta(this.opts.db.reader);
    if (meta?.mode === 'keystore' && this.opts.keyStores.system) {
      try {
        await this.unlockFromKeyStore();
      } catch (err) {
        this.opts.logger.warn(`vault stays locked: ${err instanceof AppError ? err.message : 'the key store did not answer'}`);
      }
    }
    await this.gc();
  }

  // --- keys ---------------------------------------------------------------------------------------

  /** `unlocked` overrides the in-memory state for a result computed inside a transaction, before it commits. */
  async status(db: SqlRunner, unlocked = this.master !== null): Promise<VaultStatus> {
    const meta = await vaultRepo.getMeta(db);
    return {
      state: !meta ? 'uninitialized' : unlocked ? 'unlocked' : 'locked',
      mode: meta?.mode ?? null,
      backend: meta?.backend ?? null,
      systemKeyStore: this.opts.keyStores.system?.backend ?? null,
      passphraseSet: this.opts.keyStores.passphrase.exists(),
      createdAt: meta?.created_at ?? null,
      artifacts: meta ? await vaultRepo.countLive(db) : 0,
    };
  }

  /**
   * Before the transaction: the passphrase key is derived (scrypt tuning and derivation take a
   * quarter of a second or more). Inside it: the master key is stored and the vault recorded. The
   * key is kept in memory only once that committed; a rollback takes the stored key back out.
   */
  async prepareCreate(input: ParsedInput<'vault:create'>, ctx: CommandContext): Promise<Prepared<VaultCreated>> {
    if (await vaultRepo.getMeta(ctx.db)) throw new AppError('conflict', 'The vault already exists; unlock it instead.');
    const { system, passphrase: pstore } = this.opts.keyStores;
    if (input.mode === 'keystore' && !system) {
      throw new AppError(
        'unavailable',
        'No key store is available on this machine (no Electron safeStorage, no Secret Service/keychain). Choose a passphrase instead: the vault will not start without one.',
        [{ path: 'mode', message: 'no key store available; use mode passphrase' }],
      );
    }
    let derived: Buffer | null = null;
    let fresh: NewPassphraseStore | null = null;
    if (input.mode === 'passphrase') {
      const pass = input.passphrase!;
      checkPassphrase(pass);
      if (pstore.exists()) derived = await pstore.derive(pass);
      else {
        fresh = await pstore.prepareCreate(pass);
        derived = fresh.key;
      }
    }
    const master = randomBytes(32);
    const recovery = newRecoverySecret();
    let kept = false;
    return {
      run: async (c) => {
        if (await vaultRepo.getMeta(c.db)) throw new AppError('conflict', 'The vault already exists; unlock it instead.');
        const undo: Array<() => unknown> = [];
        this.opts.db.queue.onSettle((committed) => {
          if (committed) {
            kept = true;
            this.setMaster(master);
            if (derived) pstore.adopt(derived);
            return;
          }
          for (const u of undo.reverse()) {
            try {
              const r = u();
              if (r instanceof Promise) r.catch((err: unknown) => this.opts.logger.warn(`vault create: could not take back the stored key: ${describe(err)}`));
            } catch (err) {
              this.opts.logger.warn(`vault create: could not take back the stored key: ${describe(err)}`);
            }
          }
        });
        let backend: string;
        if (input.mode === 'keystore') {
          await system!.set(MASTER_KEY_ACCOUNT, master);
          undo.push(() => system!.delete(MASTER_KEY_ACCOUNT));
          backend = system!.backend;
        } else {
          if (fresh) {
            const f = fresh;
            pstore.commitCreate(f);
            undo.push(() => pstore.removeCreated(f));
          }
          pstore.setWith(derived!, MASTER_KEY_ACCOUNT, master);
          undo.push(() => pstore.deleteEntry(MASTER_KEY_ACCOUNT));
          backend = pstore.backend;
        }
        const rkey = recoveryWrappingKey(recovery);
        await vaultRepo.insertMeta(c.db, {
          mode: input.mode,
          backend,
          key_check: keyCheck(master),
          recovery_wrapped: seal(rkey, master, RECOVERY_AAD),
          created_at: new Date(c.now()).toISOString(),
          created_by: c.actor,
        });
        rkey.fill(0);
        const recoveryKey = formatRecoveryKey(recovery);
        c.changed('vault');
        return { recoveryKey, status: await this.status(c.db, true) };
      },
      release: () => {
        recovery.fill(0);
        if (kept) return;
        master.fill(0);
        derived?.fill(0);
      },
    };
  }

  /**
   * Before the transaction: the key is obtained and proven (a passphrase derivation, a key-store
   * read or the recovery key). Inside it: the unlock is recorded. Memory changes only on commit.
   */
  async prepareUnlock(input: ParsedInput<'vault:unlock'>, ctx: CommandContext): Promise<Prepared<VaultStatus>> {
    const meta = await vaultRepo.getMeta(ctx.db);
    if (!meta) throw new AppError('conflict', 'There is no vault yet: create one first (vault:create).');
    const system = this.opts.keyStores.system;
    const pstore = this.opts.keyStores.passphrase;
    let master: Buffer;
    let derived: Buffer | null = null;
    let repair = false;
    if (input.recoveryKey !== undefined) {
      const secret = parseRecoveryKey(input.recoveryKey);
      const rkey = recoveryWrappingKey(secret);
      secret.fill(0);
      const opened = open(rkey, meta.recovery_wrapped, RECOVERY_AAD);
      rkey.fill(0);
      if (!opened || !this.checks(opened, meta.key_check)) {
        opened?.fill(0);
        throw new AppError('forbidden', 'That recovery key does not open this vault.', [{ path: 'recoveryKey', message: 'does not open this vault' }]);
      }
      master = opened;
      // A lost key store is repaired: the master key goes back where the vault expects it.
      repair = meta.mode === 'keystore' && !!system;
    } else if (meta.mode === 'passphrase' || input.passphrase !== undefined) {
      if (meta.mode !== 'passphrase') throw new AppError('invalid_input', 'This vault keeps its key in the key store; unlock without a passphrase (or with the recovery key).', [{ path: 'passphrase', message: 'not used by a key-store vault' }]);
      if (input.passphrase === undefined) throw new AppError('invalid_input', 'This vault is protected by a passphrase.', [{ path: 'passphrase', message: 'is required' }]);
      derived = await pstore.derive(input.passphrase);
      const got = pstore.getWith(derived, MASTER_KEY_ACCOUNT);
      if (!got || !this.checks(got, meta.key_check)) {
        got?.fill(0);
        derived.fill(0);
        throw new AppError('forbidden', 'The passphrase key store does not hold this vault’s key; use the recovery key.', [{ path: 'passphrase', message: 'does not open this vault' }]);
      }
      master = got;
    } else {
      master = await this.keyFromKeyStore(meta);
    }
    let kept = false;
    return {
      run: async (c) => {
        const now = await vaultRepo.getMeta(c.db);
        if (!now || now.key_check !== meta.key_check) throw new AppError('conflict', 'The vault changed while it was being unlocked; try again.');
        this.opts.db.queue.onSettle((committed) => {
          if (!committed) return;
          kept = true;
          this.setMaster(master);
          if (derived) pstore.adopt(derived);
        });
        if (repair) {
          try {
            await system!.set(MASTER_KEY_ACCOUNT, master);
            if (meta.backend !== system!.backend) await vaultRepo.setBackend(c.db, system!.backend);
          } catch (err) {
            if (err instanceof AppError && err.code === 'storage_error') throw err;
            this.opts.logger.warn('vault unlocked with the recovery key, but the key store refused the master key');
          }
        }
        c.changed('vault');
        return this.status(c.db, true);
      },
      release: () => {
        if (kept) return;
        master.fill(0);
        derived?.fill(0);
      },
    };
  }

  /** Lock once the command's transaction commits: a lock that was not recorded did not happen. */
  lock(ctx: CommandContext): void {
    this.opts.db.queue.onSettle((committed) => {
      if (committed) this.wipeKeys();
    });
    ctx.changed('vault');
  }

  private wipeKeys(): void {
    this.master?.fill(0);
    this.master = null;
    // In passphrase mode the derived key could re-open the master key, so it goes too.
    this.opts.keyStores.passphrase.lock();
    for (const t of this.tickets.values()) t.bundleKey?.kek.fill(0);
    this.tickets.clear();
  }

  private async keyFromKeyStore(meta: VaultMetaRow): Promise<Buffer> {
    const system = this.opts.keyStores.system;
    if (!system) throw new AppError('unavailable', 'No key store is available on this machine; unlock with the recovery key.');
    const master = await system.get(MASTER_KEY_ACCOUNT);
    if (!master) throw new AppError('unavailable', `The ${system.backend} key store no longer holds the vault key; unlock with the recovery key.`);
    if (!this.checks(master, meta.key_check)) {
      master.fill(0);
      throw new AppError('forbidden', `The key in the ${system.backend} key store does not open this vault (wrong key); unlock with the recovery key.`);
    }
    return master;
  }

  private async unlockFromKeyStore(): Promise<void> {
    const meta = await vaultRepo.getMeta(this.opts.db.reader);
    if (!meta) throw new AppError('conflict', 'There is no vault yet.');
    this.setMaster(await this.keyFromKeyStore(meta));
  }

  private checks(master: Buffer, expected: string): boolean {
    if (master.length !== 32) return false;
    const a = Buffer.from(keyCheck(master), 'hex');
    const b = Buffer.from(expected, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private setMaster(master: Buffer): void {
    if (this.master && this.master !== master) this.master.fill(0);
    this.master = master;
  }

  private requireMaster(): Buffer {
    if (!this.master) throw new AppError('unavailable', 'The vault is locked: unlock it to import, preview or export evidence.');
    return this.master;
  }

  private dataKey(row: ArtifactRow): Buffer {
    const master = this.requireMaster();
    if (!row.wrapped_key) throw new AppError('conflict', `Artifact ${row.id} was deleted; its key was destroyed.`);
    const dek = open(master, row.wrapped_key, dekAad(row.id));
    if (!dek) throw new IntegrityError(`The data key of artifact ${row.id} does not authenticate (altered record or wrong master key).`);
    return dek;
  }

  // --- storage ------------------------------------------------------------------------------------

  blobPath(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new IntegrityError('Invalid blob hash.');
    return path.join(this.blobsDir, hash.slice(0, 2), hash);
  }

  /**
   * Encrypt a plaintext (or evidence-bundle) stream into a temp blob under a fresh data key. Runs
   * outside any database transaction, so a large upload never holds the write queue.
   */
  async stage(source: AsyncIterable<Uint8Array>, opts: { bundlePassphrase?: string | undefined; maxBytes?: number } = {}): Promise<string> {
    const master = this.requireMaster();
    this.expire();
    const artifactId = ulid(this.opts.now());
    const dek = randomBytes(32);
    const tmpPath = path.join(this.tmpDir, `${randomBytes(12).toString('hex')}.part`);
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
      throw err;
    } finally {
      dek.fill(0);
    }
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
    this.requireMaster();
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
      if (!APP_TRANSPORTS.has(ctx.transport)) {
        throw new AppError('forbidden', 'Imports from a path are only accepted from the app itself (its file dialog), not from a page; upload the file instead.', [
          { path: 'path', message: 'upload the file from a page' },
        ]);
      }
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
    this.requireMaster();
    let source = given;
    if (!this.staged.has(uploadId)) throw new AppError('not_found', 'No such upload (it expired or was already used).', [{ path: 'uploadId', message: 'unknown or expired' }]);
    const s = this.staged.get(uploadId)!;
    this.staged.delete(uploadId);
    try {
      if (s.bundle) source = 'bundle';
      const name = cleanName(s.bundle ? s.bundle.meta.name : input.name);
      const at = new Date(ctx.now()).toISOString();
      // The blob is in place (renamed and fsynced) before its row commits: a crash leaves at worst
      // an orphan blob, which garbage collection removes, never a row without its blob.
      const blob = this.blobPath(s.blobHash);
      fs.mkdirSync(path.dirname(blob), { recursive: true, mode: 0o700 });
      fs.renameSync(s.tmpPath, blob);
      fsyncDir(path.dirname(blob));
      fsyncDir(this.tmpDir);
      const mismatch = extensionMismatch(name, s.sniffed);
      await vaultRepo.insertArtifact(ctx.db, {
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
      });
      const detail: Record<string, unknown> = { name, size: s.size, contentType: s.sniffed.contentType, source, mismatch };
      if (s.bundle) {
        detail.bundle = { id: s.bundle.id, sourceArtifactId: s.bundle.meta.sourceArtifactId, incident: s.bundle.meta.incident, exportedAt: s.bundle.meta.exportedAt, exportedBy: s.bundle.meta.exportedBy, custodyHead: s.bundle.meta.custody.at(-1)?.hash ?? null };
      }
      await appendCustody(ctx.db, { artifactId: s.artifactId, at, actor: ctx.actor, action: 'import', ciphertextHash: s.blobHash, plaintextDigest: `sha256:${s.sha256}`, detail });
      const flag = mismatch ? ' — name does not match content' : '';
      const from = s.bundle ? ` from an evidence bundle (${s.bundle.meta.incident}, exported by ${s.bundle.meta.exportedBy})` : '';
      await this.record(ctx, inc.id, s.artifactId, 'import', `Evidence added to the vault${from}: “${name}” (${humanSize(s.size)}, ${s.sniffed.contentType}; sha256 ${s.sha256.slice(0, 12)}…)${flag}`, { name, size: s.size, sha256: s.sha256 });
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
    const dek = this.dataKey(row);
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
    this.requireMaster();
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
    await this.record(ctx, row.incident_id, row.id, 'view', `Evidence viewed: “${row.name}”`, { name: row.name });
    ctx.changed('artifacts', row.incident_id);
    return { artifact, kind: artifact.previewKind, dataBase64, text, truncated };
  }

  /** Before the transaction: the cheap refusals, then the bundle key's derivation (≥ 250 ms). */
  async prepareExport(input: ParsedInput<'artifacts:export'>, ctx: CommandContext): Promise<Prepared<ArtifactExport>> {
    const row = await this.requireArtifact(ctx.db, input.id);
    this.requireLive(row);
    this.requireMaster();
    this.checkExportDestination(input.destination, ctx);
    const key = input.format === 'bundle' ? await deriveBundleKey(input.passphrase!) : null;
    return {
      run: (c) => this.export(input, key, c),
      release: () => key?.kek.fill(0),
    };
  }

  private checkExportDestination(destination: string, ctx: CommandContext): void {
    if (destination === 'inline' || destination === 'download') return;
    // A page (browser host or Electron renderer) must not choose where files are written: with a
    // crafted artifact that is a write-anywhere primitive (autostart entries, shell profiles).
    // Pages use 'download'; the Electron shell's save dialog calls in-process with the chosen path.
    if (!APP_TRANSPORTS.has(ctx.transport)) {
      throw new AppError('forbidden', 'Exports to a path are only accepted from the app itself, not from a page; use destination "download".', [{ path: 'destination', message: 'use "download" from a page' }]);
    }
  }

  private async export(input: ParsedInput<'artifacts:export'>, key: BundleKey | null, ctx: CommandContext): Promise<ArtifactExport> {
    const row = await this.requireArtifact(ctx.db, input.id);
    this.requireLive(row);
    this.requireMaster();
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
    await this.record(ctx, row.incident_id, row.id, 'export', `Evidence exported ${how}: “${row.name}”${where === 'path' ? ` to ${input.destination}` : where === 'download' ? ' (download)' : ''}`, { name: row.name, format: input.format });
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
    if (resolvedDir === fs.realpathSync(this.dir) || resolvedDir.startsWith(fs.realpathSync(this.dir) + path.sep)) {
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
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('conflict', 'A file already exists at the destination; choose another name.', [{ path: 'destination', message: 'already exists' }]);
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
    await this.record(ctx, row.incident_id, row.id, 'delete', `Evidence deleted (key destroyed): “${row.name}” — ${input.reason}`, { name: row.name, reason: input.reason });
    ctx.changed('artifacts', row.incident_id);
    // The blob goes once this transaction has committed: GC queues behind it on the write queue.
    this.gc().catch(() => undefined);
    return this.summary((await vaultRepo.byId(ctx.db, row.id))!);
  }

  async custody(id: string, db: SqlRunner): Promise<CustodyEntry[]> {
    await this.requireArtifact(db, id);
    return (await custodyRepo.chain(db, id)).map(toCustody);
  }

  verify(db: SqlRunner, artifactId?: string) {
    return verifyCustody(db, artifactId);
  }

  private async record(ctx: CommandContext, incidentId: string, artifactId: string, action: CustodyAction, text: string, payload: Record<string, unknown>): Promise<void> {
    const kind = { import: 'artifact.imported', view: 'artifact.viewed', export: 'artifact.exported', delete: 'artifact.deleted' }[action];
    const ev = await ctx.log.append(ctx.db, { incidentId, actor: ctx.actor, kind, payload: { artifactId, ...payload } });
    await projectEntry(ctx, ev, 'system', text);
  }

  /**
   * Remove blobs no live artifact needs (deleted or orphaned by a crash) and stale temp files. Runs
   * as a write-queue transaction so no import can be between "blob renamed" and "row committed".
   */
  gc(): Promise<{ removed: number }> {
    const run = () =>
      this.opts.db.queue.transaction(async (tx) => {
        const live = await vaultRepo.liveBlobHashes(tx);
        let removed = 0;
        if (fs.existsSync(this.blobsDir)) {
          for (const sub of fs.readdirSync(this.blobsDir)) {
            const d = path.join(this.blobsDir, sub);
            if (!fs.statSync(d).isDirectory()) continue;
            for (const f of fs.readdirSync(d)) {
              if (!live.has(f)) {
                fs.rmSync(path.join(d, f), { force: true });
                removed++;
              }
            }
          }
        }
        if (fs.existsSync(this.tmpDir)) {
          for (const f of fs.readdirSync(this.tmpDir)) {
            const p = path.join(this.tmpDir, f);
            if (!this.activeTmp.has(p)) {
              fs.rmSync(p, { force: true });
              removed++;
            }
          }
        }
        return { removed };
      });
    const p = this.gcChain.then(run, run);
    this.gcChain = p.catch((err: unknown) => this.opts.logger.warn(`vault garbage collection failed: ${err instanceof Error ? err.message : String(err)}`));
    return p;
  }

  /** Resolves once queued garbage collection has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await this.gcChain;
  }

  close(): void {
    this.wipeKeys();
    for (const id of [...this.staged.keys()]) this.discardStaged(id);
  }
}
