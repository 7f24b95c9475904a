// Tamper evidence against someone holding the data folder: re-hashing the chain after an edit and
// cutting its tail used to pass audit:verify. Keyed checkpoints and the head seal outside the
// database make both show, live and across restarts; a locked key store never stops auditing.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../main/core/audit/auditChain';
import { InMemoryOsKeyStore } from '../vault/helpers';
import { consoles, declare } from './consoles';
import { editAndRehash, raw } from './tamper';
import type { AuditRow } from '../../../main/core/repositories/auditRepo';

const PASSPHRASE = 'correct horse battery staple';
const SEAL = 'integrity-head.json';
const { fresh, start, stop, cleanup } = consoles('cp-seal-');
afterEach(cleanup);

describe('keyed audit chain and head seal', () => {
  it('an honest chain verifies, keyed through its head, with a verified seal', async () => {
    const c = await start(fresh(), new InMemoryOsKeyStore());
    await declare(c, 6);
    const v = await c.invoke('audit:verify', {});
    expect(v).toMatchObject({ ok: true, checked: 7, firstBad: null, reason: null, problems: [] });
    expect(v.keyed).toMatchObject({ coveredThrough: 7, uncovered: 0, uncoveredReason: null });
    expect(v.keyed.verified).toBeGreaterThanOrEqual(1);
    expect(v.seal).toEqual({ status: 'ok', seq: 7, reason: null });
    // The seal lives outside the database and says which entry is the head.
    const seal = JSON.parse(fs.readFileSync(path.join(c.dataDir, SEAL), 'utf8'));
    expect(seal.audit.head.seq).toBe(7);
    expect(seal.audit.checkpoint).toMatchObject({ seq: 7, keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('detects an edit followed by re-hashing the rest of the chain, live and after a restart', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await declare(c, 6);
    expect((await c.invoke('audit:verify', {})).ok).toBe(true);
    await editAndRehash(c.db.file, 3, 'mallory');
    // The unkeyed chain alone is fooled…
    expect((await verifyAudit(c.db.reader)).ok).toBe(true);
    // …the keyed checkpoint and the seal are not.
    const live = await c.invoke('audit:verify', {});
    expect(live.ok).toBe(false);
    expect(live.firstBad).toBeLessThanOrEqual(3);
    expect(live.reason).toMatch(/rewritten/);

    await stop(c);
    c = await start(dataDir, store);
    const later = await c.invoke('audit:verify', {});
    expect(later.ok).toBe(false);
    expect(later.problems.join('\n')).toMatch(/rewritten/);
  });

  it('an edit of the target or the transport of one entry shows, also on an entry no checkpoint covers yet', async () => {
    // Only the chain hash can see these edits: the stored hash is left as it was, so checkpoints and
    // the seal (which vouch for stored hashes) still match. Past the last checkpoint the hash is all.
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    const first = await c.invoke('incidents:declare', { title: 'Keyed', severity: 'SEV-4' });
    await c.invoke('timeline:append', { incidentId: first.id, kind: 'note', text: 'keyed' }, { transport: 'ipc' });
    await stop(c);
    // With the key store closed after the restart, nothing written from now on gets a checkpoint.
    store.available = false;
    c = await start(dataDir, store);
    const second = await c.invoke('incidents:declare', { title: 'Not keyed yet', severity: 'SEV-4' });
    await c.invoke('timeline:append', { incidentId: second.id, kind: 'note', text: 'late' }, { transport: 'http' });

    const honest = await c.invoke('audit:verify', {});
    expect(honest).toMatchObject({ ok: true, problems: [] });
    expect(honest.keyed.checkpoints).toBeGreaterThanOrEqual(1);
    const rows = await raw<AuditRow>(c.db.file, 'SELECT * FROM audit_log ORDER BY seq', true);
    const keyed = rows.find((r) => r.command === 'timeline:append' && r.target === first.id)!;
    const late = rows.find((r) => r.command === 'timeline:append' && r.target === second.id)!;
    expect(keyed).toMatchObject({ transport: 'ipc' });
    expect(late).toMatchObject({ transport: 'http' });
    expect(keyed.seq).toBeLessThanOrEqual(honest.keyed.coveredThrough);
    expect(late.seq).toBeGreaterThan(honest.keyed.coveredThrough);

    const edits: Array<[AuditRow, 'target' | 'transport', string]> = [
      [keyed, 'target', second.id],
      [keyed, 'transport', 'http'],
      [late, 'target', first.id],
      [late, 'transport', 'ipc'],
    ];
    for (const [row, column, forged] of edits) {
      const what = `${column} of entry ${row.seq} (${row.seq > honest.keyed.coveredThrough ? 'not keyed' : 'keyed'})`;
      await raw(c.db.file, `UPDATE audit_log SET ${column} = '${forged}' WHERE seq = ${row.seq}`);
      expect(await c.invoke('audit:verify', {}), what).toMatchObject({ ok: false, firstBad: row.seq, reason: `entry ${row.seq} was altered after it was written` });
      await raw(c.db.file, `UPDATE audit_log SET ${column} = '${row[column]}' WHERE seq = ${row.seq}`);
      expect((await c.invoke('audit:verify', {})).ok, `${what} restored`).toBe(true);
    }
  });

  it('detects re-hashing that also rewrites the checkpoints: their MAC needs the key', async () => {
    const c = await start(fresh(), new InMemoryOsKeyStore());
    await declare(c, 4);
    await c.invoke('audit:verify', {});
    await editAndRehash(c.db.file, 2, 'mallory');
    await raw(c.db.file, "UPDATE integrity_checkpoints SET digest = (SELECT hash FROM audit_log WHERE seq = integrity_checkpoints.seq) WHERE log = 'audit'");
    const v = await c.invoke('audit:verify', {});
    expect(v.ok).toBe(false);
    expect(v.problems.join('\n')).toMatch(/forged/);
  });

  it('detects a cut tail while running and after a restart, and keeps reporting it', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await declare(c, 6);
    await c.invoke('audit:verify', {});
    await raw(c.db.file, 'DELETE FROM audit_log WHERE seq > 5');
    expect((await verifyAudit(c.db.reader)).ok).toBe(true);
    const live = await c.invoke('audit:verify', {});
    expect(live).toMatchObject({ ok: false, firstBad: 6, seal: { status: 'truncated' } });
    expect(live.reason).toMatch(/ends at entry 5 .* entry 7: entries were removed from the end/);

    await stop(c);
    await raw(path.join(dataDir, 'commandpost.db'), 'DELETE FROM audit_log WHERE seq > 5');
    c = await start(dataDir, store);
    const after = await c.invoke('audit:verify', {});
    expect(after.ok).toBe(false);
    expect(after.problems.join('\n')).toMatch(/entries were removed from the end/);
    // The start recorded the finding in the chain and kept the rejected seal for inspection.
    expect((await c.invoke('audit:list', { limit: 50 })).some((r) => r.command === 'audit:seal-check' && r.outcome.startsWith('tampered:'))).toBe(true);
    expect(fs.readdirSync(dataDir).some((f) => /^integrity-head\.rejected-.*\.json$/.test(f))).toBe(true);
    await stop(c);
    c = await start(dataDir, store);
    expect((await c.invoke('audit:verify', {})).ok).toBe(false);
  });

  it('detects a cut tail when the key store is locked too (the seal is compared without a key)', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await declare(c, 5);
    await stop(c);
    await raw(path.join(dataDir, 'commandpost.db'), 'DELETE FROM audit_log WHERE seq > 3');
    store.available = false;
    c = await start(dataDir, store);
    const v = await c.invoke('audit:verify', {});
    expect(v.ok).toBe(false);
    expect(v.problems.join('\n')).toMatch(/removed from the end/);
  });

  it('reports a removed seal and a forged one', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await declare(c, 3);
    await c.invoke('audit:verify', {});
    const file = path.join(dataDir, SEAL);
    const good = fs.readFileSync(file, 'utf8');

    fs.rmSync(file);
    expect(await c.invoke('audit:verify', {})).toMatchObject({ ok: false, seal: { status: 'missing' }, reason: expect.stringMatching(/missing/) });

    const forged = JSON.parse(good);
    forged.audit.checkpoint.mac = 'ab'.repeat(32);
    fs.writeFileSync(file, JSON.stringify(forged));
    expect(await c.invoke('audit:verify', {})).toMatchObject({ ok: false, seal: { status: 'forged' }, reason: expect.stringMatching(/forged/) });

    fs.writeFileSync(file, 'not a seal');
    expect(await c.invoke('audit:verify', {})).toMatchObject({ ok: false, seal: { status: 'forged' } });

    // Removed while the console was stopped: the next start records it.
    fs.writeFileSync(file, good);
    await stop(c);
    fs.rmSync(file);
    c = await start(dataDir, store);
    const v = await c.invoke('audit:verify', {});
    expect(v.ok).toBe(false);
    expect(v.problems.join('\n')).toMatch(/missing at start/);
  });

  it('after a damaged database was moved aside, notes that the sealed entries are in the kept file and starts a new chain', async () => {
    const dataDir = fresh();
    const store = new InMemoryOsKeyStore();
    let c = await start(dataDir, store);
    await declare(c, 3);
    await stop(c);
    const db = path.join(dataDir, 'commandpost.db');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    fs.writeFileSync(db, Buffer.alloc(4096, 0x5a));
    c = await start(dataDir, store);
    // A reported accident, not tampering: the new chain verifies, and its first entry says where the old one is.
    const v = await c.invoke('audit:verify', {});
    expect(v.ok).toBe(true);
    const notice = (await c.invoke('audit:list', { limit: 100 })).find((r) => r.command === 'audit:seal-check');
    expect(notice?.outcome).toMatch(/^replaced: the damaged database was moved aside to commandpost\.db\.corrupt-[^:]+: the audit trail sealed through entry 4 is in that file$/);
    // The old seal is kept beside the damaged file, so the two can still be checked against each other.
    const kept = fs.readdirSync(dataDir).filter((f) => /^commandpost\.db\.corrupt-.*\.integrity-head\.json$/.test(f));
    expect(kept).toHaveLength(1);
  });

  it('keeps auditing after a restart with a locked passphrase store, and keys those entries once unlocked', async () => {
    const dataDir = fresh();
    let c = await start(dataDir, null);
    await c.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
    await declare(c, 2);
    expect((await c.invoke('audit:verify', {})).keyed.uncovered).toBe(0);
    await stop(c);

    c = await start(dataDir, null);
    const before = (await c.invoke('audit:list', { limit: 1 }))[0]!.seq;
    await declare(c, 3);
    expect((await c.invoke('audit:list', { limit: 1 }))[0]!.seq).toBe(before + 3);
    const locked = await c.invoke('audit:verify', {});
    expect(locked).toMatchObject({ ok: true, seal: { status: 'unverified' } });
    // The checkpoint written before the restart still counts, unchecked until a key is at hand.
    expect(locked.keyed).toMatchObject({ verified: 0, unverified: 1, coveredThrough: before, uncovered: 3 });
    expect(locked.keyed.uncoveredReason).toMatch(/passphrase key store is locked/);

    await c.invoke('vault:unlock', { passphrase: PASSPHRASE });
    const unlocked = await c.invoke('audit:verify', {});
    expect(unlocked).toMatchObject({ ok: true, seal: { status: 'ok' } });
    expect(unlocked.keyed).toMatchObject({ coveredThrough: before + 4, uncovered: 0, uncoveredReason: null });
  });

  it('removes only its own temp files that a kill mid-write left behind', async () => {
    const dataDir = fresh();
    const stale = ['.integrity-head.json.0123456789ab.tmp', '.commandpost.lock.json.ba9876543210.tmp'];
    const foreign = ['.integrity-head.json.keep-me.tmp', 'integrity-head.json.0123456789ab.tmp'];
    for (const f of [...stale, ...foreign]) fs.writeFileSync(path.join(dataDir, f), 'x');
    await start(dataDir, null);
    const left = fs.readdirSync(dataDir);
    for (const f of stale) expect(left).not.toContain(f);
    for (const f of foreign) expect(left).toContain(f);
  });

  it('says so when there is no key store at all, and still verifies the chain and the seal', async () => {
    const c = await start(fresh(), null);
    await declare(c, 2);
    const v = await c.invoke('audit:verify', {});
    expect(v).toMatchObject({ ok: true, checked: 3, seal: { status: 'unverified', seq: 3 } });
    expect(v.keyed).toMatchObject({ checkpoints: 0, coveredThrough: 0, uncovered: 3 });
    expect(v.keyed.uncoveredReason).toMatch(/no key store/);
  });
});
