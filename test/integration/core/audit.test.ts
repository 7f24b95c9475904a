import sqlite3 from 'sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH, verifyAudit } from '../../../main/core/audit/auditChain';
import { tempCore } from '../../helpers/tempCore';

type TC = Awaited<ReturnType<typeof tempCore>>;
const cores: TC[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.cleanup();
});
async function core() {
  const c = await tempCore();
  cores.push(c);
  return c;
}
const count = async (c: TC, table: string) => (await c.db.reader.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;

/** Tamper through a separate raw connection, as an attacker with file access would. */
function tamper(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.exec(`DROP TRIGGER IF EXISTS audit_append_only_u; DROP TRIGGER IF EXISTS audit_append_only_d; ${sql}`, (e) => db.close(() => (e ? reject(e) : resolve())));
    });
  });
}

describe('dispatcher and audit chain', () => {
  it('writes exactly one audit row per mutation, in the same transaction, and none per query', async () => {
    const c = await core();
    const base = await count(c, 'audit_log');
    const inc = await c.invoke('incidents:declare', { title: 'A', severity: 'SEV-2' });
    await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'n' });
    await c.invoke('incidents:list', {});
    await c.invoke('timeline:list', { incidentId: inc.id });
    expect(await count(c, 'audit_log')).toBe(base + 2);
    const rows = await c.invoke('audit:list', { limit: 2 });
    expect(rows.map((r) => [r.command, r.target, r.outcome, r.actor])).toEqual([
      ['timeline:append', inc.id, 'ok', 'tester'],
      ['incidents:declare', null, 'ok', 'tester'],
    ]);
  });

  it('audits failures with their code and writes nothing else', async () => {
    const c = await core();
    const inc = await c.invoke('incidents:declare', { title: 'A', severity: 'SEV-2' });
    const before = { events: await count(c, 'events'), entries: await count(c, 'timeline_entries'), audit: await count(c, 'audit_log') };
    expect(await c.dispatch('incidents:set-severity', { id: inc.id, severity: 'SEV-2' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await c.dispatch('incidents:set-severity', { id: inc.id, severity: 'SEV-0' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await c.dispatch('timeline:append', { incidentId: 'INC-1999-0001', kind: 'note', text: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await count(c, 'events')).toBe(before.events);
    expect(await count(c, 'timeline_entries')).toBe(before.entries);
    expect(await count(c, 'audit_log')).toBe(before.audit + 3);
    const outcomes = (await c.invoke('audit:list', { limit: 3 })).map((r) => r.outcome);
    expect(outcomes).toEqual(['error:not_found', 'error:invalid_input', 'error:conflict']);
  });

  it('rolls back the effect when a handler fails midway (no half-applied transaction)', async () => {
    const c = await core();
    const inc = await c.invoke('incidents:declare', { title: 'A', severity: 'SEV-2' });
    // Make the projection insert fail after the event row is written.
    await c.db.queue.transaction((tx) => tx.exec("CREATE TRIGGER boom BEFORE INSERT ON timeline_entries WHEN new.text = 'explode' BEGIN SELECT RAISE(ABORT, 'boom'); END"));
    const events = await count(c, 'events');
    const res = await c.dispatch('timeline:append', { incidentId: inc.id, kind: 'note', text: 'explode' });
    expect(res).toMatchObject({ ok: false, error: { code: 'storage_error' } });
    expect(await count(c, 'events')).toBe(events);
    expect((await c.invoke('incidents:get', { id: inc.id })).entryCount).toBe(1);
    expect((await c.invoke('audit:list', { limit: 1 }))[0]!.outcome).toBe('error:storage_error');
  });

  it('keeps a verifiable hash chain under 200 concurrent commands', async () => {
    const c = await core();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => c.invoke('incidents:declare', { title: `Concurrent ${i}`, severity: 'SEV-4' })));
    const numbers = results.map((r) => Number(r.humanId.split('-')[2])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const v = await c.invoke('audit:verify', {});
    expect(v).toMatchObject({ ok: true, checked: 201, firstBad: null, reason: null, problems: [] });
  });

  it('names the first bad entry after an edit, a deletion, an insertion or a reordering', async () => {
    const c = await core();
    for (let i = 0; i < 6; i++) await c.invoke('incidents:declare', { title: `I${i}`, severity: 'SEV-4' });
    expect((await verifyAudit(c.db.reader)).ok).toBe(true);
    const file = c.db.file;

    await tamper(file, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3");
    expect(await verifyAudit(c.db.reader)).toMatchObject({ ok: false, firstBad: 3, reason: expect.stringContaining('altered') });
    await tamper(file, "UPDATE audit_log SET actor = 'tester' WHERE seq = 3");
    expect((await verifyAudit(c.db.reader)).ok).toBe(true);

    await tamper(file, 'DELETE FROM audit_log WHERE seq = 4');
    expect(await verifyAudit(c.db.reader)).toMatchObject({ ok: false, firstBad: 5, reason: expect.stringContaining('missing') });
  });

  it('detects an inserted entry with a valid-looking hash and a swapped pair', async () => {
    const c = await core();
    for (let i = 0; i < 4; i++) await c.invoke('incidents:declare', { title: `I${i}`, severity: 'SEV-4' });
    const rows = await c.db.reader.all<{ seq: number; hash: string; at: string; actor: string; command: string; target: string | null; outcome: string; transport: string; prev_hash: string }>(
      'SELECT * FROM audit_log ORDER BY seq',
    );
    // Swap the content of rows 2 and 3 (reordering), keeping their stored hashes.
    const [r2, r3] = [rows[1]!, rows[2]!];
    const set = (seq: number, r: typeof r2) =>
      `UPDATE audit_log SET at='${r.at}', actor='${r.actor}', command='${r.command}', outcome='${r.outcome}', prev_hash='${r.prev_hash}', hash='${r.hash}' WHERE seq=${seq};`;
    await tamper(c.db.file, set(2, r3) + set(3, r2));
    expect(await verifyAudit(c.db.reader)).toMatchObject({ ok: false, firstBad: 2 });
    await tamper(c.db.file, set(2, r2) + set(3, r3));
    expect((await verifyAudit(c.db.reader)).ok).toBe(true);
    // Append a forged row whose hash is correct for its own content but whose link is wrong.
    const forged = { at: '2026-01-01T00:00:00.000Z', actor: 'mallory', command: 'incidents:declare', target: null, outcome: 'ok', transport: 'ipc' };
    const h = auditHash(GENESIS_HASH, forged);
    await tamper(c.db.file, `INSERT INTO audit_log (at, actor, command, target, outcome, transport, prev_hash, hash) VALUES ('${forged.at}','mallory','incidents:declare',NULL,'ok','ipc','${GENESIS_HASH}','${h}')`);
    expect(await verifyAudit(c.db.reader)).toMatchObject({ ok: false, firstBad: rows.length + 1 });
  });

  it('refuses UPDATE and DELETE on the audit log through the app connection', async () => {
    const c = await core();
    await expect(c.db.queue.transaction((tx) => tx.run("UPDATE audit_log SET actor = 'x'"))).rejects.toThrow(/append-only/);
    await expect(c.db.queue.transaction((tx) => tx.run('DELETE FROM audit_log'))).rejects.toThrow(/append-only/);
  });
});
