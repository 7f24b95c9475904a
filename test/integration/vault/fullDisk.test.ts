// The vault on a real full disk (a small tmpfs, filled): every failure is reported as a typed error,
// and what did not commit is not kept: no lock state change, no row, no file left behind.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountSmallDisk, type SmallDisk } from '../../helpers/fullDisk';
import { InMemoryOsKeyStore, vaultCore } from './helpers';

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
