// The evidence vault and its chain of custody: status, artifacts, exports, orphans, limits.
import type { ChainKeying, ChainSeal } from './audit';

export const VAULT_MODES = ['keystore', 'passphrase'] as const;
export type VaultMode = (typeof VAULT_MODES)[number];
export type VaultState = 'uninitialized' | 'locked' | 'unlocked';
export interface VaultStatus {
  state: VaultState;
  /** How the master key is protected; null before the vault is created. */
  mode: VaultMode | null;
  /** Where the master key lives: 'safeStorage', 'keytar' or 'passphrase'; null before creation. */
  backend: string | null;
  /** The OS key store usable on this machine right now ('safeStorage', 'keytar'), or null. */
  systemKeyStore: string | null;
  /** A console passphrase has been chosen (it also protects integration secrets without an OS store). */
  passphraseSet: boolean;
  createdAt: string | null;
  /** Live (not deleted) artifacts across all incidents. */
  artifacts: number;
  /**
   * Encrypted blobs in the vault's orphan folder: no row of this database mentions them (the
   * database was replaced or an older backup restored). They are kept; vault:orphans lists them.
   */
  orphans: number;
}
export interface VaultCreated {
  /** Shown once. It opens the vault when the key store is lost or the passphrase forgotten. */
  recoveryKey: string;
  status: VaultStatus;
}
export const ARTIFACT_SOURCES = ['file', 'paste', 'upload', 'bundle'] as const;
export type ArtifactSource = (typeof ARTIFACT_SOURCES)[number];
export type PreviewKind = 'image' | 'text' | 'none';
export interface ArtifactSummary {
  id: string;
  incidentId: string;
  /** Display name (cleaned: no path parts, control or invisible characters). Metadata only. */
  name: string;
  extension: string;
  /** Detected from the content, never from the name. */
  contentType: string;
  family: string;
  /** The name's extension promises a different kind of content than the bytes hold. */
  mismatch: boolean;
  size: number;
  plaintextSha256: string;
  source: ArtifactSource;
  previewKind: PreviewKind;
  addedBy: string;
  addedAt: string;
  deletedAt: string | null;
  deletedBy: string | null;
  deleteReason: string | null;
}
export interface ArtifactPreview {
  artifact: ArtifactSummary;
  kind: PreviewKind;
  /** Raster images only (PNG, JPEG, GIF, WebP, BMP), base64. SVG and HTML come as text. */
  dataBase64: string | null;
  text: string | null;
  /** Text previews stop after PREVIEW_TEXT_BYTES. */
  truncated: boolean;
}
export const EXPORT_FORMATS = ['plain', 'bundle'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export interface ArtifactExport {
  artifactId: string;
  format: ExportFormat;
  /** 'inline', 'download' or the absolute path written. */
  destination: string;
  fileName: string;
  bytes: number;
  /** destination 'inline': the exported bytes. */
  dataBase64?: string;
  /** destination 'download': a one-time path on the browser host (GET with the bearer token). */
  downloadPath?: string;
}
export const CUSTODY_ACTIONS = ['import', 'view', 'export', 'delete'] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];
export interface CustodyEntry {
  artifactId: string;
  index: number;
  at: string;
  actor: string;
  action: CustodyAction;
  ciphertextHash: string;
  plaintextDigest: string;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}
/** What an orphan's sealed key file says about the artifact it was. */
export interface OrphanArtifact {
  id: string;
  name: string;
  size: number;
  contentType: string;
  plaintextSha256: string;
  source: ArtifactSource;
  addedBy: string;
  addedAt: string;
  /** The incident it was imported into, as that database numbered it. */
  incidentHumanId: string;
  incidentTitle: string;
}
/** An encrypted blob no row of this database mentions, kept in the vault's orphan folder. */
export interface VaultOrphan {
  blobHash: string;
  /** Ciphertext bytes on disk. */
  blobSize: number;
  /** When the blob file was last written or moved aside. */
  since: string;
  /** From its sealed key file; null while the vault is locked or when it has none. */
  artifact: OrphanArtifact | null;
  /** The incident of this database with the original incident's id or number, if any. */
  incidentId: string | null;
  /** Why vault:reattach cannot take it now; null when it can. */
  problem: string | null;
}
export interface CustodyVerifyResult {
  ok: boolean;
  artifacts: number;
  entries: number;
  /** The first broken entry, in artifact then chain order. */
  firstBad: null | { artifactId: string; index: number; seq: number; reason: string };
  /** Keyed checkpoints over the whole custody log (all artifacts, in seq order). */
  keyed: ChainKeying;
  /** The custody log's head, sealed outside the database. */
  seal: ChainSeal;
  /** Every problem found, the first one first. */
  problems: string[];
}
/** Limits shared by the contract, the core and the renderer. */
export const VAULT_LIMITS = {
  name: 1024,
  path: 4096,
  passphrase: 1024,
  passphraseMin: 8,
  /** Base64 characters of an inline import (the browser host's JSON body limit is lower: 1 MiB). */
  dataBase64: 16 * 1024 * 1024,
  /** Largest artifact decrypted into memory for a preview or an inline export. */
  inlineBytes: 16 * 1024 * 1024,
  previewTextBytes: 1024 * 1024,
} as const;
