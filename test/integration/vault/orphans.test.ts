// Evidence outlives its database: a quarantined (damaged) database or an older backup put back in
// place never makes the vault delete a blob. Blobs no row mentions move to the orphan folder, and
// their sealed key files let the vault re-attach them; only an explicit shred removes a blob.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../../main/core/db/database';
import { MASTER_KEY_ACCOUNT } from '../../../main/core/vault/keys';
import { blobFiles, InMemoryOsKeyStore, PASSPHRASE, vaultCore, walk } from './helpers';

type VCore = Awaited<ReturnType<typeof vaultCore>>;
const open: VCore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close().catch(() => undefined);
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
async function start(keyStore: InMemoryOsKeyStore | null, dataDir?: string): Promise<VCore> {
  const c = await vaultCore({ keyStore, ...(dataDir ? { dataDir } : {}) });
  open.push(c);
  if (!dirs.includes(c.dataDir)) dirs.push(c.dataDir);
  return c;
}
async function stop(c: VCore): Promise<void> {
  open.splice(open.indexOf(c), 1);
  await c.close();
}
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Overwrite the database header so the next start finds it damaged and quarantines it. */
function corruptDatabase(dataDir: string): void {
  const file = path.join(dataDir, DB_FILE_NAME);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.concat([Buffer.from('this is not an sqlite database '), Buffer.alloc(4096, 7)]), 0, undefined, 0);
  fs.closeSync(fd);
}

describe('a replaced database never deletes evidence', () => {
  it('keeps every blob when the damaged database is quarantined at start', async () => {
    const ks = new InMemoryOsKeyStore();
    const core = await start(ks);
    await core.invoke('vault:create', { mode: 'keystore' });
    for (let i = 0; i < 11; i++) await core.invoke('artifacts:import', { incidentId: core.incident.id, name: `evidence-${i}.log`, dataBase64: b64(`evidence ${i}\n`) });
    const dataDir = core.dataDir;
    expect(blobFiles(core.vault.dir)).toHaveLength(11);
    await stop(core);

    corruptDatabase(dataDir);
    const after = await start(ks, dataDir);
    expect(after.db.quarantined).toMatch(/\.corrupt-/);
    await after.vault.idle();
    expect(blobFiles(after.vault.dir)).toHaveLength(11);
  });

  it('keeps the blobs imported after a backup when that older backup is restored', async () => {
    const ks = new InMemoryOsKeyStore();
    const core = await start(ks);
    await core.invoke('vault:create', { mode: 'keystore' });
    const old = [];
    for (let i = 0; i < 3; i++) old.push(await core.invoke('artifacts:import', { incidentId: core.incident.id, name: `old-${i}.txt`, dataBase64: b64(`old ${i}`) }));
    const dataDir = core.dataDir;
    await stop(core);
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const backup = path.join(dataDir, 'backup.db');
    fs.copyFileSync(dbFile, backup);

    const again = await start(ks, dataDir);
    for (let i = 0; i < 4; i++) await again.invoke('artifacts:import', { incidentId: core.incident.id, name: `new-${i}.txt`, dataBase64: b64(`new ${i}`) });
    await stop(again);
    fs.copyFileSync(backup, dbFile);

    const restored = await start(ks, dataDir);
    await restored.vault.idle();
    expect(blobFiles(restored.vault.dir)).toHaveLength(7);
    for (const [i, a] of old.entries()) expect((await restored.invoke('artifacts:read', { id: a.id })).text).toBe(`old ${i}`);
  });
});

describe('re-attaching orphans', () => {
  it('after a quarantine, lists every orphan from its sealed key file and re-attaches it intact', async () => {
    const ks = new InMemoryOsKeyStore();
    const core = await start(ks);
    await core.invoke('vault:create', { mode: 'keystore' });
    const texts = Array.from({ length: 5 }, (_, i) => `line ${i}\n`.repeat(1000 * (i + 1)));
    const arts = [];
    for (const [i, t] of texts.entries()) arts.push(await core.invoke('artifacts:import', { incidentId: core.incident.id, name: `app-${i}.log`, dataBase64: b64(t) }));
    const dataDir = core.dataDir;
    await stop(core);
    corruptDatabase(dataDir);

    const after = await start(ks, dataDir);
    // The vault record came back from vault.json, so the key store still opens the same vault.
    const status = await after.invoke('vault:status', {});
    expect(status).toMatchObject({ state: 'unlocked', mode: 'keystore', artifacts: 0, orphans: 5 });
    const orphans = await after.invoke('vault:orphans', {});
    expect(orphans.map((o) => o.artifact?.name).sort()).toEqual(arts.map((a) => a.name).sort());
    for (const o of orphans) expect(o).toMatchObject({ problem: null, incidentId: null, artifact: { incidentHumanId: core.incident.humanId, incidentTitle: 'Evidence drill', addedBy: 'tester' } });

    // The original incident is not in the new database: the user chooses where it goes.
    const noTarget = await after.dispatch('vault:reattach', { blobHash: orphans[0]!.blobHash });
    expect(noTarget.ok ? null : noTarget.error).toMatchObject({ code: 'invalid_input', issues: [{ path: 'incidentId' }] });
    for (const o of orphans) {
      const a = await after.invoke('vault:reattach', { blobHash: o.blobHash, incidentId: after.incident.id });
      expect(a).toMatchObject({ id: o.artifact!.id, name: o.artifact!.name, incidentId: after.incident.id, size: o.artifact!.size });
    }
    for (const [i, a] of arts.entries()) {
      const back = await after.invoke('artifacts:export', { id: a.id, destination: 'inline', format: 'plain' });
      expect(Buffer.from(back.dataBase64!, 'base64').toString()).toBe(texts[i]);
      const chain = await after.invoke('artifacts:custody', { id: a.id });
      expect(chain.map((c) => c.action)).toEqual(['import', 'export']);
      expect(chain[0]!.detail).toMatchObject({ reattached: true, original: { incident: core.incident.humanId, addedBy: 'tester' } });
    }
    expect(await after.invoke('custody:verify', {})).toMatchObject({ ok: true, artifacts: 5 });
    expect(await after.invoke('vault:orphans', {})).toEqual([]);
    expect((await after.invoke('vault:status', {})).orphans).toBe(0);
    const timeline = await after.invoke('timeline:list', { incidentId: after.incident.id });
    expect(timeline.entries.filter((e) => e.text.startsWith('Evidence re-attached'))).toHaveLength(5);
    expect((await after.dispatch('vault:reattach', { blobHash: orphans[0]!.blobHash, incidentId: after.incident.id })).ok).toBe(false);
  });

  it('a passphrase vault comes back locked after a quarantine and its orphans need the unlock', async () => {
    const core = await start(null);
    await core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
    await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'a.txt', dataBase64: b64('alpha') });
    const dataDir = core.dataDir;
    await stop(core);
    corruptDatabase(dataDir);
    const after = await start(null, dataDir);
    expect(await after.invoke('vault:status', {})).toMatchObject({ state: 'locked', mode: 'passphrase', orphans: 1 });
    const locked = await after.invoke('vault:orphans', {});
    expect(locked).toMatchObject([{ artifact: null, problem: expect.stringMatching(/locked/) }]);
    await after.invoke('vault:unlock', { passphrase: PASSPHRASE });
    const [o] = await after.invoke('vault:orphans', {});
    expect(o).toMatchObject({ artifact: { name: 'a.txt' }, problem: null });
    const a = await after.invoke('vault:reattach', { blobHash: o!.blobHash, incidentId: after.incident.humanId });
    expect((await after.invoke('artifacts:read', { id: a.id })).text).toBe('alpha');
  });

  it('after an older backup is restored, newer blobs return to their incident, and putting the newer database back heals by itself', async () => {
    const ks = new InMemoryOsKeyStore();
    const core = await start(ks);
    await core.invoke('vault:create', { mode: 'keystore' });
    await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'old.txt', dataBase64: b64('old') });
    const dataDir = core.dataDir;
    await stop(core);
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    fs.copyFileSync(dbFile, path.join(dataDir, 'older.db'));
    const again = await start(ks, dataDir);
    const newer = [];
    for (let i = 0; i < 3; i++) newer.push(await again.invoke('artifacts:import', { incidentId: core.incident.id, name: `new-${i}.txt`, dataBase64: b64(`new ${i}`) }));
    await stop(again);
    fs.copyFileSync(dbFile, path.join(dataDir, 'newer.db'));

    fs.copyFileSync(path.join(dataDir, 'older.db'), dbFile);
    const restored = await start(ks, dataDir);
    const orphans = await restored.invoke('vault:orphans', {});
    // The incident exists in the older database, so each orphan knows where it goes back to.
    expect(orphans.map((o) => o.incidentId)).toEqual([core.incident.id, core.incident.id, core.incident.id]);
    const back = await restored.invoke('vault:reattach', { blobHash: orphans[0]!.blobHash });
    expect(back.incidentId).toBe(core.incident.id);
    expect((await restored.invoke('artifacts:read', { id: back.id })).text).toMatch(/^new \d$/);
    await stop(restored);

    // The newer database goes back in place: its rows need the blobs, which return from orphans/.
    fs.copyFileSync(path.join(dataDir, 'newer.db'), dbFile);
    const healed = await start(ks, dataDir);
    await healed.vault.idle();
    expect((await healed.invoke('vault:status', {})).orphans).toBe(0);
    for (const [i, a] of newer.entries()) expect((await healed.invoke('artifacts:read', { id: a.id })).text).toBe(`new ${i}`);
  });

  it('an orphan without a key file, or altered, is refused and stays where it is', async () => {
    const ks = new InMemoryOsKeyStore();
    const core = await start(ks);
    await core.invoke('vault:create', { mode: 'keystore' });
    await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'a.txt', dataBase64: b64('alpha'.repeat(1000)) });
    await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'b.txt', dataBase64: b64('bravo'.repeat(1000)) });
    const dataDir = core.dataDir;
    await stop(core);
    corruptDatabase(dataDir);
    const after = await start(ks, dataDir);
    const [x, y] = await after.invoke('vault:orphans', {});
    fs.rmSync(path.join(after.vault.store.orphansDir, `${x!.blobHash}.sidecar`));
    const file = path.join(after.vault.store.orphansDir, y!.blobHash);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 40]! ^= 0x01;
    fs.writeFileSync(file, bytes);
    const listed = await after.invoke('vault:orphans', {});
    expect(listed.find((o) => o.blobHash === x!.blobHash)).toMatchObject({ artifact: null, problem: expect.stringMatching(/no key file/) });
    const noKey = await after.dispatch('vault:reattach', { blobHash: x!.blobHash, incidentId: after.incident.id });
    expect(noKey.ok ? null : noKey.error.code).toBe('conflict');
    const altered = await after.dispatch('vault:reattach', { blobHash: y!.blobHash, incidentId: after.incident.id });
    expect(altered.ok ? null : altered.error.code).toBe('storage_error');
    await after.vault.artifacts.gc();
    await after.vault.artifacts.gc();
    expect(blobFiles(after.vault.store.orphansDir).map((f) => path.basename(f)).sort()).toEqual([x!.blobHash, y!.blobHash].sort());
    expect(await after.invoke('artifacts:list', { incidentId: after.incident.id })).toEqual([]);
  });
});

describe('a second vault:create never replaces the master key', () => {
  it('refuses while the vault record exists in vault.json or the key store holds a master key', async () => {
    const ks = new InMemoryOsKeyStore();
    const core = await start(ks);
    await core.invoke('vault:create', { mode: 'keystore' });
    await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'a.txt', dataBase64: b64('alpha') });
    const master = Buffer.from(ks.entries.get(MASTER_KEY_ACCOUNT)!);
    const dataDir = core.dataDir;
    await stop(core);
    corruptDatabase(dataDir);

    // The record came back from vault.json: the vault exists, so create is refused.
    const after = await start(ks, dataDir);
    const again = await after.dispatch('vault:create', { mode: 'keystore' });
    expect(again.ok ? null : again.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/unlock it instead.*recovery key/i) });
    await stop(after);

    // Even with vault.json gone too, the key store's master key is never overwritten.
    corruptDatabase(dataDir);
    fs.rmSync(path.join(dataDir, 'vault', 'vault.json'));
    const bare = await start(ks, dataDir);
    expect((await bare.invoke('vault:status', {})).state).toBe('uninitialized');
    const refused = await bare.dispatch('vault:create', { mode: 'keystore' });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already holds a vault master key.*recovery key/) });
    expect(ks.entries.get(MASTER_KEY_ACCOUNT)!.equals(master)).toBe(true);
    expect((await bare.invoke('vault:status', {})).state).toBe('uninitialized');
  });

  it('refuses while the passphrase key store holds a master key', async () => {
    const core = await start(null);
    await core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
    const dataDir = core.dataDir;
    await stop(core);
    const storeFile = path.join(dataDir, 'keystore', 'passphrase-keystore.json');
    const before = fs.readFileSync(storeFile);
    corruptDatabase(dataDir);
    fs.rmSync(path.join(dataDir, 'vault', 'vault.json'));
    const bare = await start(null, dataDir);
    const refused = await bare.dispatch('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/passphrase key store already holds a vault master key/) });
    expect(fs.readFileSync(storeFile).equals(before)).toBe(true);
  });
});

describe('key files for blobs imported before they existed', () => {
  it('are written once the vault is unlocked, so a later quarantine can still re-attach the blob', async () => {
    const core = await start(null);
    await core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
    const art = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'legacy.txt', dataBase64: b64('from an older version') });
    const sidecars = () => walk(core.vault.store.blobsDir).filter((f) => f.endsWith('.sidecar'));
    // As an older version left it: the blob without its key file.
    for (const f of sidecars()) fs.rmSync(f);
    await core.invoke('vault:lock', {});
    await core.invoke('vault:unlock', { passphrase: PASSPHRASE });
    await core.db.queue.drain();
    expect(sidecars()).toHaveLength(1);
    const dataDir = core.dataDir;
    await stop(core);
    corruptDatabase(dataDir);
    const after = await start(null, dataDir);
    await after.invoke('vault:unlock', { passphrase: PASSPHRASE });
    const [o] = await after.invoke('vault:orphans', {});
    expect(o).toMatchObject({ problem: null, artifact: { id: art.id, name: 'legacy.txt' } });
    const back = await after.invoke('vault:reattach', { blobHash: o!.blobHash, incidentId: after.incident.id });
    expect((await after.invoke('artifacts:read', { id: back.id })).text).toBe('from an older version');
  });
});
