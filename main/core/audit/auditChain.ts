// The audit trail is a hash chain: each row commits to the one before it, so an edit, deletion,
// insertion or reordering anywhere is detected by verify(), which names the first bad row. The
// chain is unkeyed; keyed checkpoints and a head seal outside the database (integrity.ts) make a
// re-hashed chain and a cut tail show too.
import { createHash } from 'node:crypto';
import type { AuditVerifyResult } from '../../../shared/domain/audit';
import type { SqlRunner, WriteQueue } from '../db/sqlite';
import type { AuditEntry } from '../../../shared/domain/audit';
import { auditRepo, type AuditRow } from '../repositories/auditRepo';
import { finishCheck, notChecked, prepareCheck, SEAL_CHECK_COMMAND, startFinding, type IntegrityView, type Problem } from './integrity';

export const GENESIS_HASH = '0'.repeat(64);

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
  private pending: { seq: number; hash: string } | null = null;
  private readonly listeners: Array<() => void> = [];
  private constructor(
    private head: { seq: number; hash: string },
    private readonly queue: WriteQueue,
  ) {}

  static async load(db: SqlRunner, queue: WriteQueue): Promise<AuditChain> {
    const last = await auditRepo.last(db);
    return new AuditChain(last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH }, queue);
  }

  /** The last entry this process knows committed (seq 0 and the genesis hash before the first). */
  get committedHead(): { seq: number; hash: string } {
    return this.head;
  }

  /** Called after every commit that appended entries (the head seal follows it). */
  onCommitted(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Append one audit row. Call inside the same transaction as the change it records. */
  async record(tx: SqlRunner, entry: AuditEntry): Promise<number> {
    const e = normalise(entry);
    const prev = this.pending?.hash ?? this.head.hash;
    const hash = auditHash(prev, e);
    const seq = await auditRepo.insert(tx, { ...e, prev_hash: prev, hash });
    if (this.pending === null) {
      this.queue.onSettle((committed) => {
        const advanced = committed && this.pending !== null;
        if (advanced) this.head = this.pending!;
        this.pending = null;
        if (advanced) for (const l of this.listeners) l();
      });
    }
    this.pending = { seq, hash };
    return seq;
  }
}

/**
 * Walk the chain (hash and link of every entry), then, given the console's integrity view, its
 * keyed checkpoints and head seal. Without a view only the chain is checked.
 */
export async function verifyAudit(db: SqlRunner, integrity?: IntegrityView): Promise<AuditVerifyResult> {
  const prep = integrity ? await prepareCheck(db, 'audit', integrity) : null;
  let prevHash = GENESIS_HASH;
  let expectedSeq: number | null = null;
  let checked = 0;
  let lastSeq = 0;
  const digests = new Map<number, string>();
  const findings: Problem[] = [];
  const bad = (r: AuditRow, reason: string): AuditVerifyResult => ({ ok: false, checked, firstBad: r.seq, reason, ...notChecked(checked), problems: [reason] });
  for await (const r of auditRepo.walk(db)) {
    if (expectedSeq !== null && r.seq !== expectedSeq) return bad(r, `entry ${expectedSeq} is missing before ${r.seq}`);
    if (r.prev_hash !== prevHash) return bad(r, `entry ${r.seq} does not follow the entry before it`);
    if (auditHash(prevHash, r) !== r.hash) return bad(r, `entry ${r.seq} was altered after it was written`);
    // A tampering the start-up check found stays a finding for good: it is part of the chain.
    if (r.command === SEAL_CHECK_COMMAND && r.target === 'audit') {
      const f = startFinding(r);
      if (f) findings.push(f);
    }
    if (prep?.needed.has(r.seq)) digests.set(r.seq, r.hash);
    prevHash = r.hash;
    expectedSeq = r.seq + 1;
    lastSeq = r.seq;
    checked++;
  }
  if (!prep) {
    const first = findings[0];
    return { ok: !first, checked, firstBad: first?.seq ?? null, reason: first?.reason ?? null, ...notChecked(checked), problems: findings.map((f) => f.reason) };
  }
  const check = finishCheck('audit', prep, { lastSeq, digestAt: (seq) => digests.get(seq) });
  const problems = [...findings, ...check.problems];
  // The earliest entry any problem names leads; a problem that names none (a removed seal) only if alone.
  const first = problems.filter((p) => p.seq !== null).sort((a, b) => a.seq! - b.seq!)[0] ?? problems[0];
  return { ok: !first, checked, firstBad: first?.seq ?? null, reason: first?.reason ?? null, keyed: check.keyed, seal: check.seal, problems: problems.map((p) => p.reason) };
}
