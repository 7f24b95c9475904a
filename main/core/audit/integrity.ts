// Tamper evidence that holds against someone with the data folder, for the audit trail and the
// custody log. The per-row SHA-256 chains alone do not: editing a row and re-hashing every row
// after it, or deleting the last rows, leaves a chain that verifies. Two things are added:
//
// 1. Keyed checkpoints (table integrity_checkpoints): HMAC-SHA256 over (log, seq, digest through
//    seq, key id) with a subkey of the integrity key from the key store (integrityKeys.ts). For the
//    audit trail the digest is the chain hash of entry seq, which commits to every entry before it;
//    for the custody log it is a running digest over all artifacts' entries in seq order
//    (custodyLogStep). Re-hashing after an edit changes the digest at the next checkpoint, and the MAC
//    cannot be recomputed without the key.
// 2. A head seal outside the database, <dataDir>/integrity-head.json: per log, the head (seq and
//    digest, unkeyed, always current) and the newest keyed checkpoint. A database whose log ends
//    before what the seal records was cut (or an older copy was restored); a seal whose MAC fails
//    was forged. The seal is rewritten atomically (temp file, fsync, rename) after commits.
//
// Cost and availability. Commands never wait for any of this: every command writes its audit row
// as before, in its own transaction. Commits only arm a timer; at most every FLUSH_MS the flush
// writes one checkpoint transaction (when a key is at hand) and the seal file, so timeline:append
// pays nothing per call. When the key store is locked (the browser host's passphrase store after
// every restart) or absent, entries are still chained and the seal's head still advances; the
// first flush after a key becomes available keys all of them at once. Until then audit:verify
// says how many trailing entries are not keyed and why. After a SIGKILL the last < FLUSH_MS of
// entries may be unsealed; they are reported the same way on the next start.
//
// At start the seal is compared with the database before anything is written. A mismatch (seal
// missing although the folder was sealed before, damaged, ahead of the log, or naming a different
// entry) is recorded as an 'audit:seal-check' row in the audit trail itself, so the finding is
// chained, keyed by the next checkpoint and reported by every later verify; the old seal is kept
// beside the new one as integrity-head.rejected-<time>.json.
//
// What it cannot show: entries not yet keyed can be changed or cut together with the unkeyed head
// in the seal; and removing every checkpoint, the seal and the sealed flag together makes the log
// look as if it was never keyed (verify then reports everything as not keyed). Telling those
// apart needs a witness outside the folder, which the key store does not provide for every write.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ChainKeying, ChainSeal } from '../../../shared/domain/audit';
import type { Database } from '../db/database';
import type { SqlRunner } from '../db/sqlite';
import { removeStaleAtomicTemps, writeFileAtomic } from '../keystore/atomicFile';
import type { Logger } from '../logger';
import { auditRepo } from '../repositories/auditRepo';
import { checkpointRepo, type CheckpointRow, type IntegrityLog } from '../repositories/checkpointRepo';
import { custodyRepo, type CustodyRow } from '../repositories/custodyRepo';
import { metaRepo } from '../repositories/metaRepo';
import type { AuditChain } from './auditChain';
import type { IntegrityKeys } from './integrityKeys';

export const SEAL_FILE_NAME = 'integrity-head.json';
export const SEAL_CHECK_COMMAND = 'audit:seal-check';
/** Outcome of a seal check that found the logs altered (reported by every later verify). */
const TAMPERED_PREFIX = 'tampered: ';
/** Outcome of a seal check after a damaged database was replaced (a notice; verify stays ok). */
const REPLACED_PREFIX = 'replaced: ';
const SEALED_FLAG = 'integrity_sealed_at';
const FLUSH_MS = 250;
const LOGS: readonly IntegrityLog[] = ['audit', 'custody'];

/** The running digest of the whole custody log before its first entry. */
export const CUSTODY_LOG_GENESIS = createHash('sha256').update('command-post custody log v1').digest('hex');

/** Fold one custody entry into the log's running digest (binds its place, artifact, index and hash). */
export function custodyLogStep(prev: string, r: Pick<CustodyRow, 'seq' | 'artifact_id' | 'idx' | 'hash'>): string {
  return createHash('sha256').update(JSON.stringify([prev, r.seq, r.artifact_id, r.idx, r.hash])).digest('hex');
}

export interface Head {
  seq: number;
  digest: string;
  /** Custody only: where the head entry belongs, so a cut tail can still be named. */
  artifactId?: string;
  index?: number;
}

export interface SealedCheckpoint {
  seq: number;
  digest: string;
  keyId: string;
  mac: string;
}

export interface SealFile {
  format: 'command-post-integrity-head';
  version: 1;
  writtenAt: string;
  audit: { head: Head; checkpoint: SealedCheckpoint | null };
  custody: { head: Head; checkpoint: SealedCheckpoint | null };
}

export type SealRead = { state: 'missing' } | { state: 'damaged'; reason: string } | { state: 'ok'; seal: SealFile };

export interface Problem {
  /** The first entry that is bad or not provably intact (the first missing one for a cut); null when unknown. */
  seq: number | null;
  kind: 'missing' | 'forged' | 'truncated' | 'rewritten';
  reason: string;
}

/** What verification needs from the running console. */
/** The head seal's writer, as the verify commands see it: flush first, so coverage is current. */
export type IntegrityRuntime = IntegrityView & { flush(): Promise<void> };

export interface IntegrityView {
  readonly keys: IntegrityKeys;
  readSeal(): SealRead;
  /** True once this folder has had a seal (so a missing one was removed). */
  sealedBefore(db: SqlRunner): Promise<boolean>;
  /** The head this process committed (audit only): a log shorter than it was cut while running. */
  memoryHead(log: IntegrityLog): Head | null;
}

function isHead(v: unknown): v is Head {
  const h = v as Head;
  return typeof h === 'object' && h !== null && Number.isInteger(h.seq) && h.seq >= 0 && typeof h.digest === 'string';
}
function isCheckpoint(v: unknown): v is SealedCheckpoint {
  const c = v as SealedCheckpoint;
  return typeof c === 'object' && c !== null && Number.isInteger(c.seq) && typeof c.digest === 'string' && typeof c.keyId === 'string' && typeof c.mac === 'string';
}

export function readSealFile(file: string): SealRead {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'damaged', reason: `the head seal cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let data: SealFile;
  try {
    data = JSON.parse(raw) as SealFile;
  } catch {
    return { state: 'damaged', reason: 'the head seal is not valid JSON' };
  }
  const part = (p: unknown) => typeof p === 'object' && p !== null && isHead((p as SealFile['audit']).head) && ((p as SealFile['audit']).checkpoint === null || isCheckpoint((p as SealFile['audit']).checkpoint));
  if (data?.format !== 'command-post-integrity-head' || data.version !== 1 || !part(data.audit) || !part(data.custody)) {
    return { state: 'damaged', reason: 'the head seal is not a Command Post head seal of a version this build understands' };
  }
  return { state: 'ok', seal: data };
}

/** A tampering the start-up check recorded in the audit trail: it stays a finding for good. */
export function startFinding(r: { seq: number; at: string; outcome: string }): Problem | null {
  if (!r.outcome.startsWith(TAMPERED_PREFIX)) return null;
  return { seq: r.seq, kind: 'truncated', reason: `found at the start of ${r.at}: ${r.outcome.slice(TAMPERED_PREFIX.length)}` };
}

/** Compare one log's part of the seal with the log: the checks the start and every verify share. */
function compareSeal(log: IntegrityLog, part: SealFile['audit'], lastSeq: number, digestAt: (seq: number) => string | undefined, keys: IntegrityKeys): { problems: Problem[]; macVerified: boolean } {
  const problems: Problem[] = [];
  const name = log === 'audit' ? 'audit trail' : 'custody log';
  const cut = (seq: number): Problem => ({
    seq: lastSeq + 1,
    kind: 'truncated',
    reason: `the ${name} ends at entry ${lastSeq} but its head seal records entry ${seq}: entries were removed from the end (or an older database was restored)`,
  });
  const { head, checkpoint } = part;
  if (head.seq > lastSeq) problems.push(cut(head.seq));
  else if (head.seq > 0 && digestAt(head.seq) !== head.digest) {
    problems.push({ seq: null, kind: 'rewritten', reason: `entry ${head.seq} of the ${name} no longer matches its head seal: entries up to it were rewritten` });
  }
  let macVerified = false;
  if (checkpoint) {
    const mac = keys.check(log, checkpoint.keyId, checkpoint.seq, checkpoint.digest, checkpoint.mac);
    if (mac === false) problems.push({ seq: null, kind: 'forged', reason: `the head seal of the ${name} is forged: its keyed checkpoint at entry ${checkpoint.seq} does not verify` });
    else if (checkpoint.seq > lastSeq) {
      if (head.seq <= lastSeq) problems.push(cut(checkpoint.seq));
    } else if (digestAt(checkpoint.seq) !== checkpoint.digest) {
      problems.push({ seq: null, kind: 'rewritten', reason: `entry ${checkpoint.seq} of the ${name} no longer matches the keyed checkpoint in its head seal: entries up to it were rewritten` });
    }
    macVerified = mac === true;
  }
  return { problems, macVerified };
}

export interface PreparedCheck {
  /** Entries whose digest the check needs (checkpoints, seal, memory head). */
  needed: Set<number>;
  checkpoints: CheckpointRow[];
  seal: SealRead;
  sealedBefore: boolean;
  memory: Head | null;
  keys: IntegrityKeys;
  /** Custody: the entry the seal names as head, to name something when the log was cut. */
  sealedHead: { artifactId: string; index: number } | null;
}

/** Read what the check compares the log with, before the log is walked (it only grows meanwhile). */
export async function prepareCheck(db: SqlRunner, log: IntegrityLog, view: IntegrityView): Promise<PreparedCheck> {
  const memory = view.memoryHead(log);
  const seal = view.readSeal();
  const checkpoints = await checkpointRepo.list(db, log);
  const needed = new Set<number>(checkpoints.map((c) => c.seq));
  let sealedHead: PreparedCheck['sealedHead'] = null;
  if (seal.state === 'ok') {
    const part = seal.seal[log];
    needed.add(part.head.seq);
    if (part.checkpoint) needed.add(part.checkpoint.seq);
    if (typeof part.head.artifactId === 'string') sealedHead = { artifactId: part.head.artifactId, index: part.head.index ?? 0 };
  }
  if (memory) needed.add(memory.seq);
  return { needed, checkpoints, seal, sealedBefore: await view.sealedBefore(db), memory, keys: view.keys, sealedHead };
}

/** Keyed coverage and seal state of a log whose chain checked out, from the walked facts. */
export function finishCheck(log: IntegrityLog, prep: PreparedCheck, facts: { lastSeq: number; digestAt: (seq: number) => string | undefined }): { keyed: ChainKeying; seal: ChainSeal; problems: Problem[] } {
  const { lastSeq, digestAt } = facts;
  const name = log === 'audit' ? 'audit trail' : 'custody log';
  const problems: Problem[] = [];
  const { keys } = prep;

  let verified = 0;
  let unverified = 0;
  let coveredThrough = 0;
  let otherKeys = 0;
  for (const cp of prep.checkpoints) {
    if (cp.seq > lastSeq) {
      problems.push({ seq: lastSeq + 1, kind: 'truncated', reason: `the ${name} ends at entry ${lastSeq} but a keyed checkpoint vouches for entry ${cp.seq}: entries were removed from the end (or an older database was restored)` });
      break;
    }
    const mac = keys.check(log, cp.key_id, cp.seq, cp.digest, cp.mac);
    if (mac === false) {
      problems.push({ seq: coveredThrough + 1, kind: 'forged', reason: `the keyed checkpoint at entry ${cp.seq} of the ${name} is forged (its MAC does not verify)` });
      break;
    }
    if (digestAt(cp.seq) !== cp.digest) {
      problems.push({
        seq: coveredThrough + 1,
        kind: 'rewritten',
        reason: `entries ${coveredThrough + 1}–${cp.seq} of the ${name} were rewritten after they were keyed: the checkpoint at entry ${cp.seq} no longer matches (an entry was edited and the chain re-hashed)`,
      });
      break;
    }
    if (mac === null) {
      // With no key at all (store locked) the checkpoint counts, unchecked for now. With a key at
      // hand, one made by a key this console cannot load vouches for nothing here.
      if (keys.signingKeyId !== null) otherKeys++;
      else {
        unverified++;
        coveredThrough = Math.max(coveredThrough, cp.seq);
      }
      continue;
    }
    verified++;
    coveredThrough = Math.max(coveredThrough, cp.seq);
  }

  if (prep.memory && prep.memory.seq > lastSeq) {
    problems.push({ seq: lastSeq + 1, kind: 'truncated', reason: `the ${name} ends at entry ${lastSeq} but this console wrote up to entry ${prep.memory.seq}: entries were removed from the end while it ran` });
  } else if (prep.memory && prep.memory.seq > 0 && digestAt(prep.memory.seq) !== prep.memory.digest) {
    problems.push({ seq: null, kind: 'rewritten', reason: `entry ${prep.memory.seq} of the ${name} is not the one this console wrote: entries were rewritten while it ran` });
  }

  let seal: ChainSeal;
  if (prep.seal.state === 'missing') {
    if (prep.sealedBefore) {
      const reason = `the head seal (${SEAL_FILE_NAME}) is missing: it was removed, so a cut tail would not show`;
      problems.push({ seq: null, kind: 'missing', reason });
      seal = { status: 'missing', seq: null, reason };
    } else seal = { status: 'unverified', seq: null, reason: 'this folder has not been sealed yet' };
  } else if (prep.seal.state === 'damaged') {
    const reason = `${prep.seal.reason}: it was damaged or forged`;
    problems.push({ seq: null, kind: 'forged', reason });
    seal = { status: 'forged', seq: null, reason };
  } else {
    const part = prep.seal.seal[log];
    const cmp = compareSeal(log, part, lastSeq, digestAt, keys);
    problems.push(...cmp.problems);
    const own = cmp.problems[0];
    seal = own
      ? { status: own.kind, seq: part.head.seq, reason: own.reason }
      : cmp.macVerified
        ? { status: 'ok', seq: part.head.seq, reason: null }
        : { status: 'unverified', seq: part.head.seq, reason: part.checkpoint ? 'no key at hand to check the seal’s checkpoint' : 'the seal holds no keyed checkpoint yet' };
  }

  const uncovered = Math.max(0, lastSeq - coveredThrough);
  let uncoveredReason: string | null = null;
  if (uncovered > 0) {
    uncoveredReason =
      keys.unavailableReason() ??
      (otherKeys > 0 ? 'they are keyed only by a key this console cannot load (another key store wrote those checkpoints)' : 'written since the last checkpoint; keyed within a second');
  }
  return { keyed: { checkpoints: prep.checkpoints.length, verified, unverified, coveredThrough, uncovered, uncoveredReason }, seal, problems };
}

/** Keyed and seal fields when they were not checked (the chain was already broken). */
export function notChecked(entries: number): { keyed: ChainKeying; seal: ChainSeal } {
  return {
    keyed: { checkpoints: 0, verified: 0, unverified: 0, coveredThrough: 0, uncovered: entries, uncoveredReason: 'keyed checkpoints were not checked' },
    seal: { status: 'not-checked', seq: null, reason: null },
  };
}

export interface IntegritySealOptions {
  dataDir: string;
  db: Database;
  audit: AuditChain;
  keys: IntegrityKeys;
  now: () => number;
  logger: Logger;
  /** Set when this start moved a damaged database aside: a seal mismatch is then expected, and said so. */
  replacedDatabase?: string | null;
  flushMs?: number;
}

/** Writes the keyed checkpoints and the head seal; the console's IntegrityView for verification. */
export class IntegritySeal implements IntegrityView {
  readonly file: string;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private custody: Head = { seq: 0, digest: CUSTODY_LOG_GENESIS };
  private readonly lastCheckpoint: Record<IntegrityLog, SealedCheckpoint | null> = { audit: null, custody: null };
  private written: string | null = null;
  private flagged = false;

  constructor(private readonly opts: IntegritySealOptions) {
    this.file = path.join(opts.dataDir, SEAL_FILE_NAME);
  }

  get keys(): IntegrityKeys {
    return this.opts.keys;
  }

  readSeal(): SealRead {
    return readSealFile(this.file);
  }

  async sealedBefore(db: SqlRunner): Promise<boolean> {
    return (await metaRepo.get(db, SEALED_FLAG)) !== null;
  }

  memoryHead(log: IntegrityLog): Head | null {
    if (log !== 'audit') return null;
    const h = this.opts.audit.committedHead;
    return { seq: h.seq, digest: h.hash };
  }

  /**
   * Before the first command: compare the seal with the database, record any mismatch in the audit
   * trail, then seal the current state. Call once, with the data folder's lock held.
   */
  async start(): Promise<void> {
    const { db, keys, logger } = this.opts;
    removeStaleAtomicTemps(this.file);
    await keys.refresh();
    const read = this.readSeal();
    const needed = new Set<number>();
    if (read.state === 'ok' && read.seal.custody.head.seq > 0) needed.add(read.seal.custody.head.seq);
    if (read.state === 'ok' && read.seal.custody.checkpoint) needed.add(read.seal.custody.checkpoint.seq);
    const custodyDigests = new Map<number, string>();
    await this.advanceCustody((seq, digest) => {
      if (needed.has(seq)) custodyDigests.set(seq, digest);
    });
    this.flagged = await this.sealedBefore(db.reader);

    const findings: Array<{ log: IntegrityLog; reason: string }> = [];
    if (read.state === 'missing' && this.flagged) findings.push({ log: 'audit', reason: `the head seal (${SEAL_FILE_NAME}) was missing at start` });
    else if (read.state === 'damaged') findings.push({ log: 'audit', reason: `${read.reason} at start` });
    else if (read.state === 'ok') {
      const audit = this.opts.audit.committedHead;
      const auditDigests = new Map<number, string | null>();
      for (const seq of [read.seal.audit.head.seq, read.seal.audit.checkpoint?.seq ?? 0]) if (seq > 0 && seq <= audit.seq) auditDigests.set(seq, await auditRepo.hashAt(db.reader, seq));
      for (const p of compareSeal('audit', read.seal.audit, audit.seq, (s) => auditDigests.get(s) ?? undefined, keys).problems) findings.push({ log: 'audit', reason: p.reason });
      for (const p of compareSeal('custody', read.seal.custody, this.custody.seq, (s) => custodyDigests.get(s), keys).problems) findings.push({ log: 'custody', reason: p.reason });
    }
    // A quarantined database is a reported accident, not tampering: its entries are in the damaged
    // file the start kept, and the old seal goes beside that file so the two can still be checked
    // against each other. The new database starts a chain of its own, noted (not flagged) in it.
    const replaced = findings.length > 0 && this.opts.replacedDatabase && read.state === 'ok' ? this.opts.replacedDatabase : null;
    if (replaced && read.state === 'ok') {
      const kept = path.basename(replaced);
      for (const f of findings) f.reason = `the damaged database was moved aside to ${kept}: the ${f.log === 'audit' ? 'audit trail' : 'custody log'} sealed through entry ${read.seal[f.log].head.seq} is in that file`;
    }
    if (findings.length > 0) {
      if (read.state !== 'missing') {
        const aside = replaced ? `${replaced}.${SEAL_FILE_NAME}` : path.join(this.opts.dataDir, `integrity-head.rejected-${new Date(this.opts.now()).toISOString().replace(/[:.]/g, '-')}.json`);
        try {
          fs.renameSync(this.file, aside);
        } catch (err) {
          logger.warn(`the ${replaced ? 'old' : 'rejected'} head seal could not be kept aside: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        }
      }
      for (const f of findings) logger.warn(`integrity check at start: ${f.reason}`);
      const at = new Date(this.opts.now()).toISOString();
      const verdict = replaced ? REPLACED_PREFIX : TAMPERED_PREFIX;
      try {
        await db.queue.transaction(async (tx) => {
          for (const f of findings) await this.opts.audit.record(tx, { at, actor: 'system', command: SEAL_CHECK_COMMAND, target: f.log, outcome: `${verdict}${f.reason}`, transport: 'startup' });
        });
      } catch (err) {
        // A full disk must not keep the console from starting; the set-aside seal file stays as the record.
        logger.error(`the integrity finding could not be recorded: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    // Carry the newest checkpoint that still fits the log into the seal (a forged one far ahead must
    // not stop new checkpoints; verify reports it).
    const heads: Record<IntegrityLog, number> = { audit: this.opts.audit.committedHead.seq, custody: this.custody.seq };
    for (const log of LOGS) {
      const fits = (await checkpointRepo.list(db.reader, log)).filter((c) => c.seq <= heads[log] && keys.check(log, c.key_id, c.seq, c.digest, c.mac) !== false);
      const cp = fits.at(-1);
      this.lastCheckpoint[log] = cp ? { seq: cp.seq, digest: cp.digest, keyId: cp.key_id, mac: cp.mac } : null;
    }
    // Sealing failures (a full disk) are logged by flush() and retried after the next commit.
    await this.flush().catch(() => undefined);
  }

  /** After a commit: seal within FLUSH_MS (one timer however many commits arrive meanwhile). */
  schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => undefined);
    }, this.opts.flushMs ?? FLUSH_MS);
    this.timer.unref();
  }

  /** Key what is not keyed yet (when a key is at hand) and rewrite the seal; serialized. */
  flush(): Promise<void> {
    const run = this.chain.then(() => this.flushNow());
    this.chain = run.catch((err: unknown) => this.opts.logger.warn(`sealing the audit trail failed: ${err instanceof Error ? err.message : String(err)}`));
    return run;
  }

  /** Stop the timer and seal what was committed. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush().catch(() => undefined);
  }

  private async flushNow(): Promise<void> {
    const { db, keys } = this.opts;
    if (keys.incomplete) await keys.refresh();
    await this.advanceCustody();
    const audit = this.opts.audit.committedHead;
    const heads: Record<IntegrityLog, Head> = { audit: { seq: audit.seq, digest: audit.hash }, custody: this.custody };
    const keyId = keys.signingKeyId;
    const fresh: CheckpointRow[] = [];
    const at = new Date(this.opts.now()).toISOString();
    if (keyId) {
      for (const log of LOGS) {
        const h = heads[log];
        const last = this.lastCheckpoint[log];
        if (h.seq === 0 || (last && last.seq >= h.seq)) continue;
        fresh.push({ id: 0, log, seq: h.seq, digest: h.digest, key_id: keyId, mac: keys.mac(log, keyId, h.seq, h.digest)!, at });
      }
    }
    if (fresh.length > 0) {
      await db.queue.transaction(async (tx) => {
        for (const cp of fresh) await checkpointRepo.insert(tx, cp);
      });
      for (const cp of fresh) this.lastCheckpoint[cp.log] = { seq: cp.seq, digest: cp.digest, keyId: cp.key_id, mac: cp.mac };
    }
    const body = {
      audit: { head: heads.audit, checkpoint: this.lastCheckpoint.audit },
      custody: { head: heads.custody, checkpoint: this.lastCheckpoint.custody },
    };
    const text = JSON.stringify(body);
    if (text !== this.written) {
      const seal: SealFile = { format: 'command-post-integrity-head', version: 1, writtenAt: at, ...body };
      writeFileAtomic(this.file, `${JSON.stringify(seal, null, 2)}\n`);
      this.written = text;
    }
    // The flag follows the file, so a crash between them never makes a seal look removed.
    if (!this.flagged) {
      await db.queue.transaction((tx) => metaRepo.set(tx, SEALED_FLAG, at));
      this.flagged = true;
    }
  }

  /** Fold custody entries committed since the last call into the running digest. */
  private async advanceCustody(onEntry?: (seq: number, digest: string) => void): Promise<void> {
    let h = this.custody;
    for await (const r of custodyRepo.walk(this.opts.db.reader, h.seq)) {
      h = { seq: r.seq, digest: custodyLogStep(h.digest, r), artifactId: r.artifact_id, index: r.idx };
      onEntry?.(h.seq, h.digest);
    }
    this.custody = h;
  }
}
