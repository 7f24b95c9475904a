// The artifact vault: key lifecycle (create, unlock, lock, recovery), encrypted content-addressed
// blobs, streaming import and export, previews in memory, crypto-shredding, and the custody chain.
//
// Keys: a random 256-bit master key lives in the OS key store (safeStorage/keytar) or in the
// passphrase key store; a second copy is wrapped under the recovery key in vault_meta. Each
// artifact has its own random data key, wrapped under the master key (AAD = artifact id).
// Files (blobStore.ts): <dataDir>/vault/blobs/ab/<sha256 of ciphertext> with a sealed key file
// beside it (sidecar.ts), in-flight ciphertext in vault/tmp, blobs no row mentions in
// vault/orphans, and a copy of the vault record in vault/vault.json (header.ts). No plaintext is
// ever written inside the data directory. A blob is removed only when a row marks it shredded.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ulid } from 'ulid';
import type { ParsedInput } from '../../../shared/contract';
import type { DomainEvent } from '../../../shared/events';
import { AppError } from '../../../shared/errors';
import { VAULT_LIMITS, type ArtifactExport, type ArtifactPreview, type ArtifactSource, type ArtifactSummary, type CustodyEntry, type VaultCreated, type VaultMode, type VaultOrphan, type VaultStatus } from '../../../shared/domain/vault';
import type { Database } from '../db/database';
import type { SqlRunner } from '../db/sqlite';
import { fsyncDir } from '../keystore/atomicFile';
import type { KeyStores } from '../keystore/selectKeyStore';
import { checkPassphrase, type NewPassphraseStore } from '../keystore/passphraseKeyStore';
import { open, seal } from '../keystore/sealed';
import type { Logger } from '../logger';
import { custodyRepo, toCustody } from '../repositories/custodyRepo';
import { incidentsRepo } from '../repositories/incidentsRepo';
import { toArtifact, vaultRepo, type ArtifactRow, type NewArtifact, type VaultMetaRow } from '../repositories/vaultRepo';
import type { Prepared } from '../command';
import type { CommandContext } from '../command';
import { requireIncident } from '../incidents/incidents';
import { projectEntry } from '../timeline/timeline';
import { collect, drain, fromBuffer, readPrefix, tap } from './bytes';
import { deriveBundleKey, isBundle, readBundle, writeBundle, type BundleKey, type BundleMeta } from './bundle';
import { BlobStore, diskFull, type SweepResult } from './blobStore';
import { appendCustody } from './custody';
import { DEFAULT_CHUNK_SIZE, FORMAT_VERSION, decryptStream, encryptStream, IntegrityError } from './format';
import { hasHeader, headerPath, readHeader, removeHeader, writeHeader } from './header';
import { cleanName } from './names';
import { formatRecoveryKey, newRecoverySecret, parseRecoveryKey, recoveryWrappingKey } from './recovery';
import { openSidecar, sealSidecar, type SidecarData } from './sidecar';
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
  readonly orphansDir: string;
  private readonly store: BlobStore;
  private master: Buffer | null = null;
  private readonly staged = new Map<string, Staged>();
  private readonly tickets = new Map<string, Ticket>();
  private readonly activeTmp = new Set<string>();
  private gcChain: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: VaultOptions) {
    this.store = new BlobStore(opts.dataDir);
    this.dir = this.store.dir;
    this.blobsDir = this.store.blobsDir;
    this.tmpDir = this.store.tmpDir;
    this.orphansDir = this.store.orphansDir;
  }

  get keyStores(): KeyStores {
    return this.opts.keyStores;
  }

  isUnlocked(): boolean {
    return this.master !== null;
  }

  /**
   * Start-up: folders, the vault record put back from vault.json when the database lost it, a
   * silent unlock from the OS key store, then the sweep (leftover temp files go; blobs no row
   * mentions move to orphans/; nothing is deleted that a row does not mark shredded).
   */
  async init(): Promise<void> {
    this.store.prepare();
    this.store.cleanTmp(this.activeTmp);
    await this.opts.db.queue.transaction((tx) => vaultRepo.enableSecureDelete(tx));
    await this.reconcileRecord();
    const meta = await vaultRepo.getMeta(this.opts.db.reader);
    if (meta?.mode === 'keystore' && this.opts.keyStores.system) {
      try {
        await this.unlockFromKeyStore();
      } catch (err) {
        this.opts.logger.warn(`vault stays locked: ${err instanceof AppError ? err.message : 'the key store did not answer'}`);
      }
    }
    await this.gc();
    if (this.master) await this.backfillSidecars();
  }

  /** The vault record lives in the database and in vault.json; whichever is missing is rewritten from the other. */
  private async reconcileRecord(): Promise<void> {
    const meta = await vaultRepo.getMeta(this.opts.db.reader);
    const header = readHeader(this.dir);
    if (meta && !header) writeHeader(this.dir, meta);
    else if (!meta && header) {
      await this.opts.db.queue.transaction((tx) => vaultRepo.insertMeta(tx, header));
      this.opts.logger.warn(`The database had no vault record (it was replaced or restored); it was put back from ${headerPath(this.dir)}. Unlock the vault to re-attach orphaned evidence.`);
    } else if (meta && header && meta.key_check !== header.key_check) {
      this.opts.logger.warn(`${headerPath(this.dir)} describes a different vault key than the database; the database's record is used and the file is left as it is.`);
    }
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
      orphans: this.store.countOrphans(),
    };
  }

  /**
   * Before the transaction: the passphrase key is derived (scrypt tuning and derivation take a
   * quarter of a second or more). Inside it: the master key is stored and the vault recorded. The
   * key is kept in memory only once that committed; a rollback takes the stored key back out.
   */
  async prepareCreate(input: ParsedInput<'vault:create'>, ctx: CommandContext): Promise<Prepared<VaultCreated>> {
    await this.refuseSecondVault(ctx.db, input.mode);
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
        await this.refuseSecondVault(c.db, input.mode);
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
        const recoveryKey = formatRecoveryKey(recovery);
        let meta: VaultMetaRow;
        try {
          meta = await this.storeNewKey(input.mode, master, derived, fresh, recovery, undo, c);
        } catch (err) {
          throw diskFull(err, 'storing the vault key');
        } finally {
          // Shown once, in the result; the secret itself is not kept.
          recovery.fill(0);
        }
        await vaultRepo.insertMeta(c.db, meta);
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
          this.backfillSidecars().catch((err: unknown) => this.opts.logger.warn(`vault: could not write missing key files: ${describe(err)}`));
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

  /** The file side of vault:create: the master key into its store, the record into vault.json; each step undoable. */
  private async storeNewKey(
    mode: VaultMode,
    master: Buffer,
    derived: Buffer | null,
    fresh: NewPassphraseStore | null,
    recovery: Buffer,
    undo: Array<() => unknown>,
    c: CommandContext,
  ): Promise<VaultMetaRow> {
    const { system, passphrase: pstore } = this.opts.keyStores;
    let backend: string;
    if (mode === 'keystore') {
      await system!.set(MASTER_KEY_ACCOUNT, master);
      undo.push(() => system!.delete(MASTER_KEY_ACCOUNT));
      backend = system!.backend;
    } else {
      if (fresh) {
        pstore.commitCreate(fresh);
        undo.push(() => pstore.removeCreated(fresh));
      }
      pstore.setWith(derived!, MASTER_KEY_ACCOUNT, master);
      undo.push(() => pstore.deleteEntry(MASTER_KEY_ACCOUNT));
      backend = pstore.backend;
    }
    const rkey = recoveryWrappingKey(recovery);
    const meta: VaultMetaRow = {
      mode,
      backend,
      key_check: keyCheck(master),
      recovery_wrapped: seal(rkey, master, RECOVERY_AAD),
      created_at: new Date(c.now()).toISOString(),
      created_by: c.actor,
    };
    rkey.fill(0);
    writeHeader(this.dir, meta);
    undo.push(() => removeHeader(this.dir));
    return meta;
  }

  /**
   * A second vault must never replace the first one's master key: every blob, and every orphan's
   * key file, is sealed under it. Refused while a vault record exists (in the database or in
   * vault.json) or while the store the new vault would use already holds a master key.
   */
  private async refuseSecondVault(db: SqlRunner, mode: VaultMode): Promise<void> {
    const unlockHint = 'Unlock it instead (with its passphrase or key store), or use its recovery key.';
    if (await vaultRepo.getMeta(db)) throw new AppError('conflict', `The vault already exists. ${unlockHint}`);
    if (hasHeader(this.dir)) throw new AppError('conflict', `This data folder already has a vault (${headerPath(this.dir)}). ${unlockHint}`);
    const { system, passphrase } = this.opts.keyStores;
    if (mode === 'keystore' && system) {
      const existing = await system.get(MASTER_KEY_ACCOUNT);
      existing?.fill(0);
      if (existing) {
        throw new AppError(
          'conflict',
          `The ${system.backend} key store already holds a vault master key (of this data folder's vault, or of another Command Post data folder on this machine). A new vault would overwrite it and make that evidence unreadable. ${unlockHint} Or create a passphrase vault.`,
          [{ path: 'mode', message: 'the key store already holds a vault master key' }],
        );
      }
    }
    if (mode === 'passphrase' && passphrase.has(MASTER_KEY_ACCOUNT)) {
      throw new AppError('conflict', `The console's passphrase key store already holds a vault master key. A new vault would overwrite it and make that evidence unreadable. ${unlockHint}`, [
        { path: 'mode', message: 'the passphrase key store already holds a vault master key' },
      ]);
    }
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
    return this.store.blobPath(hash);
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
    this.requireMaster();
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
      this.store.install(s.tmpPath, s.blobHash, sealSidecar(this.requireMaster(), s.blobHash, sidecarOf(row, inc)));
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
    await this.record(ctx, row.incident_id, `Evidence viewed: “${row.name}”`, { kind: 'artifact.viewed', payload: { artifactId: row.id, name: row.name } });
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
        if (swept.orphaned > 0) this.opts.logger.warn(`vault: ${swept.orphaned} encrypted blob(s) that no database row mentions were moved to ${this.orphansDir}; nothing was deleted. Unlock the vault to re-attach them.`);
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
      const master = this.master;
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
    if (!this.master) return { problem: 'The vault is locked: unlock it to read the key file.' };
    const data = openSidecar(this.master, hash, raw);
    if (!data) return { problem: 'Its key file does not open with this vault’s key (it belongs to another vault, or it was altered).' };
    return { data };
  }

  /**
   * Before the transaction: the orphan's key file is opened and the whole blob decrypted and checked
   * against its recorded digest (outside the write queue, however large). Inside it: the blob moves
   * back into blobs/ and its row is re-created; a new custody chain records the re-attachment.
   */
  async prepareReattach(input: ParsedInput<'vault:reattach'>, ctx: CommandContext): Promise<Prepared<ArtifactSummary>> {
    const master = this.requireMaster();
    const file = this.store.listOrphans().find((o) => o.hash === input.blobHash);
    if (!file) throw new AppError('not_found', `No orphaned blob ${input.blobHash.slice(0, 12)}… in ${this.orphansDir}.`, [{ path: 'blobHash', message: 'no such orphan' }]);
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
    this.requireMaster();
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
    this.store.writeSidecar(hash, sealSidecar(this.requireMaster(), hash, sidecarOf(row, inc)));
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

  /** Resolves once queued garbage collection has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await this.gcChain;
  }

  close(): void {
    this.wipeKeys();
    for (const id of [...this.staged.keys()]) this.discardStaged(id);
  }
}
