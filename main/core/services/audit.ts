// The audit trail is a hash chain: each row commits to the one before it, so an edit, deletion,
// insertion or reordering anywhere is detected by verify(), which names the first bad row.
import { createHash } from 'node:crypto';
import type { SqlRunner, WriteQueue } from '../db/sqlite';
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

// Audit fields can echo rejected input (a target id). Text that SQLite cannot store faithfully
// (unpaired surrogates become U+FFFD in UTF-8, NUL may truncate) would make the stored row differ
// from the hashed one, so it is normalised before hashing.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\u0000-\u001F\u007F]/g;
const clean = (s: string, max = 200) => s.replace(UNSTORABLE, '\uFFFD').slice(0, max);

function normalise(entry: AuditEntry): AuditEntry {
  return {
    at: entry.at,
    actor: clean(entry.actor),
    command: clean(entry.command),
    target: entry.target === null ? null : clean(entry.target, 64),
    outcome: clean(entry.outcome),
    transport: clean(entry.transport, 32),
  };
}

/**
 * The head of the chain is kept in memory (this process is the only writer, through the write
 * queue) so appending costs one statement; it advances only when the transaction commits.
 */
export class AuditChain {
  private pending: string | null = null;
  private constructor(
    private head: string,
    private readonly queue: WriteQueue,
  ) {}

  static async load(db: SqlRunner, queue: WriteQueue): Promise<AuditChain> {
    return new AuditChain((await auditRepo.last(db))?.hash ?? GENESIS_HASH, queue);
  }

  /** Append one audit row. Call inside the same transaction as the change it records. */
  async record(tx: SqlRunner, entry: AuditEntry): Promise<number> {
    const e = normalise(entry);
    const prev = this.pending ?? this.head;
    const hash = auditHash(prev, e);
    const seq = await auditRepo.insert(tx, { ...e, prev_hash: prev, hash });
    if (this.pending === null) {
      this.queue.onSettle((committed) => {
        if (committed && this.pending !== null) this.head = this.pending;
        this.pending = null;
      });
    }
    this.pending = hash;
    return seq;
  }
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
