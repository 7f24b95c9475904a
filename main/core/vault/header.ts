// The vault's record (mode, key check, recovery copy of the master key) lives in vault_meta, and a
// copy lives beside the blobs in vault/vault.json. When the database is replaced (a damaged file
// quarantined, an older backup restored without the vault), start-up puts the record back from
// this copy, so the same master key, passphrase and recovery key still open the vault and its
// orphaned blobs can be re-attached. Nothing in it is secret: the recovery copy is sealed under
// the recovery key, and the key check is an HMAC of the master key.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { VAULT_MODES } from '../../../shared/domain/vault';
import { writeFileAtomic } from '../keystore/atomicFile';
import type { VaultMetaRow } from '../repositories/vaultRepo';

export const HEADER_FILE = 'vault.json';
const FORMAT = 'command-post-vault-header';

interface HeaderFile {
  format: typeof FORMAT;
  version: 1;
  mode: VaultMetaRow['mode'];
  backend: string;
  keyCheck: string;
  recoveryWrapped: string;
  createdAt: string;
  createdBy: string;
}

export function headerPath(vaultDir: string): string {
  return path.join(vaultDir, HEADER_FILE);
}

export function writeHeader(vaultDir: string, meta: VaultMetaRow): void {
  const data: HeaderFile = {
    format: FORMAT,
    version: 1,
    mode: meta.mode,
    backend: meta.backend,
    keyCheck: meta.key_check,
    recoveryWrapped: meta.recovery_wrapped.toString('base64'),
    createdAt: meta.created_at,
    createdBy: meta.created_by,
  };
  writeFileAtomic(headerPath(vaultDir), JSON.stringify(data, null, 2));
}

export function removeHeader(vaultDir: string): void {
  fs.rmSync(headerPath(vaultDir), { force: true });
}

export function hasHeader(vaultDir: string): boolean {
  return fs.existsSync(headerPath(vaultDir));
}

/** The record from vault.json, or null when there is none; a damaged file is an error, never ignored. */
export function readHeader(vaultDir: string): VaultMetaRow | null {
  let raw: string;
  try {
    raw = fs.readFileSync(headerPath(vaultDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const bad = () => new AppError('storage_error', `${headerPath(vaultDir)} is damaged; the vault will not guess its key record. Restore the file from a backup.`);
  let h: Partial<HeaderFile>;
  try {
    h = JSON.parse(raw) as Partial<HeaderFile>;
  } catch {
    throw bad();
  }
  const ok =
    h.format === FORMAT &&
    h.version === 1 &&
    (VAULT_MODES as readonly string[]).includes(h.mode ?? '') &&
    typeof h.backend === 'string' &&
    typeof h.keyCheck === 'string' &&
    /^[0-9a-f]{64}$/.test(h.keyCheck) &&
    typeof h.recoveryWrapped === 'string' &&
    typeof h.createdAt === 'string' &&
    typeof h.createdBy === 'string';
  if (!ok) throw bad();
  return { mode: h.mode!, backend: h.backend!, key_check: h.keyCheck!, recovery_wrapped: Buffer.from(h.recoveryWrapped!, 'base64'), created_at: h.createdAt!, created_by: h.createdBy! };
}
