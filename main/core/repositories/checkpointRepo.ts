// SQL for the keyed checkpoints of the audit and custody logs.
import type { SqlRunner } from '../db/sqlite';

export type IntegrityLog = 'audit' | 'custody';

export interface CheckpointRow {
  id: number;
  log: IntegrityLog;
  seq: number;
  digest: string;
  key_id: string;
  mac: string;
  at: string;
}

export const checkpointRepo = {
  async insert(db: SqlRunner, r: Omit<CheckpointRow, 'id'>): Promise<void> {
    await db.run('INSERT OR IGNORE INTO integrity_checkpoints (log, seq, digest, key_id, mac, at) VALUES (?, ?, ?, ?, ?, ?)', [r.log, r.seq, r.digest, r.key_id, r.mac, r.at]);
  },
  /** A log's checkpoints in seq order (a few per second of activity at most). */
  list(db: SqlRunner, log: IntegrityLog): Promise<CheckpointRow[]> {
    return db.all<CheckpointRow>('SELECT * FROM integrity_checkpoints WHERE log = ? ORDER BY seq, id', [log]);
  },
  /** The newest checkpoint of a log made with a given key. */
  last(db: SqlRunner, log: IntegrityLog, keyId: string): Promise<CheckpointRow | undefined> {
    return db.get<CheckpointRow>('SELECT * FROM integrity_checkpoints WHERE log = ? AND key_id = ? ORDER BY seq DESC LIMIT 1', [log, keyId]);
  },
  async count(db: SqlRunner): Promise<number> {
    return (await db.get<{ n: number }>('SELECT count(*) AS n FROM integrity_checkpoints'))?.n ?? 0;
  },
};
