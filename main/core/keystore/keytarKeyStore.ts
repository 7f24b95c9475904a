// keytar (Secret Service / Keychain / Credential Manager). keytar is an optional native module, so
// it is loaded lazily with a dynamic import: the app still starts where it is missing or where no
// Secret Service answers (then isAvailable() is false and the selection moves on).
import type { KeyStore } from './keyStore';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const KEYTAR_SERVICE = 'Command Post';
const PROBE_TIMEOUT_MS = 5_000;

async function loadKeytar(): Promise<Keytar | null> {
  // A variable specifier keeps bundlers from inlining the native module and keeps it optional.
  const name = 'keytar';
  try {
    const mod = (await import(/* @vite-ignore */ name)) as Keytar & { default?: Keytar };
    const k = mod.default && typeof mod.default.getPassword === 'function' ? mod.default : mod;
    return typeof k.getPassword === 'function' ? k : null;
  } catch {
    return null;
  }
}

export class KeytarKeyStore implements KeyStore {
  readonly backend = 'keytar';
  private keytar: Promise<Keytar | null> | null = null;
  private available: Promise<boolean> | null = null;

  constructor(
    private readonly service = KEYTAR_SERVICE,
    private readonly loader: () => Promise<Keytar | null> = loadKeytar,
  ) {}

  private lib(): Promise<Keytar | null> {
    this.keytar ??= this.loader();
    return this.keytar;
  }

  /** Loads keytar and makes one real round trip to the Secret Service; cached after the first answer. */
  isAvailable(): Promise<boolean> {
    this.available ??= (async () => {
      const k = await this.lib();
      if (!k) return false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const probe = k.getPassword(this.service, '__availability_probe__').then(() => true);
        const timeout = new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
          timer.unref?.();
        });
        return await Promise.race([probe, timeout]);
      } catch {
        return false;
      } finally {
        if (timer) clearTimeout(timer);
      }
    })();
    return this.available;
  }

  async get(account: string): Promise<Buffer | null> {
    const v = await (await this.require()).getPassword(this.service, account);
    return v === null ? null : Buffer.from(v, 'base64');
  }

  async set(account: string, secret: Buffer): Promise<void> {
    await (await this.require()).setPassword(this.service, account, secret.toString('base64'));
  }

  async delete(account: string): Promise<boolean> {
    return (await this.require()).deletePassword(this.service, account);
  }

  private async require(): Promise<Keytar> {
    const k = (await this.isAvailable()) ? await this.lib() : null;
    if (!k) throw new Error('keytar is not available (module missing or no Secret Service)');
    return k;
  }
}
