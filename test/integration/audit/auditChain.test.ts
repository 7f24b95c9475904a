// The audit chain on its own, on a real database file: what it hashes is what SQLite stores, its head
// moves only when a transaction commits (so a rolled-back row never becomes the next row's parent),
// its listeners hear commits only, and verification without an integrity view reports the chain's own
// findings (a tampering the start-up check wrote into the trail).
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditChain, GENESIS_HASH, verifyAudit } from '../../../main/core/audit/auditChain';
import { SEAL_CHECK_COMMAND } from '../../../main/core/audit/integrity';
import { openDatabase, type Database } from '../../../main/core/db/database';
import type { AuditEntry } from '../../../shared/domain/audit';
import { tempDir } from '../../helpers/tempCore';

const open: Array<{ db: Database; dir: string }> = [];
afterEach(async () => {
  for (const { db, dir } of open.splice(0)) {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function chain() {
  const dir = tempDir('cp-audit-chain-');
  const db = await openDatabase(dir);
  open.push({ db, dir });
  const audit = await AuditChain.load(db.reader, db.queue);
  return { db, audit };
}

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({ at: '2026-11-24T09:00:00.000Z', actor: 'tester', command: 'timeline:append', target: 'INC-1', outcome: 'ok', transport: 'in-process', ...over });
const stored = (db: Database) => db.reader.all<{ seq: number; target: string | null; prev_hash: string; hash: string }>('SELECT seq, target, prev_hash, hash FROM audit_log ORDER BY seq');

describe('audit chain', () => {
  it('hashes text as SQLite stores it: control characters and lone surrogates become U+FFFD, surrogate pairs stay', async () => {
    const { db, audit } = await chain();
    const targets = ['a\u0000b', 'line\nbreak\u007f', 'lone \uD83D high', 'lone \uDE00 low', 'pair \uD83D\uDE00 kept', 'x'.repeat(80)];
    await db.queue.transaction(async (tx) => {
      for (const target of targets) await audit.record(tx, entry({ target }));
    });
    expect((await stored(db)).map((r) => r.target)).toEqual(['a\uFFFDb', 'line\uFFFDbreak\uFFFD', 'lone \uFFFD high', 'lone \uFFFD low', 'pair \uD83D\uDE00 kept', 'x'.repeat(64)]);
    expect(await verifyAudit(db.reader)).toMatchObject({ ok: true, checked: targets.length, firstBad: null, reason: null, problems: [] });
  });

  it('moves its head only on commit: a rolled-back row is never the parent of the next one', async () => {
    const { db, audit } = await chain();
    let heard = 0;
    audit.onCommitted(() => heard++);
    await db.queue.transaction(async (tx) => {
      await audit.record(tx, entry({ target: 'first' }));
    });
    expect(heard).toBe(1);
    const afterFirst = audit.committedHead;
    expect(afterFirst.seq).toBe(1);
    await expect(
      db.queue.transaction(async (tx) => {
        await audit.record(tx, entry({ target: 'rolled back' }));
        throw new Error('the change failed after its audit row');
      }),
    ).rejects.toThrow('the change failed');
    expect(audit.committedHead).toEqual(afterFirst);
    expect(heard).toBe(1);
    await db.queue.transaction(async (tx) => {
      await audit.record(tx, entry({ target: 'second' }));
    });
    expect(heard).toBe(2);
    const rows = await stored(db);
    expect(rows.map((r) => r.target)).toEqual(['first', 'second']);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(audit.committedHead).toEqual({ seq: rows[1]!.seq, hash: rows[1]!.hash });
    expect(await verifyAudit(db.reader)).toMatchObject({ ok: true, checked: 2 });
  });

  it('without an integrity view, reports a tampering the start-up check recorded, and only that', async () => {
    const { db, audit } = await chain();
    await db.queue.transaction(async (tx) => {
      await audit.record(tx, entry());
      await audit.record(tx, entry({ command: SEAL_CHECK_COMMAND, target: 'audit', outcome: 'ok' }));
      await audit.record(tx, entry({ command: SEAL_CHECK_COMMAND, target: 'custody', outcome: 'tampered: custody entries were removed' }));
      await audit.record(tx, entry({ command: 'incidents:declare', target: 'audit', outcome: 'tampered: not from the seal check' }));
    });
    expect(await verifyAudit(db.reader)).toMatchObject({ ok: true, checked: 4, firstBad: null, reason: null, problems: [] });
    await db.queue.transaction(async (tx) => {
      await audit.record(tx, entry({ at: '2026-11-24T10:00:00.000Z', command: SEAL_CHECK_COMMAND, target: 'audit', outcome: 'tampered: entries 3-4 were removed' }));
      await audit.record(tx, entry({ at: '2026-11-24T11:00:00.000Z', command: SEAL_CHECK_COMMAND, target: 'audit', outcome: 'tampered: the seal was replaced' }));
    });
    const v = await verifyAudit(db.reader);
    expect(v).toMatchObject({
      ok: false,
      checked: 6,
      firstBad: 5,
      reason: 'found at the start of 2026-11-24T10:00:00.000Z: entries 3-4 were removed',
      problems: ['found at the start of 2026-11-24T10:00:00.000Z: entries 3-4 were removed', 'found at the start of 2026-11-24T11:00:00.000Z: the seal was replaced'],
    });
  });

  it('names the broken link and says why', async () => {
    const { db, audit } = await chain();
    await db.queue.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await audit.record(tx, entry({ target: `t${i}` }));
    });
    await db.queue.transaction((tx) => tx.exec("DROP TRIGGER IF EXISTS audit_append_only_u; UPDATE audit_log SET prev_hash = 'x' WHERE seq = 2"));
    expect(await verifyAudit(db.reader)).toMatchObject({ ok: false, firstBad: 2, reason: 'entry 2 does not follow the entry before it', problems: ['entry 2 does not follow the entry before it'] });
  });
});
