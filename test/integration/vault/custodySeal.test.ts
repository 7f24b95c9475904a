// The custody log against someone holding the data folder: re-hashing an artifact's chain after an
// edit, or dropping its last entries, used to pass custody:verify. The keyed checkpoints and head
// seal shared with the audit trail make both show; entries written while the key store is locked
// (a delete with the vault locked) are keyed once it is unlocked.
import fs from 'node:fs';
import sqlite3 from 'sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { entryHash, genesisHash, verifyCustody } from '../../../main/core/vault/custody';
import type { CustodyRow } from '../../../main/core/repositories/custodyRepo';
import { tempDir } from '../../helpers/tempCore';
import { InMemoryOsKeyStore, PASSPHRASE, vaultCore } from './helpers';

type VC = Awaited<ReturnType<typeof vaultCore>>;
const cores: VC[] = [];
let dataDir: string;
beforeEach(() => {
  dataDir = tempDir('cp-custody-seal-');
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close().catch(() => undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
async function core(keyStore: InMemoryOsKeyStore | null): Promise<VC> {
  const c = await vaultCore({ keyStore, dataDir });
  cores.push(c);
  return c;
}
async function stop(c: VC): Promise<void> {
  cores.splice(cores.indexOf(c), 1);
  await c.close();
}

/** SQL through a separate connection, as an attacker with the file (and the console stopped) would. */
function rawExec(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.exec(sql, (e) => db.close(() => (e ? reject(e) : resolve())));
    });
  });
}

/** One count through a separate connection. */
function rawCount(file: string, sql: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.get(sql, (e: Error | null, row: { n: number } | undefined) => db.close(() => (e ? reject(e) : resolve(row?.n ?? NaN))));
    });
  });
}

/** Two artifacts, each imported, viewed, exported and viewed again (4 entries per chain). */
async function evidence(c: VC): Promise<string[]> {
  const ids: string[] = [];
  for (const n of ['a.txt', 'b.txt']) {
    const a = await c.invoke('artifacts:import', { incidentId: c.incident.id, name: n, dataBase64: Buffer.from(n).toString('base64') });
    await c.invoke('artifacts:read', { id: a.id });
    await c.invoke('artifacts:export', { id: a.id, destination: 'inline', format: 'plain' });
    await c.invoke('artifacts:read', { id: a.id });
    ids.push(a.id);
  }
  return ids;
}

async function tamper(c: VC, fn: (run: (sql: string, params?: unknown[]) => Promise<void>) => Promise<void>): Promise<void> {
  await c.db.queue.transaction(async (tx) => {
    await tx.exec('DROP TRIGGER IF EXISTS custody_append_only_u; DROP TRIGGER IF EXISTS custody_append_only_d;');
    await fn(async (sql, params = []) => {
      await tx.run(sql, params as never);
    });
  });
}

/** Edit one entry of an artifact's chain and re-hash every later entry of that chain. */
async function editAndRehash(c: VC, artifactId: string, idx: number): Promise<void> {
  const rows = await c.db.reader.all<CustodyRow>('SELECT * FROM custody_log WHERE artifact_id = ? ORDER BY idx', [artifactId]);
  await tamper(c, async (run) => {
    let prev = genesisHash(artifactId);
    for (const r of rows) {
      const fields = { ...r, actor: r.idx === idx ? 'mallory' : r.actor, prev_hash: prev };
      const { seq: _seq, hash: _hash, ...unhashed } = fields;
      const hash = entryHash(unhashed);
      if (r.idx >= idx) await run('UPDATE custody_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?', [fields.actor, prev, hash, r.seq]);
      prev = hash;
    }
  });
}

it('an honest custody log is keyed through its head and sealed', async () => {
  const c = await core(new InMemoryOsKeyStore());
  await c.invoke('vault:create', { mode: 'keystore' });
  await evidence(c);
  const r = await c.invoke('custody:verify', {});
  expect(r).toMatchObject({ ok: true, artifacts: 2, entries: 8, firstBad: null, problems: [] });
  expect(r.keyed).toMatchObject({ coveredThrough: 8, uncovered: 0, uncoveredReason: null });
  expect(r.seal).toEqual({ status: 'ok', seq: 8, reason: null });
});

it('an edit followed by re-hashing the rest of the chain is detected, for the whole log and the artifact', async () => {
  const c = await core(new InMemoryOsKeyStore());
  await c.invoke('vault:create', { mode: 'keystore' });
  const [a] = await evidence(c);
  expect((await c.invoke('custody:verify', {})).ok).toBe(true);
  await editAndRehash(c, a!, 1);
  // The artifact's own chain checks out again…
  expect((await verifyCustody(c.db.reader, a!)).ok).toBe(true);
  // …but the keyed checkpoint over the whole log does not.
  for (const input of [{}, { artifactId: a! }]) {
    const r = await c.invoke('custody:verify', input);
    expect(r.ok).toBe(false);
    expect(r.firstBad).not.toBeNull();
    expect(r.firstBad!.reason).toMatch(/rewritten/);
  }
});

it('dropping an artifact’s last entries is detected, in the middle of the log and at its end', async () => {
  const c = await core(new InMemoryOsKeyStore());
  await c.invoke('vault:create', { mode: 'keystore' });
  const [a, b] = await evidence(c);
  await c.invoke('custody:verify', {});
  // a's last entry sits in the middle of the log (b's entries follow it).
  await tamper(c, (run) => run('DELETE FROM custody_log WHERE artifact_id = ? AND idx = 3', [a!]));
  expect((await verifyCustody(c.db.reader)).ok).toBe(true);
  const mid = await c.invoke('custody:verify', {});
  expect(mid.ok).toBe(false);
  expect(mid.firstBad!.reason).toMatch(/rewritten/);

  // b's last entry is the log's last: the seal says the log went further.
  const d2 = tempDir('cp-custody-seal-2-');
  try {
    const c2 = await vaultCore({ keyStore: new InMemoryOsKeyStore(), dataDir: d2 });
    cores.push(c2);
    await c2.invoke('vault:create', { mode: 'keystore' });
    const [, b2] = await evidence(c2);
    await c2.invoke('custody:verify', {});
    await tamper(c2, (run) => run('DELETE FROM custody_log WHERE artifact_id = ? AND idx >= 2', [b2!]));
    expect((await verifyCustody(c2.db.reader)).ok).toBe(true);
    const end = await c2.invoke('custody:verify', {});
    expect(end).toMatchObject({ ok: false, seal: { status: 'truncated' } });
    expect(end.firstBad).toMatchObject({ artifactId: b2 });
    expect(end.firstBad!.reason).toMatch(/removed from the end/);
    await stop(c2);
  } finally {
    fs.rmSync(d2, { recursive: true, force: true });
  }
  expect(b).toBeDefined();
});

it('a custody tail cut while the console was stopped is found at the next start and stays reported', async () => {
  const store = new InMemoryOsKeyStore();
  let c = await core(store);
  await c.invoke('vault:create', { mode: 'keystore' });
  const [, b] = await evidence(c);
  const file = c.db.file;
  await stop(c);
  await rawExec(file, `DROP TRIGGER custody_append_only_d; DELETE FROM custody_log WHERE artifact_id = '${b!}' AND idx = 3;`);
  // Removing the custody checkpoints too leaves the head seal as the only witness of the cut.
  const checkpoints = "SELECT count(*) AS n FROM integrity_checkpoints WHERE log = 'custody'";
  expect(await rawCount(file, checkpoints)).toBeGreaterThan(0);
  await rawExec(file, "DROP TRIGGER IF EXISTS integrity_checkpoints_append_only_d; DELETE FROM integrity_checkpoints WHERE log = 'custody';");
  expect(await rawCount(file, checkpoints)).toBe(0);
  for (let start = 0; start < 2; start++) {
    c = await core(store);
    expect((await verifyCustody(c.db.reader)).ok).toBe(true);
    const r = await c.invoke('custody:verify', {});
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/custody log ends at entry 7 but its head seal records entry 8/);
    expect(r.firstBad).toMatchObject({ artifactId: b });
    await stop(c);
  }
});

it('a delete written after a restart with the store locked is keyed once the vault is unlocked', async () => {
  let c = await core(null);
  await c.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
  const [a] = await evidence(c);
  expect((await c.invoke('custody:verify', {})).keyed.uncovered).toBe(0);
  await stop(c);

  c = await core(null);
  expect((await c.invoke('vault:status', {})).state).toBe('locked');
  await c.invoke('artifacts:delete', { id: a!, reason: 'Wrong file attached' });
  const locked = await c.invoke('custody:verify', {});
  expect(locked).toMatchObject({ ok: true, entries: 9 });
  expect(locked.keyed).toMatchObject({ coveredThrough: 8, uncovered: 1 });
  expect(locked.keyed.uncoveredReason).toMatch(/locked/);

  await c.invoke('vault:unlock', { passphrase: PASSPHRASE });
  const unlocked = await c.invoke('custody:verify', {});
  expect(unlocked).toMatchObject({ ok: true, seal: { status: 'ok', seq: 9 } });
  expect(unlocked.keyed).toMatchObject({ coveredThrough: 9, uncovered: 0 });
});
