// The integrity module's checks one at a time, with real keys from a real key store: every way a
// head seal can be unreadable, every verdict finishCheck can reach, with the exact words the user
// reads. The whole-console tests (auditSeal.test.ts) show the same checks end to end.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpointMac, IntegrityKeys, keyIdOf } from '../../../main/core/audit/integrityKeys';
import {
  CUSTODY_LOG_GENESIS,
  custodyLogStep,
  finishCheck,
  notChecked,
  readSealFile,
  SEAL_FILE_NAME,
  startFinding,
  type PreparedCheck,
  type SealFile,
  type SealRead,
} from '../../../main/core/audit/integrity';
import type { CheckpointRow } from '../../../main/core/repositories/checkpointRepo';
import { selectKeyStores } from '../../../main/core/keystore/selectKeyStore';
import { InMemoryOsKeyStore } from '../vault/helpers';
import { tempDir } from '../../helpers/tempCore';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = tempDir('cp-integrity-');
  dirs.push(d);
  return d;
}

/** Real keys: an in-memory OS store (open) or none (passphrase store only, never unlocked). */
async function keysWith(os: InMemoryOsKeyStore | null): Promise<IntegrityKeys> {
  const stores = await selectKeyStores({ dataDir: dir(), preferred: os, keytar: false });
  const keys = new IntegrityKeys(stores);
  await keys.refresh();
  return keys;
}

const digest = (seq: number) => `d${seq}`.padEnd(64, '0');
const digestAt = (seq: number) => digest(seq);

function cp(keys: IntegrityKeys, log: 'audit' | 'custody', seq: number, over: Partial<CheckpointRow> = {}): CheckpointRow {
  const keyId = keys.signingKeyId!;
  return { id: seq, log, seq, digest: digest(seq), key_id: keyId, mac: keys.mac(log, keyId, seq, digest(seq))!, at: '2026-12-01T00:00:00.000Z', ...over };
}

function sealOf(part: Partial<SealFile['audit']>, custody: Partial<SealFile['custody']> = {}): SealRead {
  const seal: SealFile = {
    format: 'command-post-integrity-head',
    version: 1,
    writtenAt: '2026-12-01T00:00:00.000Z',
    audit: { head: { seq: 0, digest: 'x' }, checkpoint: null, ...part },
    custody: { head: { seq: 0, digest: CUSTODY_LOG_GENESIS }, checkpoint: null, ...custody },
  };
  return { state: 'ok', seal };
}

function prep(keys: IntegrityKeys, over: Partial<PreparedCheck> = {}): PreparedCheck {
  return { needed: new Set(), checkpoints: [], seal: { state: 'missing' }, sealedBefore: false, memory: null, keys, sealedHead: null, ...over };
}

describe('readSealFile', () => {
  let file: string;
  beforeEach(() => {
    file = path.join(dir(), SEAL_FILE_NAME);
  });
  const good = (): SealFile => ({
    format: 'command-post-integrity-head',
    version: 1,
    writtenAt: 'now',
    audit: { head: { seq: 3, digest: 'a' }, checkpoint: { seq: 3, digest: 'a', keyId: 'k', mac: 'm' } },
    custody: { head: { seq: 0, digest: 'g' }, checkpoint: null },
  });
  const write = (v: unknown) => fs.writeFileSync(file, typeof v === 'string' ? v : JSON.stringify(v));
  const NOT_OURS = { state: 'damaged', reason: 'the head seal is not a Command Post head seal of a version this build understands' };

  it('a missing file is missing; an unreadable one names the error code; bad JSON says so', () => {
    expect(readSealFile(file)).toEqual({ state: 'missing' });
    fs.mkdirSync(file);
    expect(readSealFile(file)).toEqual({ state: 'damaged', reason: 'the head seal cannot be read (EISDIR)' });
    fs.rmdirSync(file);
    write('{"format": ');
    expect(readSealFile(file)).toEqual({ state: 'damaged', reason: 'the head seal is not valid JSON' });
  });

  it('reads a good seal as it was written', () => {
    write(good());
    expect(readSealFile(file)).toEqual({ state: 'ok', seal: good() });
  });

  it('refuses every shape that is not a head seal of this version', () => {
    const variants: Array<[string, (s: Record<string, any>) => unknown]> = [
      ['null', () => null],
      ['another format', (s) => ({ ...s, format: 'something-else' })],
      ['version 2', (s) => ({ ...s, version: 2 })],
      ['no audit part', (s) => ({ ...s, audit: undefined })],
      ['audit part not an object', (s) => ({ ...s, audit: 'x' })],
      ['audit part null', (s) => ({ ...s, audit: null })],
      ['no custody part', (s) => ({ ...s, custody: undefined })],
      ['head null', (s) => ({ ...s, audit: { ...s.audit, head: null } })],
      ['head missing', (s) => ({ ...s, audit: { checkpoint: null } })],
      ['head a string', (s) => ({ ...s, audit: { ...s.audit, head: 'x' } })],
      ['head seq a fraction', (s) => ({ ...s, audit: { ...s.audit, head: { seq: 1.5, digest: 'a' } } })],
      ['head seq negative', (s) => ({ ...s, audit: { ...s.audit, head: { seq: -1, digest: 'a' } } })],
      ['head seq a string', (s) => ({ ...s, audit: { ...s.audit, head: { seq: '3', digest: 'a' } } })],
      ['head digest missing', (s) => ({ ...s, audit: { ...s.audit, head: { seq: 3 } } })],
      ['custody head digest a number', (s) => ({ ...s, custody: { ...s.custody, head: { seq: 0, digest: 5 } } })],
      ['checkpoint missing (not null)', (s) => ({ ...s, audit: { head: s.audit.head } })],
      ['checkpoint a string', (s) => ({ ...s, audit: { ...s.audit, checkpoint: 'x' } })],
      ['checkpoint seq a fraction', (s) => ({ ...s, audit: { ...s.audit, checkpoint: { ...s.audit.checkpoint, seq: 2.5 } } })],
      ['checkpoint digest missing', (s) => ({ ...s, audit: { ...s.audit, checkpoint: { ...s.audit.checkpoint, digest: undefined } } })],
      ['checkpoint keyId a number', (s) => ({ ...s, audit: { ...s.audit, checkpoint: { ...s.audit.checkpoint, keyId: 7 } } })],
      ['checkpoint mac missing', (s) => ({ ...s, audit: { ...s.audit, checkpoint: { ...s.audit.checkpoint, mac: undefined } } })],
    ];
    for (const [what, change] of variants) {
      write(change(good() as unknown as Record<string, any>));
      expect(readSealFile(file), what).toEqual(NOT_OURS);
    }
    // Head seq 0 is a valid (empty) head.
    write({ ...good(), audit: { head: { seq: 0, digest: 'g' }, checkpoint: null } });
    expect(readSealFile(file).state).toBe('ok');
  });
});

describe('startFinding and notChecked', () => {
  it('turns only a tampering verdict into a finding, naming when it was found', () => {
    expect(startFinding({ seq: 9, at: '2026-12-01T10:00:00.000Z', outcome: 'tampered: the head seal was missing at start' })).toEqual({
      seq: 9,
      kind: 'truncated',
      reason: 'found at the start of 2026-12-01T10:00:00.000Z: the head seal was missing at start',
    });
    expect(startFinding({ seq: 9, at: 'x', outcome: 'replaced: the damaged database was moved aside' })).toBeNull();
    expect(startFinding({ seq: 9, at: 'x', outcome: 'ok' })).toBeNull();
  });

  it('a chain that was not checked reports every entry uncovered', () => {
    expect(notChecked(12)).toEqual({
      keyed: { checkpoints: 0, verified: 0, unverified: 0, coveredThrough: 0, uncovered: 12, uncoveredReason: 'keyed checkpoints were not checked' },
      seal: { status: 'not-checked', seq: null, reason: null },
    });
  });
});

describe('custodyLogStep', () => {
  it('binds the place, the artifact, the index and the hash of every entry', () => {
    const r = { seq: 4, artifact_id: 'a1', idx: 2, hash: 'h' };
    const d = custodyLogStep(CUSTODY_LOG_GENESIS, r);
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(custodyLogStep(CUSTODY_LOG_GENESIS, r)).toBe(d);
    for (const other of [{ ...r, seq: 5 }, { ...r, artifact_id: 'a2' }, { ...r, idx: 3 }, { ...r, hash: 'g' }]) expect(custodyLogStep(CUSTODY_LOG_GENESIS, other)).not.toBe(d);
    expect(custodyLogStep('0'.repeat(64), r)).not.toBe(d);
  });
});

describe('finishCheck', () => {
  it('an honest log keyed through its head, with a verifying seal', async () => {
    const keys = await keysWith(new InMemoryOsKeyStore());
    const p = prep(keys, { checkpoints: [cp(keys, 'audit', 3), cp(keys, 'audit', 6)], seal: sealOf({ head: { seq: 6, digest: digest(6) }, checkpoint: { seq: 6, digest: digest(6), keyId: keys.signingKeyId!, mac: keys.mac('audit', keys.signingKeyId!, 6, digest(6))! } }), sealedBefore: true });
    expect(finishCheck('audit', p, { lastSeq: 6, digestAt })).toEqual({
      keyed: { checkpoints: 2, verified: 2, unverified: 0, coveredThrough: 6, uncovered: 0, uncoveredReason: null },
      seal: { status: 'ok', seq: 6, reason: null },
      problems: [],
    });
  });

  it('entries after the last checkpoint are uncovered, for the reason that applies', async () => {
    const keys = await keysWith(new InMemoryOsKeyStore());
    const r = finishCheck('audit', prep(keys, { checkpoints: [cp(keys, 'audit', 3)] }), { lastSeq: 5, digestAt });
    expect(r.keyed).toEqual({ checkpoints: 1, verified: 1, unverified: 0, coveredThrough: 3, uncovered: 2, uncoveredReason: 'written since the last checkpoint; keyed within a second' });
    expect(r.seal).toEqual({ status: 'unverified', seq: null, reason: 'this folder has not been sealed yet' });
    expect(r.problems).toEqual([]);
  });

  it('a checkpoint beyond the end of the log: the tail was cut', async () => {
    const keys = await keysWith(new InMemoryOsKeyStore());
    const r = finishCheck('custody', prep(keys, { checkpoints: [cp(keys, 'custody', 2), cp(keys, 'custody', 8), cp(keys, 'custody', 9)] }), { lastSeq: 5, digestAt });
    expect(r.problems).toEqual([
      { seq: 6, kind: 'truncated', reason: 'the custody log ends at entry 5 but a keyed checkpoint vouches for entry 8: entries were removed from the end (or an older database was restored)' },
    ]);
    expect(r.keyed).toMatchObject({ checkpoints: 3, verified: 1, coveredThrough: 2, uncovered: 3 });
  });

  it('a checkpoint whose MAC fails is forged; one whose digest differs was rewritten', async () => {
    const keys = await keysWith(new InMemoryOsKeyStore());
    const forged = cp(keys, 'audit', 4, { mac: 'ab'.repeat(32) });
    const r1 = finishCheck('audit', prep(keys, { checkpoints: [cp(keys, 'audit', 2), forged, cp(keys, 'audit', 6)] }), { lastSeq: 6, digestAt });
    expect(r1.problems).toEqual([{ seq: 3, kind: 'forged', reason: 'the keyed checkpoint at entry 4 of the audit trail is forged (its MAC does not verify)' }]);
    expect(r1.keyed).toMatchObject({ verified: 1, coveredThrough: 2 });

    const r2 = finishCheck('audit', prep(keys, { checkpoints: [cp(keys, 'audit', 2), cp(keys, 'audit', 4), cp(keys, 'audit', 6)] }), { lastSeq: 6, digestAt: (s) => (s === 4 ? 'other' : digest(s)) });
    expect(r2.problems).toEqual([
      {
        seq: 3,
        kind: 'rewritten',
        reason: 'entries 3–4 of the audit trail were rewritten after they were keyed: the checkpoint at entry 4 no longer matches (an entry was edited and the chain re-hashed)',
      },
    ]);
    expect(r2.keyed).toMatchObject({ verified: 1, coveredThrough: 2, uncovered: 4 });
  });

  it('with no key at hand, checkpoints count unchecked; with another key at hand they vouch for nothing', async () => {
    const signer = await keysWith(new InMemoryOsKeyStore());
    const rows = [cp(signer, 'audit', 3), cp(signer, 'audit', 5)];
    const none = await keysWith(null);
    expect(none.signingKeyId).toBeNull();
    const locked = finishCheck('audit', prep(none, { checkpoints: rows }), { lastSeq: 6, digestAt });
    expect(locked.keyed).toEqual({
      checkpoints: 2,
      verified: 0,
      unverified: 2,
      coveredThrough: 5,
      uncovered: 1,
      uncoveredReason: 'no key store: this machine has no OS key store and no passphrase has been chosen yet (create the vault with a passphrase to key the chains)',
    });
    const other = await keysWith(new InMemoryOsKeyStore());
    expect(other.signingKeyId).not.toBe(signer.signingKeyId);
    const foreign = finishCheck('audit', prep(other, { checkpoints: rows }), { lastSeq: 6, digestAt });
    expect(foreign.keyed).toEqual({
      checkpoints: 2,
      verified: 0,
      unverified: 0,
      coveredThrough: 0,
      uncovered: 6,
      uncoveredReason: 'they are keyed only by a key this console cannot load (another key store wrote those checkpoints)',
    });
    expect(foreign.problems).toEqual([]);
  });

  it('the head this console wrote: a shorter log was cut while running; a different entry was rewritten', async () => {
    const keys = await keysWith(new InMemoryOsKeyStore());
    expect(finishCheck('audit', prep(keys, { memory: { seq: 9, digest: digest(9) } }), { lastSeq: 7, digestAt }).problems).toEqual([
      { seq: 8, kind: 'truncated', reason: 'the audit trail ends at entry 7 but this console wrote up to entry 9: entries were removed from the end while it ran' },
    ]);
    expect(finishCheck('audit', prep(keys, { memory: { seq: 7, digest: 'other' } }), { lastSeq: 7, digestAt }).problems).toEqual([
      { seq: null, kind: 'rewritten', reason: 'entry 7 of the audit trail is not the one this console wrote: entries were rewritten while it ran' },
    ]);
    // An empty log with an empty memory head is fine; so is the head that matches.
    expect(finishCheck('audit', prep(keys, { memory: { seq: 0, digest: 'genesis' } }), { lastSeq: 0, digestAt }).problems).toEqual([]);
    expect(finishCheck('audit', prep(keys, { memory: { seq: 7, digest: digest(7) } }), { lastSeq: 7, digestAt }).problems).toEqual([]);
  });

  it('a seal that is missing after the folder was sealed, or damaged, is reported with the reason', async () => {
    const keys = await keysWith(new InMemoryOsKeyStore());
    const missing = finishCheck('audit', prep(keys, { seal: { state: 'missing' }, sealedBefore: true }), { lastSeq: 2, digestAt });
    const why = 'the head seal (integrity-head.json) is missing: it was removed, so a cut tail would not show';
    expect(missing.problems).toEqual([{ seq: null, kind: 'missing', reason: why }]);
    expect(missing.seal).toEqual({ status: 'missing', seq: null, reason: why });
    const damaged = finishCheck('audit', prep(keys, { seal: { state: 'damaged', reason: 'the head seal is not valid JSON' } }), { lastSeq: 2, digestAt });
    expect(damaged.problems).toEqual([{ seq: null, kind: 'forged', reason: 'the head seal is not valid JSON: it was damaged or forged' }]);
    expect(damaged.seal).toEqual({ status: 'forged', seq: null, reason: 'the head seal is not valid JSON: it was damaged or forged' });
  });

  it('compares the seal with the log: a cut tail, a rewritten head, a forged or stale checkpoint', async () => {
    const keys = await keysWith(new InMemoryOsKeyStore());
    const id = keys.signingKeyId!;
    const sealed = (seq: number, over: Partial<{ digest: string; mac: string }> = {}) => ({ seq, digest: over.digest ?? digest(seq), keyId: id, mac: over.mac ?? keys.mac('custody', id, seq, over.digest ?? digest(seq))! });
    const check = (part: Partial<SealFile['custody']>, lastSeq: number, at = digestAt) => finishCheck('custody', prep(keys, { seal: sealOf({}, part) }), { lastSeq, digestAt: at });

    const cut = check({ head: { seq: 9, digest: digest(9) } }, 6);
    const cutWhy = 'the custody log ends at entry 6 but its head seal records entry 9: entries were removed from the end (or an older database was restored)';
    expect(cut.problems).toEqual([{ seq: 7, kind: 'truncated', reason: cutWhy }]);
    expect(cut.seal).toEqual({ status: 'truncated', seq: 9, reason: cutWhy });

    const rewritten = check({ head: { seq: 6, digest: 'other' } }, 6);
    expect(rewritten.problems).toEqual([{ seq: null, kind: 'rewritten', reason: 'entry 6 of the custody log no longer matches its head seal: entries up to it were rewritten' }]);

    const forged = check({ head: { seq: 6, digest: digest(6) }, checkpoint: sealed(6, { mac: 'cd'.repeat(32) }) }, 6);
    expect(forged.problems).toEqual([{ seq: null, kind: 'forged', reason: 'the head seal of the custody log is forged: its keyed checkpoint at entry 6 does not verify' }]);
    expect(forged.seal.status).toBe('forged');

    // The seal's checkpoint is past the log's end while its head is not: also a cut.
    const ahead = check({ head: { seq: 5, digest: digest(5) }, checkpoint: sealed(8) }, 6);
    expect(ahead.problems).toEqual([{ seq: 7, kind: 'truncated', reason: 'the custody log ends at entry 6 but its head seal records entry 8: entries were removed from the end (or an older database was restored)' }]);
    // Head at the end and the checkpoint past it: still a cut.
    expect(check({ head: { seq: 6, digest: digest(6) }, checkpoint: sealed(8) }, 6).problems.map((p) => p.kind)).toEqual(['truncated']);
    // Both past the end: reported once.
    expect(check({ head: { seq: 9, digest: digest(9) }, checkpoint: sealed(8) }, 6).problems).toHaveLength(1);

    const stale = check({ head: { seq: 6, digest: digest(6) }, checkpoint: sealed(4) }, 6, (s) => (s === 4 ? 'other' : digest(s)));
    expect(stale.problems).toEqual([
      { seq: null, kind: 'rewritten', reason: 'entry 4 of the custody log no longer matches the keyed checkpoint in its head seal: entries up to it were rewritten' },
    ]);

    const fine = check({ head: { seq: 6, digest: digest(6) }, checkpoint: sealed(6) }, 6);
    expect(fine).toMatchObject({ problems: [], seal: { status: 'ok', seq: 6, reason: null } });
    const noCheckpoint = check({ head: { seq: 6, digest: digest(6) } }, 6);
    expect(noCheckpoint.seal).toEqual({ status: 'unverified', seq: 6, reason: 'the seal holds no keyed checkpoint yet' });
    // An empty head (seq 0) names no entry to compare.
    expect(check({ head: { seq: 0, digest: 'anything' } }, 0).problems).toEqual([]);
  });

  it('names the audit trail in what it says of the audit part of the seal', async () => {
    const keys = await keysWith(new InMemoryOsKeyStore());
    const r = finishCheck('audit', prep(keys, { seal: sealOf({ head: { seq: 9, digest: digest(9) } }) }), { lastSeq: 4, digestAt });
    expect(r.problems).toEqual([
      { seq: 5, kind: 'truncated', reason: 'the audit trail ends at entry 4 but its head seal records entry 9: entries were removed from the end (or an older database was restored)' },
    ]);
  });

  it('a seal checkpoint made by a key this console does not have is unverified, not forged', async () => {
    const keys = await keysWith(null);
    const other = Buffer.alloc(32, 7);
    const keyId = keyIdOf(other);
    const mac = checkpointMac(Buffer.alloc(32, 1), 'audit', 6, digest(6), keyId);
    const r = finishCheck('audit', prep(keys, { seal: sealOf({ head: { seq: 6, digest: digest(6) }, checkpoint: { seq: 6, digest: digest(6), keyId, mac } }) }), { lastSeq: 6, digestAt });
    expect(r.problems).toEqual([]);
    expect(r.seal).toEqual({ status: 'unverified', seq: 6, reason: 'no key at hand to check the seal’s checkpoint' });
  });
});
