// The audit trail is a hash chain: each row commits to the one before it, so an edit, deletion,
// insertion or reordering anywhere is detected by verify(), which names the first bad row.
import { createHash } from 'node:crypto';
import type { SqlRunner } from '../db/sqlite';
import { auditRepo, type AuditRow } from '../repositories/auditRepo';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  at: string;
  actor: string;
  command: string;
  target: string | null;
  outcome: string;
  transport: string;
}

export function auditHash(prevHash: string, e: AuditEntry): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(JSON.stringify([e.at, e.actor, e.command, e.target, e.outcome, e.transport]))
    .digest('hex');
}

/** Append one audit row. Call inside the same transaction as the change it records. */
export async function recordAudit(tx: SqlRunner, e: AuditEntry): Promise<number> {
  const prev = (await auditRepo.last(tx))?.hash ?? GENESIS_HASH;
  return auditRepo.insert(tx, { ...e, prev_hash: prev, hash: auditHash(prev, e) });
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBad: number | null;
  reason: string | null;
}

export async function verifyAudit(db: SqlRunner): Promise<AuditVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq: number | null = null;
  let checked = 0;
  const bad = (r: AuditRow, reason: string): AuditVerification => ({ ok: false, checked, firstBad: r.seq, reason });
  for await (const r of auditRepo.walk(db)) {
    if (expectedSeq !== null && r.seq !== expectedSeq) return bad(r, `entry ${expectedSeq} is missing before ${r.seq}`);
    if (r.prev_hash !== prevHash) return bad(r, `entry ${r.seq} does not follow the entry before it`);
    if (auditHash(prevHash, r) !== r.hash) return bad(r, `entry ${r.seq} was altered after it was written`);
    prevHash = r.hash;
    expectedSeq = r.seq + 1;
    checked++;
  }
  return { ok: true, checked, firstBad: null, reason: null };
}
