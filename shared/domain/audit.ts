// The audit trail as the console reports it: records, keyed checkpoints, the head seal, verification.
/** One audited command: who, what, on what, with which outcome, through which transport. */
export interface AuditEntry {
  at: string;
  actor: string;
  command: string;
  target: string | null;
  outcome: string;
  transport: string;
}
/** An audit entry as listed: its place in the chain and its hash. */
export type AuditRecord = Omit<AuditEntry, 'transport'> & { seq: number; hash: string };
/**
 * How far a tamper-evident log (the audit trail, the custody log) is vouched for by keyed
 * checkpoints: HMACs under a key from the key store that someone with only the data folder cannot
 * recompute, so re-hashing a chain after an edit no longer passes.
 */
export interface ChainKeying {
  /** Checkpoints stored for this log, and how many of them this console could check with its keys. */
  checkpoints: number;
  verified: number;
  /** Checkpoints whose MAC could not be checked because no key is at hand now (key store locked). */
  unverified: number;
  /**
   * The last entry (seq) a checkpoint vouches for whose digest matches the log: its MAC verified,
   * or, while no key is at hand, not checkable yet (counted in unverified); 0 when none.
   */
  coveredThrough: number;
  /** Entries after coveredThrough: an edit or removal there would not show until they are keyed. */
  uncovered: number;
  /** Why those entries are not keyed yet (key store locked, none on this machine…); null when none. */
  uncoveredReason: string | null;
}
/** The log's head as sealed in a file outside the database, so cutting the tail shows. */
export interface ChainSeal {
  /**
   * ok: matches and its MAC verifies; unverified: matches, but no key was available to check its
   * MAC; missing / forged / truncated / rewritten: tampering; not-checked: the chain was already bad.
   */
  status: 'ok' | 'unverified' | 'missing' | 'forged' | 'truncated' | 'rewritten' | 'not-checked';
  /** The head entry (seq) the seal records, when there is a readable seal. */
  seq: number | null;
  reason: string | null;
}
export interface AuditVerifyResult {
  ok: boolean;
  /** Entries whose hash and link were checked. */
  checked: number;
  /** The first entry that is bad or not provably intact (or the first missing one). */
  firstBad: number | null;
  reason: string | null;
  keyed: ChainKeying;
  seal: ChainSeal;
  /** Every problem found, the first one first (reason repeats it). */
  problems: string[];
}
