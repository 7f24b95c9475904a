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
  /** One line for the start-up log: which store is in use, and why when it is only the passphrase. */
  readonly notice: string;
}

const BACKEND_LABELS: Record<string, string> = { safeStorage: "Electron's safeStorage (OS keychain)", keytar: 'the OS keychain through keytar' };

async function reasonOf(store: KeyStore): Promise<string> {
  try {
    return (await store.unavailableReason?.()) ?? `${store.backend} is not available`;
  } catch {
    return `${store.backend} is not available`;
  }
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
  let notice: string;
  if (system) notice = `key store: ${BACKEND_LABELS[system.backend] ?? system.backend}`;
  else {
    const reasons = opts.preferred === null ? ['OS key stores are turned off for this data folder'] : await Promise.all(candidates.map(reasonOf));
    notice = `key store: passphrase only (${reasons.join('; ')}); README "The vault and the key store" says how to get the OS key store`;
  }
  return { system, passphrase, selected: system ?? passphrase, notice };
}
