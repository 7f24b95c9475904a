// custody:verify names the first broken entry after an edit, deletion, insertion or reordering.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { entryHash } from '../../../main/core/vault/custody';
import { PASSPHRASE, vaultCore } from './helpers';

let core: Awaited<ReturnType<typeof vaultCore>>;
let ids: string[];

beforeEach(async () => {
  core = await vaultCore();
  await core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
  ids = [];
  for (const n of ['a.txt', 'b.txt']) {
    const a = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: n, dataBase64: Buffer.from(n).toString('base64') });
    await core.invoke('artifacts:read', { id: a.id });
    await core.invoke('artifacts:export', { id: a.id, destination: 'inline', format: 'plain' });
    await core.invoke('artifacts:read', { id: a.id });
    ids.push(a.id);
  }
  ids.sort();
});
afterEach(() => core.cleanup());

/** Tampering needs the append-only triggers out of the way, as an attacker with the file would have. */
async function tamper(sql: string, params: unknown[] = []) {
  await core.db.queue.transaction(async (tx) => {
    await tx.exec('DROP TRIGGER custody_append_only_u; DROP TRIGGER custody_append_only_d;');
    await tx.run(sql, params as never);
  });
}

it('an intact set of chains verifies', async () => {
  expect(await core.invoke('custody:verify', {})).toMatchObject({ ok: true, artifacts: 2, entries: 8, firstBad: null, problems: [] });
  expect((await core.invoke('artifacts:custody', { id: ids[0]! })).map((e) => e.action)).toEqual(['import', 'view', 'export', 'view']);
});

it('the log is append-only', async () => {
  await expect(core.db.queue.transaction((tx) => tx.run('UPDATE custody_log SET actor = ? WHERE idx = 1', ['mallory']))).rejects.toThrow(/append-only/);
  await expect(core.db.queue.transaction((tx) => tx.run('DELETE FROM custody_log WHERE idx = 1'))).rejects.toThrow(/append-only/);
});

it('an edited entry is named', async () => {
  await tamper("UPDATE custody_log SET actor = 'mallory' WHERE artifact_id = ? AND idx = 2", [ids[1]!]);
  const r = await core.invoke('custody:verify', {});
  expect(r.ok).toBe(false);
  expect(r.firstBad).toMatchObject({ artifactId: ids[1], index: 2 });
  expect(r.firstBad!.reason).toMatch(/edited/);
  expect((await core.invoke('custody:verify', { artifactId: ids[0]! })).ok).toBe(true);
});

it('an edit that recomputes the entry hash still breaks the next link', async () => {
  const row = (await core.db.reader.get<any>('SELECT * FROM custody_log WHERE artifact_id = ? AND idx = 1', [ids[0]!]))!;
  const forged = { ...row, actor: 'mallory' };
  const { seq: _s, hash: _h, ...fields } = forged;
  await tamper('UPDATE custody_log SET actor = ?, hash = ? WHERE seq = ?', ['mallory', entryHash(fields), row.seq]);
  const r = await core.invoke('custody:verify', {});
  expect(r.firstBad).toMatchObject({ artifactId: ids[0], index: 2 });
  expect(r.firstBad!.reason).toMatch(/link/);
});

it('a deleted entry is named', async () => {
  await tamper('DELETE FROM custody_log WHERE artifact_id = ? AND idx = 1', [ids[0]!]);
  const r = await core.invoke('custody:verify', {});
  expect(r.firstBad).toMatchObject({ artifactId: ids[0], index: 1 });
});

it('an inserted entry is named', async () => {
  const row = (await core.db.reader.get<any>('SELECT * FROM custody_log WHERE artifact_id = ? AND idx = 3', [ids[0]!]))!;
  await tamper('UPDATE custody_log SET idx = 4 WHERE seq = ?', [row.seq]);
  await core.db.queue.transaction((tx) =>
    tx.run('INSERT INTO custody_log (artifact_id, idx, at, actor, action, ciphertext_hash, plaintext_digest, detail, prev_hash, hash) VALUES (?, 3, ?, ?, ?, ?, ?, ?, ?, ?)', [
      ids[0]!, row.at, 'mallory', 'view', row.ciphertext_hash, row.plaintext_digest, '{}', row.prev_hash, 'f'.repeat(64),
    ]),
  );
  const r = await core.invoke('custody:verify', { artifactId: ids[0]! });
  expect(r.firstBad).toMatchObject({ artifactId: ids[0], index: 3 });
});

it('reordered entries are named', async () => {
  const rows = await core.db.reader.all<any>('SELECT seq, idx FROM custody_log WHERE artifact_id = ? ORDER BY idx', [ids[1]!]);
  // Swap the positions of entries 1 and 2 (via a spare index to respect the unique constraint).
  await tamper('UPDATE custody_log SET idx = 99 WHERE seq = ?', [rows[1].seq]);
  await core.db.queue.transaction(async (tx) => {
    await tx.run('UPDATE custody_log SET idx = 1 WHERE seq = ?', [rows[2].seq]);
    await tx.run('UPDATE custody_log SET idx = 2 WHERE seq = ?', [rows[1].seq]);
  });
  const r = await core.invoke('custody:verify', { artifactId: ids[1]! });
  expect(r.ok).toBe(false);
  expect(r.firstBad).toMatchObject({ artifactId: ids[1], index: 1 });
});
