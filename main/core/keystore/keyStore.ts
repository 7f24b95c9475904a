// Where secrets live: integration credentials and the vault master key never sit in SQLite or logs
// in the clear. Backends: Electron safeStorage (main/app), keytar / Secret Service where it loads,
// and a passphrase-derived key otherwise. The core only ever sees this interface.
export interface KeyStore {
  /** Stable backend name shown to the user, e.g. 'safeStorage', 'keytar', 'passphrase'. */
  readonly backend: string;
  /** False when the backend needs an unlock (e.g. passphrase not entered yet). */
  isAvailable(): Promise<boolean>;
  /** Why the backend cannot be used here, in a phrase for people (null when it can); optional. */
  unavailableReason?(): Promise<string | null>;
  get(account: string): Promise<Buffer | null>;
  set(account: string, secret: Buffer): Promise<void>;
  delete(account: string): Promise<boolean>;
}
