// The data folder is the vault's alone: start-up never follows a symbolic link out of it, deletes
// only names the vault itself writes, and leaves every file 0600 and every folder 0700, even in a
// data folder that existed before with looser modes.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/createCore';
import { tempDir } from '../../helpers/tempCore';
import { PASSPHRASE, vaultCore, walk } from './helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const dir = (prefix: string) => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};

/** A folder outside the data folder with files named like the vault's own. */
function outsideFolder(): { dir: string; files: string[] } {
  const d = dir('cp-outside-');
  const files = ['0123456789abcdef01234567.part', 'a'.repeat(64), 'notes.txt'].map((n) => path.join(d, n));
  for (const f of files) fs.writeFileSync(f, 'precious, not the vault’s');
  return { dir: d, files };
}

describe('start-up cleanup and symbolic links', () => {
  for (const folder of ['vault', 'vault/tmp', 'vault/blobs', 'vault/orphans', 'vault/blobs/aa'] as const) {
    it(`refuses to start when ${folder} is a symbolic link, and deletes nothing outside`, async () => {
      const dataDir = dir('cp-symlink-');
      const outside = outsideFolder();
      fs.mkdirSync(path.dirname(path.join(dataDir, folder)), { recursive: true });
      fs.symlinkSync(outside.dir, path.join(dataDir, folder));
      const err = await createCore({ dataDir, keyStore: null }).then(
        async (c) => {
          await c.close();
          return null;
        },
        (e: unknown) => e as Error,
      );
      for (const f of outside.files) expect(fs.existsSync(f), `${f} was deleted`).toBe(true);
      expect(err?.message).toMatch(/is a symbolic link.*will not follow/);
      // Refused before the vault touched anything: the database is closed again and can be reopened.
      fs.rmSync(path.join(dataDir, folder));
      const fixed = await createCore({ dataDir, keyStore: null });
      await fixed.close();
    });
  }

  it('follows no link inside the vault folders and removes only the temp files it writes', async () => {
    const core = await vaultCore();
    dirs.push(core.dataDir);
    await core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
    await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'a.txt', dataBase64: Buffer.from('alpha').toString('base64') });
    await core.close();
    const outside = outsideFolder();
    const tmp = path.join(core.dataDir, 'vault', 'tmp');
    // A link in tmp named like a temp file, links named like blobs and key files, and a stray file.
    fs.symlinkSync(outside.files[0]!, path.join(tmp, 'fedcba9876543210fedcba98.part'));
    fs.symlinkSync(outside.files[1]!, path.join(core.dataDir, 'vault', 'orphans', 'b'.repeat(64)));
    const shard = fs.readdirSync(path.join(core.dataDir, 'vault', 'blobs'))[0]!;
    fs.symlinkSync(outside.files[1]!, path.join(core.dataDir, 'vault', 'blobs', shard, `${shard}${'c'.repeat(62)}.sidecar`));
    fs.writeFileSync(path.join(tmp, 'not-ours.txt'), 'kept');
    fs.writeFileSync(path.join(tmp, '00112233445566778899aabb.part'), 'a crashed upload');

    const again = await createCore({ dataDir: core.dataDir, keyStore: null });
    await again.vault.idle();
    expect((await again.invoke('vault:status', {})).orphans).toBe(0);
    expect(await again.invoke('vault:orphans', {})).toEqual([]);
    await again.close();
    for (const f of outside.files) expect(fs.existsSync(f), `${f} was deleted`).toBe(true);
    expect(fs.existsSync(path.join(tmp, 'not-ours.txt'))).toBe(true);
    expect(fs.lstatSync(path.join(tmp, 'fedcba9876543210fedcba98.part')).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(path.join(tmp, '00112233445566778899aabb.part'))).toBe(false);
  });
});

describe('modes', () => {
  it('every vault file is 0600 and every vault folder 0700, even in an existing, looser data folder', async () => {
    const dataDir = dir('cp-modes-');
    for (const d of ['vault', 'vault/blobs', 'vault/tmp', 'keystore']) fs.mkdirSync(path.join(dataDir, d), { recursive: true, mode: 0o755 });
    for (const d of ['vault', 'vault/blobs', 'vault/tmp', 'keystore']) fs.chmodSync(path.join(dataDir, d), 0o755);
    const core = await vaultCore({ dataDir });
    await core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
    for (let i = 0; i < 3; i++) await core.invoke('artifacts:import', { incidentId: core.incident.id, name: `f${i}.txt`, dataBase64: Buffer.from(`file ${i}`).toString('base64') });
    await core.vault.idle();
    const loose: string[] = [];
    const check = (p: string, want: number) => {
      const mode = fs.lstatSync(p).mode & 0o777;
      if (mode !== want) loose.push(`${path.relative(dataDir, p)} ${mode.toString(8)}`);
    };
    const visit = (d: string) => {
      check(d, 0o700);
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) visit(p);
        else check(p, 0o600);
      }
    };
    visit(path.join(dataDir, 'vault'));
    visit(path.join(dataDir, 'keystore'));
    expect(walk(path.join(dataDir, 'vault', 'blobs')).length).toBeGreaterThanOrEqual(3);
    await core.close();
    expect(loose).toEqual([]);
  });
});
