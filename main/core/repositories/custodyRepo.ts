// SQL for the per-artifact custody chains.
import type { CustodyAction, CustodyEntry } from '../../../shared/domain/vault';
import type { SqlRunner } from '../db/sqlite';

export interface CustodyRow {
  seq: number;
  artifact_id: string;
  idx: number;
  at: string;
  actor: string;
  action: CustodyAction;
  ciphertext_hash: string;
  plaintext_digest: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

export function toCustody(r: CustodyRow): CustodyEntry {
  return {
    artifactId: r.artifact_id,
    index: r.idx,
    at: r.at,
    actor: r.actor,
    action: r.action,
    ciphertextHash: r.ciphertext_hash,
    plaintextDigest: r.plaintext_digest,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export const custodyRepo = {
  last(db: SqlRunner, artifactId: string): Promise<CustodyRow | undefined> {
    return db.get<CustodyRow>('SELECT * FROM custody_log WHERE artifact_id = ? ORDER BY idx DESC LIMIT 1', [artifactId]);
  },
  async insert(db: SqlRunner, r: Omit<CustodyRow, 'seq'>): Promise<number> {
    const res = await db.run(
      'INSERT INTO custody_log (artifact_id, idx, at, actor, action, ciphertext_hash, plaintext_digest, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [r.artifact_id, r.idx, r.at, r.actor, r.action, r.ciphertext_hash, r.plaintext_digest, r.detail, r.prev_hash, r.hash],
    );
    return res.lastID;
  },
  /** Every entry after `after`, in seq order across all artifacts, a batch at a time. */
  async *walk(db: SqlRunner, after = 0, batch = 5000): AsyncGenerator<Pick<CustodyRow, 'seq' | 'artifact_id' | 'idx' | 'hash'>> {
    for (;;) {
      const rows = await db.all<Pick<CustodyRow, 'seq' | 'artifact_id' | 'idx' | 'hash'>>('SELECT seq, artifact_id, idx, hash FROM custody_log WHERE seq > ? ORDER BY seq LIMIT ?', [after, batch]);
      if (rows.length === 0) return;
      for (const r of rows) yield r;
      after = rows[rows.length - 1]!.seq;
    }
  },
  /** One artifact's chain in stored order (seq), which is what the verifier checks. */
  chain(db: SqlRunner, artifactId: string): Promise<CustodyRow[]> {
    return db.all<CustodyRow>('SELECT * FROM custody_log WHERE artifact_id = ? ORDER BY seq', [artifactId]);
  },
  /** Artifacts that have custody rows, including rows whose artifact record is gone. */
  async artifactIds(db: SqlRunner): Promise<string[]> {
    const rows = await db.all<{ id: string }>('SELECT id FROM artifacts UNION SELECT artifact_id AS id FROM custody_log ORDER BY id');
    return rows.map((r) => r.id);
  },
};
