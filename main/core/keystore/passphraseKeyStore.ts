// The key store of last resort: secrets sealed under a key derived from a passphrase (scrypt,
// ≥ 250 ms). The file holds only the KDF parameters, a check box and sealed entries; the derived
// key lives in memory between unlock() and lock(). Shared by the vault and integration secrets, so
// one passphrase unlocks the console.
//
// The slow derivation is separate from the state change (derive()/prepareCreate() then adopt()),
// so a caller can derive before its write transaction and adopt the key only once it committed.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { checkParams, deriveKey, tuneScrypt, type ScryptParams } from './kdf';
import type { KeyStore } from './keyStore';
import { open, seal } from './sealed';
import { writeFileAtomic } from './atomicFile';

export const PASSPHRASE_MIN_LENGTH = 8;
const FILE_NAME = 'passphrase-keystore.json';
const CHECK_AAD = 'command-post passphrase keystore v1 check';
const entryAad = (account: string) => `command-post passphrase keystore v1 entry:${account}`;

interface StoreFile {
  format: 'command-post-passphrase-keystore';
  version: 1;
  kdf: ScryptParams;
  check: string;
  entries: Record<string, string>;
}

/** A store prepared by prepareCreate(): its derived key and the file to write. */
export interface NewPassphraseStore {
  readonly key: Buffer;
  readonly data: StoreFile;
}

export class PassphraseKeyStore implements KeyStore {
  readonly backend = 'passphrase';
  private key: Buffer | null = null;
  readonly file: string;

  constructor(dir: string) {
    this.file = path.join(dir, FILE_NAME);
  }

  /** True once a passphrase has been chosen on this console. */
  exists(): boolean {
    return fs.existsSync(this.file);
  }

  isUnlocked(): boolean {
    return this.key !== null;
  }

  async isAvailable(): Promise<boolean> {
    return this.key !== null;
  }

  /** Choose the passphrase: tune scrypt, derive the key, write the file. Leaves the store unlocked. */
  async create(passphrase: string): Promise<void> {
    const fresh = await this.prepareCreate(passphrase);
    this.commitCreate(fresh);
    this.adopt(fresh.key);
  }

  /** The slow half of create(): tune scrypt and derive the key; writes nothing. */
  async prepareCreate(passphrase: string): Promise<NewPassphraseStore> {
    checkPassphrase(passphrase);
    if (this.exists()) throw new AppError('conflict', 'A passphrase has already been chosen on this console; unlock with it instead.');
    const kdf = await tuneScrypt();
    const key = await deriveKey(passphrase, kdf);
    return { key, data: { format: 'command-post-passphrase-keystore', version: 1, kdf, check: seal(key, randomBytes(16), CHECK_AAD).toString('base64'), entries: {} } };
  }

  /** The quick half of create(): write the file prepared by prepareCreate() (refused if one exists by now). */
  commitCreate(fresh: NewPassphraseStore): void {
    if (this.exists()) throw new AppError('conflict', 'A passphrase has already been chosen on this console; unlock with it instead.');
    this.write(fresh.data);
  }

  /** Undo commitCreate() when what it was written for did not commit. */
  removeCreated(fresh: NewPassphraseStore): void {
    const data = this.readOrNull();
    if (data && data.check === fresh.data.check && Object.keys(data.entries).length === 0) fs.rmSync(this.file, { force: true });
  }

  /** Derive the key and prove it against the check box; a wrong passphrase fails closed. */
  async unlock(passphrase: string): Promise<void> {
    this.adopt(await this.derive(passphrase));
  }

  /** The slow half of unlock(): the proven key, without unlocking the store. A wrong passphrase fails closed. */
  async derive(passphrase: string): Promise<Buffer> {
    const data = this.read();
    const key = await deriveKey(passphrase, data.kdf);
    if (!open(key, Buffer.from(data.check, 'base64'), CHECK_AAD)) {
      key.fill(0);
      throw new AppError('forbidden', 'Wrong passphrase.', [{ path: 'passphrase', message: 'does not unlock this console' }]);
    }
    return key;
  }

  /** Unlock with a key from derive() or prepareCreate(); the store takes ownership of the buffer. */
  adopt(key: Buffer): void {
    if (this.key === key) return;
    this.lock();
    this.key = key;
  }

  /** Whether an entry exists; account names are not secret, so this needs no unlock. */
  has(account: string): boolean {
    const data = this.readOrNull();
    return !!data && Object.prototype.hasOwnProperty.call(data.entries, account);
  }

  /** Wipe the derived key from memory. */
  lock(): void {
    this.key?.fill(0);
    this.key = null;
  }

  async get(account: string): Promise<Buffer | null> {
    return this.getWith(this.requireKey(), account);
  }

  /** get() with an explicit key (from derive()), before the store is unlocked. */
  getWith(key: Buffer, account: string): Buffer | null {
    const box = this.read().entries[account];
    if (box === undefined) return null;
    const plain = open(key, Buffer.from(box, 'base64'), entryAad(account));
    if (!plain) throw new AppError('storage_error', `The key store entry "${account}" does not authenticate; it was altered or belongs to another passphrase.`);
    return plain;
  }

  async set(account: string, secret: Buffer): Promise<void> {
    this.setWith(this.requireKey(), account, secret);
  }

  /** set() with an explicit key (from derive() or prepareCreate()), before the store is unlocked. */
  setWith(key: Buffer, account: string, secret: Buffer): void {
    const data = this.read();
    data.entries[account] = seal(key, secret, entryAad(account)).toString('base64');
    this.write(data);
  }

  async delete(account: string): Promise<boolean> {
    this.requireKey();
    return this.deleteEntry(account);
  }

  /** Remove an entry without the key: undoes a setWith() whose purpose did not commit. */
  deleteEntry(account: string): boolean {
    const data = this.read();
    if (!(account in data.entries)) return false;
    delete data.entries[account];
    this.write(data);
    return true;
  }

  private requireKey(): Buffer {
    if (!this.key) throw new AppError('unavailable', 'The passphrase key store is locked: unlock it with the passphrase first.');
    return this.key;
  }

  /** The folder is ours alone (0700) even when it existed before with looser modes; the file is 0600. */
  private write(data: StoreFile): void {
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if ((fs.lstatSync(dir).mode & 0o777) !== 0o700) fs.chmodSync(dir, 0o700);
    writeFileAtomic(this.file, JSON.stringify(data, null, 2));
  }

  private readOrNull(): StoreFile | null {
    if (!this.exists()) return null;
    return this.read();
  }

  private read(): StoreFile {
    let raw: string;
    try {
      raw = fs.readFileSync(this.file, 'utf8');
    } catch {
      throw new AppError('conflict', 'No passphrase has been chosen on this console yet.');
    }
    let data: StoreFile;
    try {
      data = JSON.parse(raw) as StoreFile;
    } catch {
      throw new AppError('storage_error', `${FILE_NAME} is damaged (not JSON).`);
    }
    if (data.format !== 'command-post-passphrase-keystore' || data.version !== 1 || typeof data.check !== 'string' || typeof data.entries !== 'object' || data.entries === null) {
      throw new AppError('storage_error', `${FILE_NAME} is not a Command Post key store of a version this build understands.`);
    }
    data.kdf = checkParams(data.kdf);
    return data;
  }
}

export function checkPassphrase(passphrase: string, field = 'passphrase'): void {
  if ([...passphrase].length < PASSPHRASE_MIN_LENGTH) {
    throw new AppError('invalid_input', `The passphrase must be at least ${PASSPHRASE_MIN_LENGTH} characters.`, [{ path: field, message: `must be at least ${PASSPHRASE_MIN_LENGTH} characters` }]);
  }
}
