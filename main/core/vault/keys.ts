// The vault's key lifecycle: create, unlock (passphrase, OS key store or recovery key), lock, and
// the master key that wraps each artifact's data key.
//
// A random 256-bit master key lives in the OS key store (safeStorage/keytar) or in the passphrase
// key store; a second copy is wrapped under the recovery key in vault_meta (and vault.json). Each
// artifact has its own random data key, wrapped under the master key with the artifact id as AAD.
// Keys are kept in memory only once the command that produced them has committed.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ParsedInput } from '../../../shared/contract';
import type { VaultCreated, VaultMode, VaultStatus } from '../../../shared/domain/vault';
import { AppError } from '../../../shared/errors';
import type { CommandContext, Prepared } from '../command';
import type { Database } from '../db/database';
import type { SqlRunner } from '../db/sqlite';
import { checkPassphrase, type NewPassphraseStore } from '../keystore/passphraseKeyStore';
import { open, seal } from '../keystore/sealed';
import type { KeyStores } from '../keystore/selectKeyStore';
import type { Logger } from '../logger';
import { vaultRepo, type ArtifactRow, type VaultMetaRow } from '../repositories/vaultRepo';
import { diskFull, type BlobStore } from './blobStore';
import { IntegrityError } from './format';
import { hasHeader, headerPath, readHeader, removeHeader, writeHeader } from './header';
import { formatRecoveryKey, newRecoverySecret, parseRecoveryKey, recoveryWrappingKey } from './recovery';

export const MASTER_KEY_ACCOUNT = 'vault-master-key';
const KEY_CHECK_LABEL = 'command-post vault key check v1';
/** A data key is bound to its artifact: unwrapped under another artifact's id it does not open. */
export const dekAad = (artifactId: string) => `command-post vault dek v1:${artifactId}`;
const RECOVERY_AAD = 'command-post vault master key (recovery copy) v1';

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

function keyCheck(master: Buffer): string {
  return createHmac('sha256', master).update(KEY_CHECK_LABEL).digest('hex');
}

export interface VaultKeysOptions {
  db: Database;
  keyStores: KeyStores;
  store: BlobStore;
  logger: Logger;
  /** After an unlock committed (e.g. write the key files a locked vault could not). */
  onUnlocked(): void;
  /** After the keys were wiped: drop whatever was derived from them. */
  onLocked(): void;
}

export class VaultKeys {
  private master: Buffer | null = null;

  constructor(private readonly opts: VaultKeysOptions) {}

  get keyStores(): KeyStores {
    return this.opts.keyStores;
  }

  isUnlocked(): boolean {
    return this.master !== null;
  }

  /** The master key while unlocked, else null (for work that simply waits for an unlock). */
  current(): Buffer | null {
    return this.master;
  }

  /** The vault record lives in the database and in vault.json; whichever is missing is rewritten from the other. */
  async reconcileRecord(): Promise<void> {
    const meta = await vaultRepo.getMeta(this.opts.db.reader);
    const header = readHeader(this.opts.store.dir);
    if (meta && !header) writeHeader(this.opts.store.dir, meta);
    else if (!meta && header) {
      await this.opts.db.queue.transaction((tx) => vaultRepo.insertMeta(tx, header));
      this.opts.logger.warn(`The database had no vault record (it was replaced or restored); it was put back from ${headerPath(this.opts.store.dir)}. Unlock the vault to re-attach orphaned evidence.`);
    } else if (meta && header && meta.key_check !== header.key_check) {
      this.opts.logger.warn(`${headerPath(this.opts.store.dir)} describes a different vault key than the database; the database's record is used and the file is left as it is.`);
    }
  }

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
      orphans: this.opts.store.countOrphans(),
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
          this.opts.onUnlocked();
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
    writeHeader(this.opts.store.dir, meta);
    undo.push(() => removeHeader(this.opts.store.dir));
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
    if (hasHeader(this.opts.store.dir)) throw new AppError('conflict', `This data folder already has a vault (${headerPath(this.opts.store.dir)}). ${unlockHint}`);
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
      if (committed) this.wipe();
    });
    ctx.changed('vault');
  }

  /** Forget every key in memory (lock, shutdown); what was derived from them goes too (onLocked). */
  wipe(): void {
    this.master?.fill(0);
    this.master = null;
    // In passphrase mode the derived key could re-open the master key, so it goes too.
    this.opts.keyStores.passphrase.lock();
    this.opts.onLocked();
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

  /** Start-up: a vault whose key lives in the OS key store opens without asking anyone. */
  async unlockFromKeyStore(): Promise<void> {
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

  requireMaster(): Buffer {
    if (!this.master) throw new AppError('unavailable', 'The vault is locked: unlock it to import, preview or export evidence.');
    return this.master;
  }

  /** The artifact's data key, unwrapped under the master key (bound to the artifact id). */
  dataKey(row: ArtifactRow): Buffer {
    const master = this.requireMaster();
    if (!row.wrapped_key) throw new AppError('conflict', `Artifact ${row.id} was deleted; its key was destroyed.`);
    const dek = open(master, row.wrapped_key, dekAad(row.id));
    if (!dek) throw new IntegrityError(`The data key of artifact ${row.id} does not authenticate (altered record or wrong master key).`);
    return dek;
  }
}
