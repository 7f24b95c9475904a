// Chain of custody: one hash chain per artifact. Each entry commits to the previous entry's hash,
// so editing, deleting, inserting or reordering entries breaks the chain at the first bad one.
//
// Those chains are unkeyed: whoever holds the database can edit an entry and re-hash the rest of
// its chain, or drop an artifact's last entries. So the custody log as a whole, every artifact's
// entries in seq order, is also folded into one running digest (custodyLogStep in services/integrity.ts) that the keyed
// checkpoints and the head seal of services/integrity.ts vouch for, with the same integrity key as
// the audit trail. That key comes from the key store rather than from the vault master key:
// artifacts:delete writes its entry while the vault is locked, and the key store is open at least
// whenever the vault can be unlocked (the passphrase store is the one the vault unlocks).
import { createHash } from 'node:crypto';
import type { CustodyAction, CustodyVerifyResult } from '../../../shared/domain/vault';
import type { SqlRunner } from '../db/sqlite';
import { auditRepo } from '../repositories/auditRepo';
import { custodyRepo, type CustodyRow } from '../repositories/custodyRepo';
import { CUSTODY_LOG_GENESIS, custodyLogStep, finishCheck, notChecked, prepareCheck, SEAL_CHECK_COMMAND, startFinding, type IntegrityView, type Problem } from '../audit/integrity';

export function genesisHash(artifactId: string): string {
  return createHash('sha256').update(`command-post custody genesis:${artifactId}`).digest('hex');
}

export function entryHash(e: Omit<CustodyRow, 'seq' | 'hash'>): string {
  // A JSON array is an unambiguous encoding of the fields, in a fixed order.
  const canonical = JSON.stringify([e.artifact_id, e.idx, e.at, e.actor, e.action, e.ciphertext_hash, e.plaintext_digest, e.detail, e.prev_hash]);
  return createHash('sha256').update(canonical).digest('hex');
}

export async function appendCustody(
  tx: SqlRunner,
  e: { artifactId: string; at: string; actor: string; action: CustodyAction; ciphertextHash: string; plaintextDigest: string; detail?: Record<string, unknown> },
): Promise<void> {
  const last = await custodyRepo.last(tx, e.artifactId);
  const row: Omit<CustodyRow, 'seq' | 'hash'> = {
    artifact_id: e.artifactId,
    idx: last ? last.idx + 1 : 0,
    at: e.at,
    actor: e.actor,
    action: e.action,
    ciphertext_hash: e.ciphertextHash,
    plaintext_digest: e.plaintextDigest,
    detail: JSON.stringify(e.detail ?? {}),
    prev_hash: last ? last.hash : genesisHash(e.artifactId),
  };
  await custodyRepo.insert(tx, { ...row, hash: entryHash(row) });
}

/** Check one chain; returns the first bad entry or null. */
export function checkChain(artifactId: string, rows: CustodyRow[]): null | { index: number; seq: number; reason: string } {
  let prev = genesisHash(artifactId);
  if (rows.length === 0) return { index: 0, seq: 0, reason: 'the artifact has no custody entries (its import record is missing)' };
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.idx !== i) return { index: i, seq: r.seq, reason: `entry ${r.idx} is out of place (expected entry ${i}): an entry was deleted, inserted or reordered` };
    if (i === 0 && r.action !== 'import') return { index: 0, seq: r.seq, reason: 'the chain does not start with the import' };
    if (r.prev_hash !== prev) return { index: i, seq: r.seq, reason: 'it does not link to the previous entry (an entry before it was changed, removed or reordered)' };
    const { seq: _seq, hash, ...fields } = r;
    if (entryHash(fields) !== hash) return { index: i, seq: r.seq, reason: 'its contents do not match its hash (the entry was edited)' };
    prev = hash;
  }
  return null;
}

/**
 * Check the chains (one artifact's, or all), then, given the console's integrity view, the whole
 * log against its keyed checkpoints and head seal. Those cover all artifacts together, so a
 * single-artifact check also fails when the log was rewritten or cut elsewhere: past that point
 * no entry is provably intact.
 */
export async function verifyCustody(db: SqlRunner, artifactId?: string, integrity?: IntegrityView): Promise<CustodyVerifyResult> {
  const prep = integrity ? await prepareCheck(db, 'custody', integrity) : null;
  const ids = artifactId ? [artifactId] : await custodyRepo.artifactIds(db);
  let entries = 0;
  for (const id of ids) {
    const rows = await custodyRepo.chain(db, id);
    entries += rows.length;
    const bad = checkChain(id, rows);
    if (bad) return { ok: false, artifacts: ids.length, entries, firstBad: { artifactId: id, ...bad }, ...notChecked(entries), problems: [bad.reason] };
  }
  if (!prep) return { ok: true, artifacts: ids.length, entries, firstBad: null, ...notChecked(entries), problems: [] };

  // The whole log in seq order: its running digest at the entries the checkpoints and seal name.
  let digest = CUSTODY_LOG_GENESIS;
  let lastSeq = 0;
  const digests = new Map<number, string>();
  const where = new Map<number, { artifactId: string; index: number }>();
  let last: { artifactId: string; index: number } | null = null;
  for await (const r of custodyRepo.walk(db)) {
    digest = custodyLogStep(digest, r);
    lastSeq = r.seq;
    last = { artifactId: r.artifact_id, index: r.idx };
    if (prep.needed.has(r.seq)) digests.set(r.seq, digest);
    where.set(r.seq, last);
  }
  const check = finishCheck('custody', prep, { lastSeq, digestAt: (seq) => digests.get(seq) });
  // A cut the start-up check found is recorded in the audit trail (its seq is an audit seq).
  const findings = (await auditRepo.findings(db, SEAL_CHECK_COMMAND, 'custody')).map(startFinding).filter((f): f is Problem => f !== null);
  const problems = [...check.problems, ...findings.map((f) => ({ ...f, seq: null }))];
  const first: Problem | undefined = problems[0];
  if (!first) return { ok: true, artifacts: ids.length, entries, firstBad: null, keyed: check.keyed, seal: check.seal, problems: [] };
  // Name an entry even when the bad one is gone: the first one at or after it, else the last one.
  const at = first.seq === null ? null : [...where.keys()].find((s) => s >= first.seq!);
  const named = (at !== undefined && at !== null ? where.get(at) : null) ?? last ?? prep.sealedHead ?? { artifactId: '', index: 0 };
  return {
    ok: false,
    artifacts: ids.length,
    entries,
    firstBad: { ...named, seq: at ?? first.seq ?? lastSeq, reason: first.reason },
    keyed: check.keyed,
    seal: check.seal,
    problems: problems.map((p) => p.reason),
  };
}
