// An attacker's tools against the audit trail of a data folder: raw SQL through a separate
// connection with the append-only triggers dropped, and an edit followed by re-hashing the chain.
import sqlite3 from 'sqlite3';
import { auditHash, GENESIS_HASH } from '../../../main/core/audit/auditChain';
import type { AuditRow } from '../../../main/core/repositories/auditRepo';

/** Raw SQL through a separate connection with the append-only triggers dropped: an attacker's tools. */
export function raw<T = unknown>(file: string, sql: string, all = false): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.configure('busyTimeout', 5000);
      const done = (e: Error | null, rows?: T[]) => db.close(() => (e ? reject(e) : resolve(rows ?? [])));
      if (all) db.all(sql, (e: Error | null, rows: T[]) => done(e, rows));
      else
        db.exec(
          `DROP TRIGGER IF EXISTS audit_append_only_u; DROP TRIGGER IF EXISTS audit_append_only_d;
           DROP TRIGGER IF EXISTS integrity_checkpoints_append_only_u; DROP TRIGGER IF EXISTS integrity_checkpoints_append_only_d; ${sql}`,
          (e) => done(e),
        );
    });
  });
}

/** Edit one entry and re-hash every entry after it, so the unkeyed chain verifies again. */
export async function editAndRehash(file: string, seq: number, actor: string): Promise<void> {
  const rows = await raw<AuditRow>(file, 'SELECT * FROM audit_log ORDER BY seq', true);
  let prev = GENESIS_HASH;
  const updates: string[] = [];
  for (const r of rows) {
    const row = r.seq === seq ? { ...r, actor } : r;
    const hash = auditHash(prev, row);
    if (r.seq >= seq) updates.push(`UPDATE audit_log SET actor = '${row.actor}', prev_hash = '${prev}', hash = '${hash}' WHERE seq = ${r.seq};`);
    prev = hash;
  }
  await raw(file, updates.join('\n'));
}
