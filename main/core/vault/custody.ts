// Chain of custody: one hash chain per artifact. Each entry commits to the previous entry's hash,
// so editing, deleting, inserting or reordering entries breaks the chain at the first bad one.
import { createHash } from 'node:crypto';
import type { CustodyAction, CustodyVerifyResult } from '../../../shared/vault';
import type { SqlRunner } from '../db/sqlite';
import { custodyRepo, type CustodyRow } from '../repositories/custodyRepo';

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

export async function verifyCustody(db: SqlRunner, artifactId?: string): Promise<CustodyVerifyResult> {
  const ids = artifactId ? [artifactId] : await custodyRepo.artifactIds(db);
  let entries = 0;
  for (const id of ids) {
    const rows = await custodyRepo.chain(db, id);
    entries += rows.length;
    const bad = checkChain(id, rows);
    if (bad) return { ok: false, artifacts: ids.length, entries, firstBad: { artifactId: id, ...bad } };
  }
  return { ok: true, artifacts: ids.length, entries, firstBad: null };
}
