// The key that makes the audit and custody chains tamper-evident against someone who holds the
// data folder: a random 256-bit secret kept in the key store (never in the folder in the clear),
// created on first use. Checkpoint MACs use a subkey per log derived from it.
//
// The key store is not always open: the passphrase store is locked after every restart of the
// browser host until the user unlocks, and a machine may have no OS store and no passphrase at
// all. Commands never wait for it; entries written meanwhile are keyed by the next checkpoint
// once a key is at hand (see integrity.ts). Once loaded, the key stays in memory for the life of
// the process, also after vault:lock: it only vouches for integrity and opens nothing, and keeping
// it means evidence handled while the vault is locked is still keyed.
//
// A console may see two stores over time (the app's safeStorage, the host's keytar or passphrase
// store on the same folder), so checkpoints name their key by id and every loadable key is kept.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyStore } from '../keystore/keyStore';
import type { KeyStores } from '../keystore/selectKeyStore';
import type { IntegrityLog } from '../repositories/checkpointRepo';

export const INTEGRITY_KEY_ACCOUNT = 'integrity-chain-key';

interface LoadedKey {
  id: string;
  subkeys: Record<IntegrityLog, Buffer>;
}

export function keyIdOf(root: Buffer): string {
  return createHash('sha256').update(createHmac('sha256', root).update('command-post integrity key id v1').digest()).digest('hex').slice(0, 16);
}

function load(root: Buffer): LoadedKey {
  const sub = (log: IntegrityLog) => createHmac('sha256', root).update(`command-post ${log} checkpoint key v1`).digest();
  return { id: keyIdOf(root), subkeys: { audit: sub('audit'), custody: sub('custody') } };
}

/** The MAC of one checkpoint: the log, the entry it covers, the digest through it, the key's id. */
export function checkpointMac(subkey: Buffer, log: IntegrityLog, seq: number, digest: string, keyId: string): string {
  return createHmac('sha256', subkey).update(`command-post ${log} checkpoint v1\n${seq}\n${digest}\n${keyId}`).digest('hex');
}

export class IntegrityKeys {
  private readonly keys = new Map<string, LoadedKey>();
  private signing: LoadedKey | null = null;
  private readonly probed = new Set<KeyStore>();
  private problem: string | null = null;

  constructor(private readonly stores: KeyStores) {}

  /** The key new checkpoints are made with, or null while no key store is open. */
  get signingKeyId(): string | null {
    return this.signing?.id ?? null;
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  mac(log: IntegrityLog, keyId: string, seq: number, digest: string): string | null {
    const k = this.keys.get(keyId);
    return k ? checkpointMac(k.subkeys[log], log, seq, digest, keyId) : null;
  }

  /** True when the MAC verifies; null when this console has no such key. */
  check(log: IntegrityLog, keyId: string, seq: number, digest: string, mac: string): boolean | null {
    const expected = this.mac(log, keyId, seq, digest);
    if (expected === null) return null;
    const a = Buffer.from(expected, 'hex');
    const b = Buffer.from(mac, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** True while some store has not been read yet (it may be locked): refresh() may find more. */
  get incomplete(): boolean {
    return this.order().some((store) => !this.probed.has(store));
  }

  private order(): KeyStore[] {
    const { system, passphrase, selected } = this.stores;
    return [...new Set([selected, system, passphrase])].filter((s): s is KeyStore => s !== null);
  }

  private async isOpen(store: KeyStore): Promise<boolean> {
    try {
      return await store.isAvailable();
    } catch {
      return false;
    }
  }

  /**
   * Read the key from every store that is open now and was not read yet (the selected store first,
   * so its key signs); create it in the first open store when none holds one. Never throws: a store
   * that fails is noted and skipped.
   */
  async refresh(): Promise<void> {
    for (const store of this.order()) {
      if (this.probed.has(store) || !(await this.isOpen(store))) continue;
      try {
        const root = await store.get(INTEGRITY_KEY_ACCOUNT);
        this.probed.add(store);
        if (root) this.add(root);
      } catch (err) {
        this.problem = `the ${store.backend} key store did not answer (${err instanceof Error ? err.message : String(err)})`;
      }
    }
    if (this.signing) return;
    for (const store of this.order()) {
      if (!(await this.isOpen(store))) continue;
      try {
        await store.set(INTEGRITY_KEY_ACCOUNT, randomBytes(32));
        // Read back what the store holds: another console sharing the store may have won a race.
        const root = await store.get(INTEGRITY_KEY_ACCOUNT);
        this.probed.add(store);
        if (root) this.add(root);
        this.problem = null;
      } catch (err) {
        this.problem = `the ${store.backend} key store refused the integrity key (${err instanceof Error ? err.message : String(err)})`;
      }
      return;
    }
  }

  private add(root: Buffer): void {
    const k = load(root);
    root.fill(0);
    this.keys.set(k.id, k);
    // One signing key for the life of the process; the selected store is read first, so its key wins.
    this.signing ??= k;
  }

  /** Why no key is at hand, in words for the user; null when one is. */
  unavailableReason(): string | null {
    if (this.signing) return null;
    if (this.problem) return this.problem;
    const { system, passphrase } = this.stores;
    if (!system && !passphrase.exists()) {
      return 'no key store: this machine has no OS key store and no passphrase has been chosen yet (create the vault with a passphrase to key the chains)';
    }
    if (!system) return 'the passphrase key store is locked since this console started: unlock it (vault:unlock) and these entries are keyed';
    return `the ${system.backend} key store is not available`;
  }
}
