// Vault test helpers: real cores on real SQLite and real files in temp directories.
import fs from 'node:fs';
import path from 'node:path';
import type { KeyStore } from '../../../main/core/keystore/keyStore';
import { tempCore } from '../../helpers/tempCore';

export const PASSPHRASE = 'correct horse battery staple';

/**
 * Stands in for Electron's safeStorage, which cannot run on these machines (no Electron binary).
 * It is a KeyStore like any other; the keytar backend is tested for real under dbus-run-session.
 */
export class InMemoryOsKeyStore implements KeyStore {
  readonly backend = 'safeStorage';
  readonly entries = new Map<string, Buffer>();
  available = true;
  async isAvailable() {
    return this.available;
  }
  async get(a: string) {
    const v = this.entries.get(a);
    return v ? Buffer.from(v) : null;
  }
  async set(a: string, s: Buffer) {
    this.entries.set(a, Buffer.from(s));
  }
  async delete(a: string) {
    return this.entries.delete(a);
  }
}

export async function vaultCore(opts: { keyStore?: KeyStore | null; dataDir?: string } = {}) {
  const core = await tempCore({ keyStore: opts.keyStore ?? null, ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
  const incident = await core.invoke('incidents:declare', { title: 'Evidence drill', severity: 'SEV-2' });
  return Object.assign(core, { incident });
}

/** Every file under a directory, recursively. */
export function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** The encrypted blobs under a directory (named by their ciphertext hash; key files and others left out). */
export function blobFiles(dir: string): string[] {
  return walk(dir).filter((f) => /^[0-9a-f]{64}$/.test(path.basename(f)));
}

/** A tiny valid PNG (1×1, red). */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);
