// Which key store holds secrets on this machine: the first available of the ones passed in
// (Electron safeStorage from main/app), then keytar, else the passphrase-derived store.
import path from 'node:path';
import type { KeyStore } from './keyStore';
import { KeytarKeyStore } from './keytarKeyStore';
import { PassphraseKeyStore } from './passphraseKeyStore';

export interface KeyStores {
  /** The OS-backed store (safeStorage or keytar), or null when none is usable here. */
  readonly system: KeyStore | null;
  /** The passphrase-derived store (always present; usable after unlock). */
  readonly passphrase: PassphraseKeyStore;
  /** What integration secrets should use: the system store when there is one, else the passphrase store. */
  readonly selected: KeyStore;
}

export interface KeyStoreOptions {
  dataDir: string;
  /**
   * A store to prefer (Electron's safeStorage in the app). `null` disables OS stores entirely
   * (tests, `--no-keystore`); undefined means "probe keytar".
   */
  preferred?: KeyStore | null;
  /** Probe keytar after the preferred store (default true). */
  keytar?: boolean;
}

export async function firstAvailable(candidates: readonly KeyStore[]): Promise<KeyStore | null> {
  for (const c of candidates) {
    try {
      if (await c.isAvailable()) return c;
    } catch {
      // A backend that throws while probing is simply not usable here.
    }
  }
  return null;
}

export async function selectKeyStores(opts: KeyStoreOptions): Promise<KeyStores> {
  const passphrase = new PassphraseKeyStore(path.join(opts.dataDir, 'keystore'));
  const candidates: KeyStore[] = [];
  if (opts.preferred) candidates.push(opts.preferred);
  if (opts.preferred !== null && opts.keytar !== false) candidates.push(new KeytarKeyStore());
  const system = await firstAvailable(candidates);
  return { system, passphrase, selected: system ?? passphrase };
}
