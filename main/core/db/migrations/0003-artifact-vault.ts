import type { Migration } from '../migrate';

// The artifact vault: the vault's key metadata, artifacts and their per-artifact custody chains.
// No key or plaintext is stored here: wrapped keys are AES-256-GCM boxes under the master key or the
// recovery key, and content lives in encrypted, content-addressed blobs beside the database.
export const migration0003: Migration = {
  version: 3,
  name: 'artifact-vault',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE vault_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        mode TEXT NOT NULL CHECK (mode IN ('keystore', 'passphrase')),
        backend TEXT NOT NULL,
        key_check TEXT NOT NULL,
        recovery_wrapped BLOB NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE artifacts (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        name TEXT NOT NULL,
        extension TEXT NOT NULL,
        content_type TEXT NOT NULL,
        family TEXT NOT NULL,
        mismatch INTEGER NOT NULL CHECK (mismatch IN (0, 1)),
        size INTEGER NOT NULL CHECK (size >= 0),
        plaintext_sha256 TEXT NOT NULL,
        blob_hash TEXT NOT NULL,
        blob_size INTEGER NOT NULL,
        wrapped_key BLOB,
        chunk_size INTEGER NOT NULL,
        format_version INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('file', 'paste', 'upload', 'bundle')),
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL,
        deleted_at TEXT,
        deleted_by TEXT,
        delete_reason TEXT,
        CHECK ((deleted_at IS NULL) = (wrapped_key IS NOT NULL))
      ) STRICT;
      CREATE INDEX artifacts_by_incident ON artifacts (incident_id, added_at);
      CREATE INDEX artifacts_by_blob ON artifacts (blob_hash);

      CREATE TABLE custody_log (
        seq INTEGER PRIMARY KEY,
        artifact_id TEXT NOT NULL REFERENCES artifacts (id),
        idx INTEGER NOT NULL CHECK (idx >= 0),
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('import', 'view', 'export', 'delete')),
        ciphertext_hash TEXT NOT NULL,
        plaintext_digest TEXT NOT NULL,
        detail TEXT NOT NULL CHECK (json_valid(detail)),
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (artifact_id, idx)
      ) STRICT;
      CREATE TRIGGER custody_append_only_u BEFORE UPDATE ON custody_log
        BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
      CREATE TRIGGER custody_append_only_d BEFORE DELETE ON custody_log
        BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
      -- Artifacts are never deleted as rows: deletion crypto-shreds the key and keeps the record.
      CREATE TRIGGER artifacts_keep_rows BEFORE DELETE ON artifacts
        BEGIN SELECT RAISE(ABORT, 'artifact records are kept; delete crypto-shreds the key instead'); END;
    `);
  },
};
