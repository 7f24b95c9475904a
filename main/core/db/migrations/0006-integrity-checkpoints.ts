import type { Migration } from '../migrate';

// Keyed checkpoints of the tamper-evident logs (see services/integrity.ts): for a log ('audit' or
// 'custody'), the digest of the log through entry `seq`, with an HMAC under a key from the key
// store. Append-only like the logs they vouch for.
export const migration0006: Migration = {
  version: 6,
  name: 'integrity-checkpoints',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE integrity_checkpoints (
        id INTEGER PRIMARY KEY,
        log TEXT NOT NULL CHECK (log IN ('audit', 'custody')),
        seq INTEGER NOT NULL CHECK (seq > 0),
        digest TEXT NOT NULL,
        key_id TEXT NOT NULL,
        mac TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (log, seq, key_id)
      ) STRICT;
      CREATE TRIGGER integrity_checkpoints_append_only_u BEFORE UPDATE ON integrity_checkpoints
        BEGIN SELECT RAISE(ABORT, 'integrity checkpoints are append-only'); END;
      CREATE TRIGGER integrity_checkpoints_append_only_d BEFORE DELETE ON integrity_checkpoints
        BEGIN SELECT RAISE(ABORT, 'integrity checkpoints are append-only'); END;
    `);
  },
};
