// The vault on a real full disk (a small tmpfs, filled): every failure is reported as a typed error,
// and what did not commit is not kept: no lock state change, no row, no file left behind.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountSmallDisk, type SmallDisk } from '../../helpers/fullDisk';
import { InMemoryOsKeyStore, vaultCore, walk } from './helpers';

type VCore = Awaited<ReturnType<typeof vaultCore>>;
let disk: SmallDisk | null = null;
let core: VCore | null = null;
afterEach(async () => {
  await core?.close().catch(() => undefined);
  core = null;
  disk?.cleanup();
  disk = null;
});

async function onSmallDisk(): Promise<{ core: VCore; disk: SmallDisk }> {
  disk = mountSmallDisk(16 * 1024);
  core = await vaultCore({ keyStore: new InMemoryOsKeyStore(), dataDir: path.join(disk.dir, 'data') });
  await core.invoke('vault:create', { mode: 'keystore' });
  return { core, disk };
}

const artifactRows = async (c: VCore) => (await c.db.reader.get<{ n: number }>('SELECT count(*) AS n FROM artifacts'))!.n;
/** The vault's files other than its record: blobs, key files, temp and orphan files. */
const vaultFiles = (c: VCore) => [...walk(c.vault.store.blobsDir), ...walk(c.vault.store.tmpDir), ...walk(c.vault.store.orphansDir)].map((f) => path.relative(c.vault.dir, f)).sort();
const auditRows = async (c: VCore) => (await c.db.reader.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;

describe('full disk', () => {
  it('vault:lock and vault:unlock that fail to commit leave the lock state as it was', async () => {
    const { core, disk } = await onSmallDisk();
    const failed = { 'vault:lock': 0, 'vault:unlock': 0 };
    /** One attempt: success flips the state and is audited; failure changes nothing. */
    async function attempt(op: 'vault:lock' | 'vault:unlock') {
      const before = core.vault.isUnlocked();
      const audits = await auditRows(core);
      const res = await core.dispatch(op, {});
      if (res.ok) {
        expect(core.vault.isUnlocked(), `${op} succeeded`).toBe(op === 'vault:unlock');
        expect(await auditRows(core)).toBe(audits + 1);
      } else {
        expect(res.error.code).toBe('storage_error');
        expect(res.error.message).toMatch(/disk is full/);
        expect(core.vault.isUnlocked(), `${op} failed: ${res.error.message}`).toBe(before);
        expect((await core.invoke('vault:status', {})).state).toBe(before ? 'unlocked' : 'locked');
        failed[op]++;
      }
    }
    disk.fill();
    // Bounded: a small transaction may still fit in space the WAL already holds.
    for (let i = 0; i < 50 && failed['vault:lock'] < 3; i++) await attempt(core.vault.isUnlocked() ? 'vault:lock' : 'vault:unlock');
    disk.free();
    if (core.vault.isUnlocked()) await core.invoke('vault:lock', {});
    disk.fill();
    for (let i = 0; i < 50 && failed['vault:unlock'] < 3; i++) await attempt(core.vault.isUnlocked() ? 'vault:lock' : 'vault:unlock');
    expect(failed, 'the full disk never made a lock or unlock fail').toEqual({ 'vault:lock': 3, 'vault:unlock': 3 });
    disk.free();
    await core.invoke('vault:unlock', {});
    expect(core.vault.isUnlocked()).toBe(true);
  });
});

describe('full disk during an inline import', () => {
  it('answers a typed storage_error naming the full disk, and leaves no temp file, blob, key file or row', async () => {
    const { core, disk } = await onSmallDisk();
    const content = Buffer.alloc(48 * 1024, 0x61).toString('base64');
    disk.fill();
    const res = await core.dispatch('artifacts:import', { incidentId: core.incident.id, name: 'big.log', dataBase64: content });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('storage_error');
      expect(res.error.message).toMatch(/disk .*is full/);
    }
    expect(vaultFiles(core)).toEqual([]);
    expect(await artifactRows(core)).toBe(0);
  });

  it('is all or nothing wherever the space runs out: the encrypted file, its key file, or the database commit', async () => {
    const { core, disk } = await onSmallDisk();
    const seen = new Set<string>();
    let before = vaultFiles(core);
    // From no room at all to enough room for everything, 4 KiB (one tmpfs page) at a time.
    for (let leave = 0; leave <= 96; leave += 4) {
      disk.free();
      disk.fill(leave * 1024);
      const rows = await artifactRows(core);
      const res = await core.dispatch('artifacts:import', { incidentId: core.incident.id, name: `f${leave}.txt`, dataBase64: Buffer.from(`room ${leave} KiB`).toString('base64') });
      disk.free();
      if (res.ok) {
        expect(await artifactRows(core)).toBe(rows + 1);
        expect((await core.invoke('artifacts:read', { id: (res.data as { id: string }).id })).text).toBe(`room ${leave} KiB`);
        seen.add('ok');
      } else {
        expect(res.error.code, res.error.message).toBe('storage_error');
        expect(res.error.message).toMatch(/disk .*is full/);
        expect(await artifactRows(core), `${leave} KiB: a row was left`).toBe(rows);
        expect(vaultFiles(core), `${leave} KiB: files were left`).toEqual(before);
        seen.add(/SQLITE_FULL/.test(res.error.message) ? 'database' : 'file');
      }
      before = vaultFiles(core);
    }
    expect([...seen].sort()).toEqual(['database', 'file', 'ok']);
  });

  it('an export to a folder on a full disk is a typed storage_error that names the destination and leaves no partial file', async () => {
    // The vault lives on a roomy disk; only the destination is full.
    core = await vaultCore({ keyStore: new InMemoryOsKeyStore() });
    await core.invoke('vault:create', { mode: 'keystore' });
    const art = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'big.log', dataBase64: Buffer.alloc(256 * 1024, 0x41).toString('base64') });
    disk = mountSmallDisk(64);
    disk.fill();
    const dest = path.join(disk.dir, 'big.log');
    const res = await core.dispatch('artifacts:export', { id: art.id, format: 'plain', destination: dest });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('storage_error');
    expect(res.error.message).toContain(disk.dir);
    expect(res.error.message).toMatch(/full/);
    disk.free();
    expect(walk(disk.dir)).toEqual([]);
  });
});
