// The head seal's writer over a real console: what the start-up check records, logs and keeps aside
// in each case (with the exact words), that an honest restart finds nothing and leaves no trace, that
// the seal follows commits on its own (with or without a key), and what a failing disk is told.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH } from '../../../main/core/audit/auditChain';
import { CUSTODY_LOG_GENESIS, prepareCheck, SEAL_FILE_NAME } from '../../../main/core/audit/integrity';
import type { Core } from '../../../main/core/createCore';
import type { Logger } from '../../../main/core/logger';
import { InMemoryOsKeyStore, PASSPHRASE } from '../vault/helpers';
import { consoles, declare } from './consoles';
import { editAndRehash, raw } from './tamper';

const NOW = Date.parse('2026-12-01T10:00:00.000Z');
const STAMP = '2026-12-01T10-00-00-000Z';
const lab = consoles('cp-sealw-');
const { fresh, stop } = lab;
afterEach(lab.cleanup);

/** A logger that keeps what it was told. */
function logger(): { log: Logger; warn: string[]; error: string[] } {
  const warn: string[] = [];
  const error: string[] = [];
  return { log: { info() {}, warn: (m) => void warn.push(m), error: (m) => void error.push(m) }, warn, error };
}

/** A console whose clock starts at NOW (so file names with the time are known) and whose log is kept. */
function start(dataDir: string, keyStore: InMemoryOsKeyStore | null, log: Logger = logger().log): Promise<Core> {
  let t = NOW;
  return lab.start(dataDir, keyStore, { logger: log, now: () => (t += 1) - 1 });
}
/** A vault in the given mode, an incident, and one artifact imported per name (custody entries). */
async function evidence(c: Core, vault: { mode: 'keystore' } | { mode: 'passphrase'; passphrase: string }, names: string[]): Promise<string[]> {
  await c.invoke('vault:create', vault);
  const inc = await c.invoke('incidents:declare', { title: 'Evidence', severity: 'SEV-2' });
  const ids: string[] = [];
  for (const n of names) ids.push((await c.invoke('artifacts:import', { incidentId: inc.id, name: n, dataBase64: Buffer.from(n).toString('base64') })).id);
  return ids;
}
const sealOf = (dataDir: string) => JSON.parse(fs.readFileSync(path.join(dataDir, SEAL_FILE_NAME), 'utf8'));
/** The start-up findings, as the audit trail holds them (all columns). */
const findings = (c: Core) =>
  c.db.reader.all<{ at: string; actor: string; command: string; target: string; outcome: string; transport: string }>("SELECT at, actor, command, target, outcome, transport FROM audit_log WHERE command = 'audit:seal-check' ORDER BY seq");
const checkpoints = async (c: Core) => (await c.db.reader.get<{ n: number }>('SELECT count(*) AS n FROM integrity_checkpoints'))!.n;
const asideFiles = (dataDir: string) => fs.readdirSync(dataDir).filter((f) => f.includes('rejected') || f.endsWith(`.${SEAL_FILE_NAME}`));
const settle = (ms = 450) => new Promise((r) => setTimeout(r, ms));

describe('formats an existing data folder depends on', () => {
  it('the audit hash, the custody genesis and the sealed flag are what earlier versions wrote', async () => {
    // A known entry hashes to the same value in every version (otherwise every old chain breaks).
    expect(GENESIS_HASH).toBe('0000000000000000000000000000000000000000000000000000000000000000');
    const e = { at: '2026-12-01T10:00:00.000Z', actor: 'ada', command: 'incidents:declare', target: 'i1', outcome: 'ok', transport: 'ipc' };
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${JSON.stringify([e.at, e.actor, e.command, e.target, e.outcome, e.transport])}`).digest('hex');
    expect(auditHash(GENESIS_HASH, e)).toBe(expected);
    expect(CUSTODY_LOG_GENESIS).toBe(createHash('sha256').update('command-post custody log v1').digest('hex'));
    const dataDir = fresh();
    const c = await start(dataDir, new InMemoryOsKeyStore());
    await c.invoke('audit:verify', {});
    expect(await c.db.reader.get<{ value: string }>("SELECT value FROM meta WHERE key = 'integrity_sealed_at'")).toBeTruthy();
  });
});

describe('at start', () => {
  it('an honest restart finds nothing, keeps no file aside, and keys later entries with one new checkpoint', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await evidence(c, { mode: 'keystore' }, ['a.txt', 'b.txt']);
    expect((await c.invoke('audit:verify', {})).ok).toBe(true);
    const before = await checkpoints(c);
    const sealBefore = sealOf(dataDir);
    expect(sealBefore.custody.head.seq).toBeGreaterThan(0);
    await stop(c);

    const l = logger();
    c = await start(dataDir, store, l.log);
    expect(await findings(c)).toEqual([]);
    expect(asideFiles(dataDir)).toEqual([]);
    expect(l.warn).toEqual([]);
    expect(l.error).toEqual([]);
    // The start's own flush found everything keyed already: no duplicate checkpoint, no failure.
    expect(await checkpoints(c)).toBe(before);
    const custody = await c.invoke('custody:verify', {});
    expect(custody).toMatchObject({ ok: true, problems: [] });
    await declare(c, 2);
    const v = await c.invoke('audit:verify', {});
    expect(v).toMatchObject({ ok: true, problems: [], seal: { status: 'ok' } });
    expect(v.keyed).toMatchObject({ uncovered: 0, coveredThrough: v.checked });
    expect(await checkpoints(c)).toBe(before + 1);
    // Verifying again with nothing new adds nothing and fails nothing.
    expect((await c.invoke('audit:verify', {})).ok).toBe(true);
    expect(await checkpoints(c)).toBe(before + 1);
    expect(l.warn).toEqual([]);
  });

  it('restarts honestly while the key store stays locked: the seal’s checkpoint lags its head, and that is no finding', async () => {
    const dataDir = fresh();
    let c = await start(dataDir, null);
    await c.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
    await declare(c, 2);
    expect((await c.invoke('audit:verify', {})).seal.status).toBe('ok');
    await stop(c);
    c = await start(dataDir, null);
    await declare(c, 2);
    const locked = await c.invoke('audit:verify', {});
    expect(locked).toMatchObject({ ok: true, seal: { status: 'unverified' } });
    const seal = sealOf(dataDir);
    expect(seal.audit.checkpoint.seq).toBeLessThan(seal.audit.head.seq);
    await stop(c);
    const l = logger();
    c = await start(dataDir, null, l.log);
    expect(await findings(c)).toEqual([]);
    expect(l.warn).toEqual([]);
    expect(await c.invoke('audit:verify', {})).toMatchObject({ ok: true, problems: [] });
  });

  it('with no key store at all: restarts, and the seal follows commits on its own within the flush interval', async () => {
    const dataDir = fresh();
    let c = await start(dataDir, null);
    await declare(c, 1);
    await stop(c);
    expect(sealOf(dataDir).audit.checkpoint).toBeNull();
    const l = logger();
    c = await start(dataDir, null, l.log);
    expect(await findings(c)).toEqual([]);
    await declare(c, 3);
    const head = c.integrity.memoryHead('audit')!.seq;
    await settle();
    // No verify, no close: the timer armed by the commits wrote it.
    expect(sealOf(dataDir).audit.head.seq).toBe(head);
    expect(l.warn).toEqual([]);
  });

  it('restarts honestly when the custody log grew while the key store was locked (its head is past its checkpoint)', async () => {
    const dataDir = fresh();
    let c = await start(dataDir, null);
    const [a] = await evidence(c, { mode: 'passphrase', passphrase: PASSPHRASE }, ['a.txt', 'b.txt']);
    await c.integrity.flush();
    await stop(c);
    c = await start(dataDir, null);
    await c.invoke('artifacts:delete', { id: a!, reason: 'Wrong file attached' });
    await c.integrity.flush();
    const seal = sealOf(dataDir);
    expect(seal.custody.checkpoint.seq).toBeLessThan(seal.custody.head.seq);
    await stop(c);
    const l = logger();
    c = await start(dataDir, null, l.log);
    expect(await findings(c)).toEqual([]);
    expect(l.warn).toEqual([]);
    expect(await c.invoke('custody:verify', {})).toMatchObject({ ok: true, problems: [] });
  });

  it('a forged checkpoint far ahead of the log does not stop new checkpoints (and is reported)', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await declare(c, 2);
    await c.invoke('audit:verify', {});
    const keyId = (await c.db.reader.get<{ key_id: string }>("SELECT key_id FROM integrity_checkpoints WHERE log = 'audit' ORDER BY seq DESC LIMIT 1"))!.key_id;
    await stop(c);
    await raw(path.join(dataDir, 'commandpost.db'), `INSERT INTO integrity_checkpoints (log, seq, digest, key_id, mac, at) VALUES ('audit', 500, '${'e'.repeat(64)}', '${keyId}', '${'ab'.repeat(32)}', 'x');`);
    c = await start(dataDir, store);
    await declare(c, 2);
    await c.integrity.flush();
    const head = c.integrity.memoryHead('audit')!.seq;
    expect(await c.db.reader.get<{ n: number }>("SELECT count(*) AS n FROM integrity_checkpoints WHERE log = 'audit' AND seq = ?", [head])).toEqual({ n: 1 });
    expect(sealOf(dataDir).audit.checkpoint.seq).toBe(head);
    expect((await c.invoke('audit:verify', {})).ok).toBe(false);
  });

  it('a seal missing from a sealed folder: recorded as tampering by the system at start, logged once, nothing to keep aside', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await declare(c, 2);
    await stop(c);
    fs.rmSync(path.join(dataDir, SEAL_FILE_NAME));
    const l = logger();
    c = await start(dataDir, store, l.log);
    const why = 'the head seal (integrity-head.json) was missing at start';
    expect(await findings(c)).toEqual([expect.objectContaining({ actor: 'system', command: 'audit:seal-check', target: 'audit', outcome: `tampered: ${why}`, transport: 'startup' })]);
    expect(l.warn).toEqual([`integrity check at start: ${why}`]);
    expect(asideFiles(dataDir)).toEqual([]);
    const v = await c.invoke('audit:verify', {});
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([`found at the start of ${(await findings(c))[0]!.at}: ${why}`]);
  });

  it('a damaged seal is kept aside under a name with the time, and recorded with its reason', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await declare(c, 2);
    await stop(c);
    fs.writeFileSync(path.join(dataDir, SEAL_FILE_NAME), 'not json');
    const l = logger();
    c = await start(dataDir, store, l.log);
    const why = 'the head seal is not valid JSON at start';
    expect((await findings(c)).map((f) => [f.target, f.outcome])).toEqual([['audit', `tampered: ${why}`]]);
    expect(l.warn).toEqual([`integrity check at start: ${why}`]);
    const aside = `integrity-head.rejected-${STAMP}.json`;
    expect(asideFiles(dataDir)).toEqual([aside]);
    expect(fs.readFileSync(path.join(dataDir, aside), 'utf8')).toBe('not json');
    // A new seal was written in its place.
    expect(sealOf(dataDir).format).toBe('command-post-integrity-head');
  });

  it('a rewritten custody head is a finding of the custody log', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await evidence(c, { mode: 'keystore' }, ['a.txt']);
    await c.invoke('audit:verify', {});
    await stop(c);
    const file = path.join(dataDir, SEAL_FILE_NAME);
    const seal = JSON.parse(fs.readFileSync(file, 'utf8'));
    seal.custody.head.digest = 'f'.repeat(64);
    fs.writeFileSync(file, JSON.stringify(seal));
    c = await start(dataDir, store);
    expect((await findings(c)).map((f) => [f.target, f.outcome])).toEqual([
      ['custody', `tampered: entry ${seal.custody.head.seq} of the custody log no longer matches its head seal: entries up to it were rewritten`],
    ]);
  });

  it('when the seal cannot be kept aside, says why; when the finding cannot be recorded, says so and still starts', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await declare(c, 2);
    await stop(c);
    fs.writeFileSync(path.join(dataDir, SEAL_FILE_NAME), 'not json');
    // Something already occupies the name the rejected seal would get.
    fs.mkdirSync(path.join(dataDir, `integrity-head.rejected-${STAMP}.json`, 'x'), { recursive: true });
    // And the audit trail refuses the finding (a full disk would, too).
    await raw(path.join(dataDir, 'commandpost.db'), "CREATE TRIGGER no_findings BEFORE INSERT ON audit_log WHEN NEW.command = 'audit:seal-check' BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    const l = logger();
    c = await start(dataDir, store, l.log);
    expect(l.warn[0]).toMatch(/^the rejected head seal could not be kept aside: E[A-Z]+$/);
    expect(l.warn.slice(1)).toEqual(['integrity check at start: the head seal is not valid JSON at start']);
    expect(l.error).toEqual([expect.stringMatching(/^the integrity finding could not be recorded: .*disk full/)]);
    expect(await findings(c)).toEqual([]);
    expect((await c.invoke('incidents:declare', { title: 'still works', severity: 'SEV-4' })).title).toBe('still works');
  });

  it('after a damaged database was moved aside, the notes name each log whose sealed entries are in the kept file', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await evidence(c, { mode: 'keystore' }, ['a.txt']);
    await c.integrity.flush();
    const seal = sealOf(dataDir);
    await stop(c);
    const db = path.join(dataDir, 'commandpost.db');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    fs.writeFileSync(db, Buffer.alloc(4096, 0x5a));
    c = await start(dataDir, store);
    const notes = (await findings(c)).map((f) => [f.target, f.outcome.replace(/commandpost\.db\.corrupt-[^:]+/, 'KEPT')]);
    expect(notes).toEqual([
      ['audit', `replaced: the damaged database was moved aside to KEPT: the audit trail sealed through entry ${seal.audit.head.seq} is in that file`],
      ['custody', `replaced: the damaged database was moved aside to KEPT: the custody log sealed through entry ${seal.custody.head.seq} is in that file`],
    ]);
  });

  it('after a damaged database with a damaged seal, the seal is rejected as tampering (there is nothing to compare it with)', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await declare(c, 2);
    await stop(c);
    const db = path.join(dataDir, 'commandpost.db');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    fs.writeFileSync(db, Buffer.alloc(4096, 0x5a));
    fs.writeFileSync(path.join(dataDir, SEAL_FILE_NAME), '{}');
    c = await start(dataDir, store);
    expect((await findings(c)).map((f) => f.outcome)).toEqual(['tampered: the head seal is not a Command Post head seal of a version this build understands at start']);
    expect(asideFiles(dataDir)).toEqual([`integrity-head.rejected-${STAMP}.json`]);
  });
});

describe('while running', () => {
  it('a seal that cannot be written is logged, and the next flush tries again', async () => {
    const dataDir = fresh();
    const l = logger();
    const c = await start(dataDir, new InMemoryOsKeyStore(), l.log);
    await declare(c, 1);
    await settle();
    const file = path.join(dataDir, SEAL_FILE_NAME);
    fs.rmSync(file);
    fs.mkdirSync(path.join(file, 'x'), { recursive: true });
    await declare(c, 1);
    await settle();
    expect(l.warn.length).toBeGreaterThan(0);
    expect(l.warn[0]).toMatch(/^sealing the audit trail failed: E[A-Z]+/);
    fs.rmSync(file, { recursive: true });
    await declare(c, 1);
    await settle();
    expect(sealOf(dataDir).audit.head.seq).toBe(c.integrity.memoryHead('audit')!.seq);
  });

  it('close seals what was committed and leaves no timer behind', async () => {
    const dataDir = fresh();
    const l = logger();
    const c = await start(dataDir, new InMemoryOsKeyStore(), l.log);
    await settle();
    await declare(c, 2);
    const head = c.integrity.memoryHead('audit')!.seq;
    await stop(c);
    expect(sealOf(dataDir).audit.head.seq).toBe(head);
    await settle();
    expect(l.warn).toEqual([]);
    expect(l.error).toEqual([]);
  });
});

describe('what verification reads before it walks a log', () => {
  it('asks for the digests of the seal’s head and checkpoint and of the head this console wrote; names the custody head', async () => {
    const dataDir = fresh();
    const c = await start(dataDir, null);
    const [a] = await evidence(c, { mode: 'passphrase', passphrase: PASSPHRASE }, ['a.txt']);
    await c.invoke('artifacts:read', { id: a! });
    await c.integrity.flush();
    // Lock the passphrase store's key out of this process's view: a fresh start, still locked.
    await stop(c);
    const c2 = await start(dataDir, null);
    await declare(c2, 2);
    await c2.integrity.flush();
    const seal = sealOf(dataDir);
    expect(seal.audit.checkpoint.seq).toBeLessThan(seal.audit.head.seq);
    await declare(c2, 1);
    const memory = c2.integrity.memoryHead('audit')!.seq;
    expect(memory).toBeGreaterThan(seal.audit.head.seq);
    const audit = await prepareCheck(c2.db.reader, 'audit', c2.integrity);
    expect([...audit.needed].sort((x, y) => x - y)).toEqual(expect.arrayContaining([seal.audit.checkpoint.seq, seal.audit.head.seq, memory]));
    expect(audit.sealedHead).toBeNull();
    expect(audit.memory).toEqual({ seq: memory, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const custody = await prepareCheck(c2.db.reader, 'custody', c2.integrity);
    expect(custody.memory).toBeNull();
    expect(custody.needed.has(seal.custody.head.seq)).toBe(true);
    expect(custody.sealedHead).toEqual({ artifactId: a!, index: seal.custody.head.index });
    expect(seal.custody.head.index).toBeGreaterThan(0);
  });

  it('a removed seal is the only problem of an otherwise honest trail', async () => {
    const dataDir = fresh();
    const c = await start(dataDir, new InMemoryOsKeyStore());
    await declare(c, 3);
    await c.integrity.flush();
    await declare(c, 1);
    fs.rmSync(path.join(dataDir, SEAL_FILE_NAME));
    // verify flushes first, which writes the seal again: look before it does.
    const { verifyAudit } = await import('../../../main/core/audit/auditChain');
    const v = await verifyAudit(c.db.reader, c.integrity);
    expect(v.problems).toEqual(['the head seal (integrity-head.json) is missing: it was removed, so a cut tail would not show']);
  });

  it('the earliest entry any problem names leads the report, whichever check found it', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await declare(c, 4);
    await stop(c);
    fs.rmSync(path.join(dataDir, SEAL_FILE_NAME));
    c = await start(dataDir, store);
    const [finding] = await findings(c);
    expect(finding).toBeDefined();
    await c.invoke('audit:verify', {});
    // Now entry 2 is edited and the chain re-hashed: the keyed checkpoint no longer matches.
    await editAndRehash(c.db.file, 2, 'mallory');
    const v = await c.invoke('audit:verify', {});
    expect(v.ok).toBe(false);
    expect(v.problems.length).toBeGreaterThan(1);
    // The start-up finding is listed first (it is in the chain), but the rewrite names an earlier entry.
    expect(v.problems[0]).toMatch(/^found at the start of/);
    expect(v.firstBad).toBe(1);
    expect(v.reason).toMatch(/^entries 1–\d+ of the audit trail were rewritten after they were keyed/);
  });
});
