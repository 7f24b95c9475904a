// SQL for the artifact vault: the single vault_meta row and the artifacts table.
import type { ArtifactSource, ArtifactSummary, PreviewKind, VaultMode } from '../../../shared/domain/vault';
import type { SqlRunner } from '../db/sqlite';

export interface VaultMetaRow {
  mode: VaultMode;
  backend: string;
  key_check: string;
  recovery_wrapped: Buffer;
  created_at: string;
  created_by: string;
}

export interface ArtifactRow {
  id: string;
  incident_id: string;
  name: string;
  extension: string;
  content_type: string;
  family: string;
  mismatch: number;
  size: number;
  plaintext_sha256: string;
  blob_hash: string;
  blob_size: number;
  wrapped_key: Buffer | null;
  chunk_size: number;
  format_version: number;
  source: ArtifactSource;
  added_by: string;
  added_at: string;
  deleted_at: string | null;
  deleted_by: string | null;
  delete_reason: string | null;
}

export type NewArtifact = Omit<ArtifactRow, 'deleted_at' | 'deleted_by' | 'delete_reason' | 'wrapped_key'> & { wrapped_key: Buffer };

export function toArtifact(r: ArtifactRow, previewKind: PreviewKind): ArtifactSummary {
  return {
    id: r.id,
    incidentId: r.incident_id,
    name: r.name,
    extension: r.extension,
    contentType: r.content_type,
    family: r.family,
    mismatch: r.mismatch === 1,
    size: r.size,
    plaintextSha256: r.plaintext_sha256,
    source: r.source,
    previewKind,
    addedBy: r.added_by,
    addedAt: r.added_at,
    deletedAt: r.deleted_at,
    deletedBy: r.deleted_by,
    deleteReason: r.delete_reason,
  };
}

export const vaultRepo = {
  /**
   * Crypto-shredding overwrites a wrapped key with NULL; secure_delete makes SQLite zero the freed
   * bytes instead of leaving the old key in the page's free space. Connection-wide, set once.
   */
  async enableSecureDelete(db: SqlRunner): Promise<void> {
    await db.exec('PRAGMA secure_delete = ON');
  },
  getMeta(db: SqlRunner): Promise<VaultMetaRow | undefined> {
    return db.get<VaultMetaRow>('SELECT mode, backend, key_check, recovery_wrapped, created_at, created_by FROM vault_meta WHERE id = 1');
  },
  async insertMeta(db: SqlRunner, m: VaultMetaRow): Promise<void> {
    await db.run('INSERT INTO vault_meta (id, mode, backend, key_check, recovery_wrapped, created_at, created_by) VALUES (1, ?, ?, ?, ?, ?, ?)', [
      m.mode,
      m.backend,
      m.key_check,
      m.recovery_wrapped,
      m.created_at,
      m.created_by,
    ]);
  },
  async setBackend(db: SqlRunner, backend: string): Promise<void> {
    await db.run('UPDATE vault_meta SET backend = ? WHERE id = 1', [backend]);
  },
  async insertArtifact(db: SqlRunner, a: NewArtifact): Promise<void> {
    await db.run(
      `INSERT INTO artifacts (id, incident_id, name, extension, content_type, family, mismatch, size, plaintext_sha256, blob_hash, blob_size,
         wrapped_key, chunk_size, format_version, source, added_by, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [a.id, a.incident_id, a.name, a.extension, a.content_type, a.family, a.mismatch, a.size, a.plaintext_sha256, a.blob_hash, a.blob_size, a.wrapped_key, a.chunk_size, a.format_version, a.source, a.added_by, a.added_at],
    );
  },
  byId(db: SqlRunner, id: string): Promise<ArtifactRow | undefined> {
    return db.get<ArtifactRow>('SELECT * FROM artifacts WHERE id = ?', [id]);
  },
  listByIncident(db: SqlRunner, incidentId: string, includeDeleted: boolean): Promise<ArtifactRow[]> {
    return db.all<ArtifactRow>(
      `SELECT * FROM artifacts WHERE incident_id = ? ${includeDeleted ? '' : 'AND deleted_at IS NULL'} ORDER BY added_at DESC, id DESC`,
      [incidentId],
    );
  },
  async countLive(db: SqlRunner): Promise<number> {
    const r = await db.get<{ n: number }>('SELECT count(*) AS n FROM artifacts WHERE deleted_at IS NULL');
    return r?.n ?? 0;
  },
  /**
   * What the rows say about each blob they mention: 'live' when a live artifact needs it,
   * 'shredded' when only deleted ones do. Blobs no row mentions are absent, and so never removed.
   */
  async blobStates(db: SqlRunner): Promise<Map<string, 'live' | 'shredded'>> {
    const rows = await db.all<{ blob_hash: string; live: number }>('SELECT blob_hash, max(deleted_at IS NULL) AS live FROM artifacts GROUP BY blob_hash');
    return new Map(rows.map((r) => [r.blob_hash, r.live ? 'live' : 'shredded']));
  },
  byBlobHash(db: SqlRunner, blobHash: string): Promise<ArtifactRow | undefined> {
    return db.get<ArtifactRow>('SELECT * FROM artifacts WHERE blob_hash = ? LIMIT 1', [blobHash]);
  },
  /** Live artifacts with their incident's number and title (what a blob's key file records). */
  liveWithIncident(db: SqlRunner): Promise<Array<ArtifactRow & { incident_human_id: string; incident_title: string }>> {
    return db.all<ArtifactRow & { incident_human_id: string; incident_title: string }>(
      `SELECT a.*, i.human_id AS incident_human_id, i.title AS incident_title
         FROM artifacts a JOIN incidents i ON i.id = a.incident_id
        WHERE a.deleted_at IS NULL ORDER BY a.id`,
    );
  },
  /** Crypto-shred: the wrapped data key is overwritten with NULL; the record stays for custody. */
  async markDeleted(db: SqlRunner, id: string, at: string, by: string, reason: string): Promise<void> {
    await db.run('UPDATE artifacts SET wrapped_key = NULL, deleted_at = ?, deleted_by = ?, delete_reason = ? WHERE id = ? AND deleted_at IS NULL', [at, by, reason, id]);
  },
  allIds(db: SqlRunner): Promise<Array<{ id: string }>> {
    return db.all<{ id: string }>('SELECT id FROM artifacts ORDER BY id');
  },
};
