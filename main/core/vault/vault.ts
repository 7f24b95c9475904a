// The artifact vault: its key lifecycle (keys.ts), the encrypted blob store (blobStore.ts) and the
// evidence use cases (artifacts.ts), put together and started here. The vault record lives in the
// database and in vault/vault.json (header.ts), so either can be rebuilt from the other.
import type { VaultStatus } from '../../../shared/domain/vault';
import { AppError } from '../../../shared/errors';
import type { Database } from '../db/database';
import type { SqlRunner } from '../db/sqlite';
import type { KeyStores } from '../keystore/selectKeyStore';
import type { Logger } from '../logger';
import { vaultRepo } from '../repositories/vaultRepo';
import { Artifacts } from './artifacts';
import { BlobStore } from './blobStore';
import { VaultKeys } from './keys';

export interface VaultOptions {
  dataDir: string;
  db: Database;
  keyStores: KeyStores;
  now: () => number;
  logger: Logger;
}

export class Vault {
  readonly store: BlobStore;
  readonly keys: VaultKeys;
  readonly artifacts: Artifacts;

  constructor(private readonly opts: VaultOptions) {
    this.store = new BlobStore(opts.dataDir);
    this.keys = new VaultKeys({
      db: opts.db,
      keyStores: opts.keyStores,
      store: this.store,
      logger: opts.logger,
      onUnlocked: () => {
        this.artifacts.backfillSidecars().catch((err: unknown) => opts.logger.warn(`vault: could not write missing key files: ${err instanceof Error ? err.message : String(err)}`));
      },
      onLocked: () => this.artifacts.dropTickets(),
    });
    this.artifacts = new Artifacts({ db: opts.db, store: this.store, keys: this.keys, now: opts.now, logger: opts.logger });
  }

  get dir(): string {
    return this.store.dir;
  }

  isUnlocked(): boolean {
    return this.keys.isUnlocked();
  }

  status(db: SqlRunner): Promise<VaultStatus> {
    return this.keys.status(db);
  }

  /**
   * Start-up: folders, the vault record put back from vault.json when the database lost it, a
   * silent unlock from the OS key store, then the sweep (leftover temp files go; blobs no row
   * mentions move to orphans/; nothing is deleted that a row does not mark shredded).
   */
  async init(): Promise<void> {
    this.store.prepare();
    this.artifacts.cleanTmp();
    await this.opts.db.queue.transaction((tx) => vaultRepo.enableSecureDelete(tx));
    await this.keys.reconcileRecord();
    const meta = await vaultRepo.getMeta(this.opts.db.reader);
    if (meta?.mode === 'keystore' && this.opts.keyStores.system) {
      try {
        await this.keys.unlockFromKeyStore();
      } catch (err) {
        this.opts.logger.warn(`vault stays locked: ${err instanceof AppError ? err.message : 'the key store did not answer'}`);
      }
    }
    await this.artifacts.gc();
    if (this.keys.isUnlocked()) await this.artifacts.backfillSidecars();
  }

  /** Resolves once queued garbage collection has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.artifacts.idle();
  }

  close(): void {
    this.keys.wipe();
    this.artifacts.close();
  }
}
