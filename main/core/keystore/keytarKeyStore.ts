// keytar (Secret Service / Keychain / Credential Manager). keytar is an optional native module, so
// it is loaded lazily with a dynamic import: the app still starts where it is missing or where no
// Secret Service answers (then isAvailable() is false and the selection moves on).
import fs from 'node:fs';
import type { KeyStore } from './keyStore';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const KEYTAR_SERVICE = 'Command Post';
const PROBE_TIMEOUT_MS = 5_000;

/** Loads keytar; throws (with the loader's own error) when it is missing or does not load. */
async function loadKeytar(): Promise<Keytar | null> {
  // A variable specifier keeps bundlers from inlining the native module and keeps it optional.
  const name = 'keytar';
  const mod = (await import(/* @vite-ignore */ name)) as Keytar & { default?: Keytar };
  const k = mod.default && typeof mod.default.getPassword === 'function' ? mod.default : mod;
  return typeof k.getPassword === 'function' ? k : null;
}

/** Where Debian and Ubuntu put the header keytar's build needs (package libsecret-1-dev). */
export const LIBSECRET_HEADER = '/usr/include/libsecret-1/libsecret/secret.h';

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);

/** Why keytar did not load, for people: not installed (and what its build lacked) or broken. */
export function keytarLoadReason(err: unknown, platform: NodeJS.Platform = process.platform, headerExists = fs.existsSync(LIBSECRET_HEADER)): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const message = firstLine(err);
  const notInstalled = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && !/\.node\b/.test(message) && /keytar/.test(message);
  if (!notInstalled) return `keytar did not load (${message})`;
  // npm drops an optional dependency whose build failed, so "not installed" usually means that.
  if (platform === 'linux' && !headerExists) return 'keytar is not installed: its native build needs libsecret-1-dev, which is missing';
  return 'keytar is not installed (an optional native module: npm install builds it)';
}

export class KeytarKeyStore implements KeyStore {
  readonly backend = 'keytar';
  private keytar: Promise<Keytar | null> | null = null;
  private available: Promise<boolean> | null = null;
  private reason: string | null = null;

  constructor(
    private readonly service = KEYTAR_SERVICE,
    private readonly loader: () => Promise<Keytar | null> = loadKeytar,
  ) {}

  private lib(): Promise<Keytar | null> {
    this.keytar ??= this.loader().catch((err: unknown) => {
      this.reason = keytarLoadReason(err);
      return null;
    });
    return this.keytar;
  }

  /** Why keytar cannot be used here (missing, broken, or no Secret Service), or null when it can. */
  async unavailableReason(): Promise<string | null> {
    if (await this.isAvailable()) return null;
    return this.reason ?? 'keytar did not load';
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
          timer = setTimeout(() => {
            this.reason = `keytar loaded, but no Secret Service answered within ${PROBE_TIMEOUT_MS / 1000} s`;
            resolve(false);
          }, PROBE_TIMEOUT_MS);
          timer.unref?.();
        });
        return await Promise.race([probe, timeout]);
      } catch (err) {
        this.reason = `keytar loaded, but no Secret Service answered (${firstLine(err)})`;
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
