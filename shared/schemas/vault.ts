// Inputs of the evidence vault and its chain of custody (vault:, artifacts:, custody:).
import { z } from 'zod';
import { EXPORT_FORMATS, VAULT_LIMITS, VAULT_MODES } from '../domain/vault';
import { filePath, identifier, idRef, secretText, strict, text } from '../validation';

const mode = z.enum(VAULT_MODES, { error: `must be one of ${VAULT_MODES.join(', ')}` });
const secret = (min: number) => secretText(VAULT_LIMITS.passphrase, { min }).refine((v) => min <= 1 || [...v].length >= min, { error: `must be at least ${min} characters` });
export const absolutePath = filePath(VAULT_LIMITS.path, { min: 1 }).refine((v) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(v), { error: 'must be an absolute path' });
const base64 = identifier(VAULT_LIMITS.dataBase64).regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'must be base64' });
export const vaultCreateInput = strict({ mode, passphrase: secret(VAULT_LIMITS.passphraseMin).optional() }).superRefine((v, ctx) => {
  if (v.mode === 'passphrase' && v.passphrase === undefined) ctx.addIssue({ code: 'custom', path: ['passphrase'], message: 'is required for a passphrase vault' });
  if (v.mode === 'keystore' && v.passphrase !== undefined) ctx.addIssue({ code: 'custom', path: ['passphrase'], message: 'is only used with mode passphrase' });
});
export const vaultUnlockInput = strict({ passphrase: secret(1).optional(), recoveryKey: secretText(200, { min: 1 }).optional() }).superRefine((v, ctx) => {
  if (v.passphrase !== undefined && v.recoveryKey !== undefined) ctx.addIssue({ code: 'custom', path: ['recoveryKey'], message: 'give either a passphrase or a recovery key, not both' });
});
export const artifactsImportInput = strict({
  incidentId: idRef,
  name: text(VAULT_LIMITS.name, { min: 1 }),
  path: absolutePath.optional(),
  dataBase64: base64.optional(),
  uploadId: identifier(64, { min: 1 }).optional(),
  /** Set when the source is an encrypted evidence bundle from another console. */
  bundlePassphrase: secret(1).optional(),
  source: z.enum(['file', 'paste'], { error: 'must be file or paste' }).optional(),
}).superRefine((v, ctx) => {
  const given = [v.path, v.dataBase64, v.uploadId].filter((x) => x !== undefined).length;
  if (given !== 1) ctx.addIssue({ code: 'custom', path: ['path'], message: 'give exactly one of path, dataBase64 or uploadId' });
});
export const artifactsExportInput = strict({
  id: idRef,
  destination: z.union([z.literal('inline'), z.literal('download'), absolutePath], { error: "must be 'inline', 'download' or an absolute path" }),
  format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }),
  passphrase: secret(VAULT_LIMITS.passphraseMin).optional(),
}).superRefine((v, ctx) => {
  if (v.format === 'bundle' && v.passphrase === undefined) ctx.addIssue({ code: 'custom', path: ['passphrase'], message: 'is required for an encrypted bundle' });
  if (v.format === 'plain' && v.passphrase !== undefined) ctx.addIssue({ code: 'custom', path: ['passphrase'], message: 'is only used with format bundle' });
});
export const vaultReattachInput = strict({
  blobHash: identifier(64, { min: 64 }).regex(/^[0-9a-f]{64}$/, { error: 'must be a blob hash (64 lowercase hex digits)' }),
  /** Where to attach it; defaults to the incident it came from, when this database has it. */
  incidentId: idRef.optional(),
});
export const artifactsDeleteInput = strict({ id: idRef, reason: text(2000, { min: 1 }).refine((v) => v.trim().length > 0, { error: 'must not be blank' }) });

/** artifacts:list */
export const artifactsListInput = strict({ incidentId: idRef, includeDeleted: z.boolean({ error: 'must be true or false' }).optional() });

/** artifacts:read */
export const artifactsReadInput = strict({ id: idRef });

/** artifacts:custody */
export const artifactsCustodyInput = strict({ id: idRef });

/** custody:verify */
export const custodyVerifyInput = strict({ artifactId: idRef.optional() });
