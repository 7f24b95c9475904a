// SQL for the audit trail (append-only: triggers refuse UPDATE and DELETE).
import type { AuditEntry, AuditRecord } from '../../../shared/domain/audit';
import type { SqlRunner } from '../db/sqlite';

export interface AuditRow extends AuditEntry {
  seq: number;
  prev_hash: string;
  hash: string;
}

export const auditRepo = {
  async last(db: SqlRunner): Promise<AuditRow | undefined> {
    return db.get<AuditRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1');
  },
  async insert(db: SqlRunner, r: Omit<AuditRow, 'seq'>): Promise<number> {
    const res = await db.run(
      'INSERT INTO audit_log (at, actor, command, target, outcome, transport, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [r.at, r.actor, r.command, r.target, r.outcome, r.transport, r.prev_hash, r.hash],
    );
    return res.lastID;
  },
  async list(db: SqlRunner, before: number | undefined, limit: number): Promise<AuditRecord[]> {
    const rows = await db.all<AuditRow>(
      `SELECT * FROM audit_log ${before !== undefined ? 'WHERE seq < ?' : ''} ORDER BY seq DESC LIMIT ?`,
      before !== undefined ? [before, limit] : [limit],
    );
    return rows.map((r) => ({ seq: r.seq, at: r.at, actor: r.actor, command: r.command, target: r.target, outcome: r.outcome, hash: r.hash }));
  },
  /** Walk the whole chain in seq order, a batch at a time. */
  async *walk(db: SqlRunner, batch = 5000): AsyncGenerator<AuditRow> {
    let after = 0;
    for (;;) {
      const rows = await db.all<AuditRow>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?', [after, batch]);
      if (rows.length === 0) return;
      for (const r of rows) yield r;
      after = rows[rows.length - 1]!.seq;
    }
  },
  /** Entries a start-up integrity check wrote about one log (command, target), oldest first. */
  findings(db: SqlRunner, command: string, target: string): Promise<Array<Pick<AuditRow, 'seq' | 'at' | 'outcome'>>> {
    return db.all("SELECT seq, at, outcome FROM audit_log WHERE command = ? AND target = ? AND outcome LIKE 'tampered:%' ORDER BY seq", [command, target]);
  },
  /** The stored hash of one entry (null when there is no such entry). */
  async hashAt(db: SqlRunner, seq: number): Promise<string | null> {
    return (await db.get<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = ?', [seq]))?.hash ?? null;
  },
  async count(db: SqlRunner): Promise<number> {
    return (await db.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))?.n ?? 0;
  },
};
