// Encrypted evidence bundles: one artifact, its metadata and a copy of its custody chain, sealed
// under a passphrase so another console can import it without sharing vault keys.
//
//   'CPBUNDLE' ‖ headerLength u32be ‖ header JSON ‖ vault-format stream (see format.ts)
//
// The header carries the scrypt parameters (tuned to ≥ 250 ms), the bundle's data key wrapped
// under the passphrase key, and the metadata sealed under the data key. Nothing in it is readable
// without the passphrase except the KDF parameters and the bundle id. Those parameters come from
// another machine, so they are capped at what this app would choose before anything is derived.
import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { AppError } from '../../../shared/errors';
import { checkUntrustedParams, deriveKey, tuneScrypt, type ScryptParams } from '../keystore/kdf';
import { open, seal } from '../keystore/sealed';
import { readPrefix } from './bytes';
import { DEFAULT_CHUNK_SIZE, decryptStream, encryptStream, IntegrityError } from './format';

export const BUNDLE_MAGIC = Buffer.from('CPBUNDLE', 'ascii');
const MAX_HEADER = 1024 * 1024;

export interface BundleMeta {
  name: string;
  size: number;
  contentType: string;
  plaintextSha256: string;
  sourceArtifactId: string;
  incident: string;
  exportedAt: string;
  exportedBy: string;
  custody: Array<{ index: number; at: string; actor: string; action: string; hash: string }>;
}

interface BundleHeader {
  format: 'command-post-evidence-bundle';
  version: 1;
  bundleId: string;
  kdf: ScryptParams;
  wrappedKey: string;
  meta: string;
}

const keyAad = (id: string) => `command-post bundle v1 key:${id}`;
const metaAad = (id: string) => `command-post bundle v1 meta:${id}`;

export function isBundle(head: Buffer): boolean {
  return head.length >= BUNDLE_MAGIC.length && head.subarray(0, BUNDLE_MAGIC.length).equals(BUNDLE_MAGIC);
}

/** The passphrase key a bundle is sealed under, derived ahead (never inside the write transaction). */
export interface BundleKey {
  kdf: ScryptParams;
  kek: Buffer;
}

/** Tune scrypt (once per process) and derive the bundle key: the slow part of a bundle export. */
export async function deriveBundleKey(passphrase: string): Promise<BundleKey> {
  const kdf = await tuneScrypt();
  return { kdf, kek: await deriveKey(passphrase, kdf) };
}

/** Seal a plaintext stream into a bundle under `key`; the key is wiped once it has wrapped the data key. */
export async function* writeBundle(plaintext: AsyncIterable<Uint8Array>, meta: BundleMeta, key: BundleKey): AsyncGenerator<Buffer> {
  const bundleId = ulid();
  const { kdf, kek } = key;
  const dek = randomBytes(32);
  try {
    const header: BundleHeader = {
      format: 'command-post-evidence-bundle',
      version: 1,
      bundleId,
      kdf,
      wrappedKey: seal(kek, dek, keyAad(bundleId)).toString('base64'),
      meta: seal(dek, Buffer.from(JSON.stringify(meta), 'utf8'), metaAad(bundleId)).toString('base64'),
    };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(json.length);
    yield Buffer.concat([BUNDLE_MAGIC, len, json]);
    yield* encryptStream(dek, bundleId, plaintext, DEFAULT_CHUNK_SIZE);
  } finally {
    kek.fill(0);
    dek.fill(0);
  }
}

/** Open a bundle: checks the passphrase before any content is read, then streams verified plaintext. */
export async function readBundle(source: AsyncIterable<Uint8Array>, passphrase: string): Promise<{ bundleId: string; meta: BundleMeta; plaintext: AsyncIterable<Buffer> }> {
  const first = await readPrefix(source, BUNDLE_MAGIC.length + 4);
  if (!isBundle(first.prefix) || first.prefix.length < BUNDLE_MAGIC.length + 4) throw new IntegrityError('Not a Command Post evidence bundle.');
  const len = first.prefix.readUInt32BE(BUNDLE_MAGIC.length);
  if (len > MAX_HEADER) throw new IntegrityError('Evidence bundle header is too large.');
  const second = await readPrefix(first.rest, len);
  if (second.prefix.length !== len) throw new IntegrityError('Evidence bundle is truncated.');
  let header: BundleHeader;
  try {
    header = JSON.parse(second.prefix.toString('utf8')) as BundleHeader;
  } catch {
    throw new IntegrityError('Evidence bundle header is damaged.');
  }
  if (header.format !== 'command-post-evidence-bundle' || header.version !== 1 || typeof header.bundleId !== 'string' || header.bundleId.length > 64) {
    throw new IntegrityError('Evidence bundle is of an unknown format or version.');
  }
  const kek = await deriveKey(passphrase, checkUntrustedParams(header.kdf, 'evidence bundle'));
  const dek = open(kek, Buffer.from(String(header.wrappedKey), 'base64'), keyAad(header.bundleId));
  kek.fill(0);
  if (!dek) throw new AppError('forbidden', 'Wrong passphrase for this evidence bundle (or the bundle was altered).', [{ path: 'bundlePassphrase', message: 'does not open this bundle' }]);
  const metaRaw = open(dek, Buffer.from(String(header.meta), 'base64'), metaAad(header.bundleId));
  if (!metaRaw) throw new IntegrityError('Evidence bundle metadata failed authentication.');
  const meta = JSON.parse(metaRaw.toString('utf8')) as BundleMeta;
  async function* plaintext(): AsyncGenerator<Buffer> {
    try {
      yield* decryptStream(dek!, header.bundleId, second.rest);
    } finally {
      dek!.fill(0);
    }
  }
  return { bundleId: header.bundleId, meta, plaintext: plaintext() };
}
