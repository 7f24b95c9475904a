// A KeyStore backed by Electron's safeStorage (Keychain on macOS, DPAPI on Windows, Secret Service /
// KWallet on Linux). Only ciphertexts are written, as base64 in one JSON file under the data dir,
// mode 0600, replaced atomically. On Linux the 'basic_text' backend (a hard-coded key: obfuscation,
// not protection) and an undetermined backend are refused, so callers fall back to another KeyStore
// (keytar or a passphrase) instead of storing secrets under a fake lock.
// Uses the async safeStorage API (the sync one is deprecated since Electron 39).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { safeStorage as electronSafeStorage } from 'electron';
import type { KeyStore } from '../core';

export type SafeStorageLike = Pick<
  typeof electronSafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export interface SafeStorageKeyStoreOptions {
  dataDir: string;
  fileName?: string;
  safeStorage?: SafeStorageLike;
  platform?: NodeJS.Platform;
}

interface SecretsFile {
  version: 1;
  backend: 'safeStorage';
  entries: Record<string, string>;
}

const ACCOUNT = /^[A-Za-z0-9._:@/-]{1,200}$/;
/** Linux backends that are real OS-protected stores. */
const LINUX_REAL_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

export class KeyStoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyStoreUnavailableError';
  }
}

function checkAccount(account: string): void {
  if (typeof account !== 'string' || !ACCOUNT.test(account) || account === '__proto__') {
    throw new TypeError('KeyStore account must be 1–200 characters of A–Z a–z 0–9 . _ : @ / -');
  }
}

export class SafeStorageKeyStore implements KeyStore {
  readonly backend = 'safeStorage';
  readonly file: string;
  private readonly ss: SafeStorageLike;
  private readonly platform: NodeJS.Platform;
  /** Writes are serialized so two concurrent set() calls cannot lose each other's entry. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(opts: SafeStorageKeyStoreOptions) {
    this.file = path.join(opts.dataDir, opts.fileName ?? 'secrets.safestorage.json');
    this.ss = opts.safeStorage ?? electronSafeStorage;
    this.platform = opts.platform ?? process.platform;
  }

  /** Why this store cannot be used right now, or null when it can. */
  async unavailableReason(): Promise<string | null> {
    if (this.platform === 'linux') {
      const b = this.ss.getSelectedStorageBackend();
      if (b === 'basic_text') return 'safeStorage uses the basic_text backend on this Linux desktop (a fixed key, not real protection).';
      if (!LINUX_REAL_BACKENDS.has(b)) return `safeStorage backend is "${b}" (no Secret Service or KWallet detected yet).`;
    }
    let ok = false;
    try {
      ok = await this.ss.isAsyncEncryptionAvailable();
    } catch {
      ok = false;
    }
    return ok ? null : 'OS encryption is not available (is the keyring unlocked?).';
  }

  async isAvailable(): Promise<boolean> {
    return (await this.unavailableReason()) === null;
  }

  async get(account: string): Promise<Buffer | null> {
    checkAccount(account);
    await this.requireAvailable();
    await this.chain;
    const data = await this.read();
    const entry = Object.prototype.hasOwnProperty.call(data.entries, account) ? data.entries[account] : undefined;
    if (entry === undefined) return null;
    const { result, shouldReEncrypt } = await this.ss.decryptStringAsync(Buffer.from(entry, 'base64'));
    const secret = Buffer.from(result, 'base64');
    // The OS key was rotated: store the secret again under the current key.
    if (shouldReEncrypt) await this.set(account, secret);
    return secret;
  }

  async set(account: string, secret: Buffer): Promise<void> {
    checkAccount(account);
    if (!Buffer.isBuffer(secret)) throw new TypeError('KeyStore secret must be a Buffer');
    await this.requireAvailable();
    const cipher = await this.ss.encryptStringAsync(secret.toString('base64'));
    await this.mutate((entries) => {
      entries[account] = cipher.toString('base64');
      return true;
    });
  }

  async delete(account: string): Promise<boolean> {
    checkAccount(account);
    return this.mutate((entries) => {
      if (!Object.prototype.hasOwnProperty.call(entries, account)) return false;
      delete entries[account];
      return true;
    });
  }

  private async requireAvailable(): Promise<void> {
    const reason = await this.unavailableReason();
    if (reason) throw new KeyStoreUnavailableError(reason);
  }

  private mutate(change: (entries: Record<string, string>) => boolean): Promise<boolean> {
    const run = this.chain.then(async () => {
      const data = await this.read();
      const changed = change(data.entries);
      if (changed) await this.write(data);
      return changed;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, backend: 'safeStorage', entries: Object.create(null) as Record<string, string> };
      throw err;
    }
    const parsed = JSON.parse(text) as Partial<SecretsFile>;
    if (parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) {
      throw new Error(`${path.basename(this.file)} is not a Command Post secrets file (version ${String(parsed.version)}).`);
    }
    const entries = Object.create(null) as Record<string, string>;
    for (const [k, v] of Object.entries(parsed.entries)) if (typeof v === 'string') entries[k] = v;
    return { version: 1, backend: 'safeStorage', entries };
  }

  private async write(data: SecretsFile): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ version: 1, backend: 'safeStorage', entries: { ...data.entries } }, null, 2));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, this.file);
    await fs.chmod(this.file, 0o600).catch(() => undefined); // no-op on Windows
  }
}

export function createSafeStorageKeyStore(opts: SafeStorageKeyStoreOptions): SafeStorageKeyStore {
  return new SafeStorageKeyStore(opts);
}
