// A blob's sealed key file. A blob alone cannot be decrypted: its data key is wrapped under the
// master key and kept in the artifact's row. If the database is lost (quarantined, or an older
// backup put back), the row is gone, so every blob gets a small file beside it holding a copy of
// that wrapped key and the metadata needed to re-create the row: artifact id, name, size, digest,
// and the incident it belonged to. It is sealed (AES-256-GCM) under a key derived from the master
// key and bound to the blob's hash, so it reveals nothing without the vault key and cannot be
// moved to another blob. Shredding an artifact shreds its key file with the blob.
import { hkdfSync } from 'node:crypto';
import { ARTIFACT_SOURCES, type ArtifactSource } from '../../../shared/domain/vault';
import { open, seal } from '../keystore/sealed';

export const SIDECAR_SUFFIX = '.sidecar';
const FORMAT = 'command-post-vault-sidecar';
const aad = (blobHash: string) => `command-post vault sidecar v1:${blobHash}`;

export interface SidecarData {
  artifactId: string;
  /** The data key, wrapped under the master key exactly as in the artifact's row (base64). */
  wrappedKey: string;
  name: string;
  extension: string;
  contentType: string;
  family: string;
  mismatch: boolean;
  size: number;
  plaintextSha256: string;
  blobSize: number;
  chunkSize: number;
  formatVersion: number;
  source: ArtifactSource;
  addedBy: string;
  addedAt: string;
  incidentId: string;
  incidentHumanId: string;
  incidentTitle: string;
}

function sidecarKey(master: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'command-post vault sidecar key v1', 32));
}

export function sealSidecar(master: Buffer, blobHash: string, data: SidecarData): Buffer {
  const key = sidecarKey(master);
  try {
    const box = seal(key, Buffer.from(JSON.stringify(data), 'utf8'), aad(blobHash));
    return Buffer.from(JSON.stringify({ format: FORMAT, version: 1, box: box.toString('base64') }), 'utf8');
  } finally {
    key.fill(0);
  }
}

/** The key file's contents, or null when it does not open (another vault's key, altered, damaged). */
export function openSidecar(master: Buffer, blobHash: string, raw: Buffer): SidecarData | null {
  let outer: { format?: unknown; version?: unknown; box?: unknown };
  try {
    outer = JSON.parse(raw.toString('utf8')) as typeof outer;
  } catch {
    return null;
  }
  if (outer.format !== FORMAT || outer.version !== 1 || typeof outer.box !== 'string') return null;
  const key = sidecarKey(master);
  const plain = open(key, Buffer.from(outer.box, 'base64'), aad(blobHash));
  key.fill(0);
  if (!plain) return null;
  try {
    const d = JSON.parse(plain.toString('utf8')) as SidecarData;
    const ok =
      typeof d.artifactId === 'string' &&
      typeof d.wrappedKey === 'string' &&
      typeof d.name === 'string' &&
      Number.isSafeInteger(d.size) &&
      Number.isSafeInteger(d.blobSize) &&
      Number.isSafeInteger(d.chunkSize) &&
      /^[0-9a-f]{64}$/.test(d.plaintextSha256) &&
      (ARTIFACT_SOURCES as readonly string[]).includes(d.source);
    return ok ? d : null;
  } catch {
    return null;
  } finally {
    plain.fill(0);
  }
}
