// The data folder is the core's alone: folders 0700 and files 0600 whatever the umask, also in a
// folder an older version (or a permissive umask) left readable, and no link followed out of it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/createCore';
import { DB_FILE_NAME } from '../../../main/core/db/database';
import { tempDir } from '../../helpers/tempCore';

const PASSPHRASE = 'correct horse battery staple';
const dirs: string[] = [];
const cores: Core[] = [];
const umask = process.umask();
afterEach(async () => {
  process.umask(umask);
  for (const c of cores.splice(0)) await c.close().catch(() => undefined);
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const fresh = () => {
  const d = tempDir('cp-modes-');
  dirs.push(d);
  return d;
};
async function open(dataDir: string): Promise<Core> {
  const c = await createCore({ dataDir, keyStore: null });
  cores.push(c);
  return c;
}
const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);

/** Every file and folder under dir (not following links), with its mode. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = { '.': mode(dir) };
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out[path.relative(dir, p)] = (fs.lstatSync(p).mode & 0o777).toString(8);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

async function exercise(c: Core): Promise<void> {
  await c.invoke('profile:set', { displayName: 'Modes', handle: 'modes' });
  await c.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
  const inc = await c.invoke('incidents:declare', { title: 'Modes', severity: 'SEV-4' });
  await c.invoke('artifacts:import', { incidentId: inc.id, name: 'a.txt', dataBase64: Buffer.from('evidence').toString('base64') });
}

describe.skipIf(process.platform === 'win32')('data folder modes', () => {
  it('creates every file 0600 and every folder 0700 even under umask 000', async () => {
    process.umask(0o000);
    const dataDir = path.join(fresh(), 'new-folder');
    const c = await open(dataDir);
    await exercise(c);
    const m = modes(dataDir);
    for (const f of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`, 'commandpost.lock', 'commandpost.lock.json', 'integrity-head.json', 'keystore/passphrase-keystore.json']) {
      expect(m[f], f).toBe('600');
    }
    for (const [p, v] of Object.entries(m)) {
      const isDir = fs.lstatSync(path.join(dataDir, p)).isDirectory();
      expect(v, p).toBe(isDir ? '700' : '600');
    }
  });

  it('gives an existing, world-readable data folder private modes at start', async () => {
    const dataDir = fresh();
    const first = await open(dataDir);
    await exercise(first);
    await first.close();
    // What an older version under umask 022 left behind.
    for (const p of Object.keys(modes(dataDir))) {
      const full = path.join(dataDir, p);
      fs.chmodSync(full, fs.lstatSync(full).isDirectory() ? 0o755 : 0o644);
    }
    process.umask(0o022);
    const c = await open(dataDir);
    await c.invoke('incidents:list', {});
    const m = modes(dataDir);
    expect(m['.']).toBe('700');
    for (const f of ['keystore', 'vault', 'vault/blobs', 'vault/tmp']) expect(m[f], f).toBe('700');
    for (const f of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`, 'commandpost.lock', 'commandpost.lock.json', 'integrity-head.json', 'keystore/passphrase-keystore.json']) {
      expect(m[f], f).toBe('600');
    }
  });

  it('refuses a database that is a link out of the folder and leaves its target alone', async () => {
    const dataDir = fresh();
    const outside = path.join(fresh(), 'elsewhere.db');
    fs.writeFileSync(outside, '');
    fs.symlinkSync(outside, path.join(dataDir, DB_FILE_NAME));
    await expect(open(dataDir)).rejects.toThrow(/is a symbolic link/);
    expect(fs.statSync(outside).size).toBe(0);
    expect(fs.existsSync(`${outside}-wal`)).toBe(false);
    // The refused start released the folder: once the link is gone it opens.
    fs.rmSync(path.join(dataDir, DB_FILE_NAME));
    await open(dataDir);
  });

  it('refuses a WAL or a key store folder that is a link', async () => {
    const dataDir = fresh();
    const outside = fresh();
    fs.symlinkSync(path.join(outside, 'wal'), path.join(dataDir, `${DB_FILE_NAME}-wal`));
    await expect(open(dataDir)).rejects.toThrow(/-wal is a symbolic link/);
    expect(fs.readdirSync(outside)).toEqual([]);
    fs.rmSync(path.join(dataDir, `${DB_FILE_NAME}-wal`));
    fs.symlinkSync(outside, path.join(dataDir, 'keystore'));
    await expect(open(dataDir)).rejects.toThrow(/keystore is a symbolic link/);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a data folder that belongs to another user (as root: chown)', async () => {
    const dataDir = fresh();
    fs.chownSync(dataDir, 4242, 4242);
    await expect(open(dataDir)).rejects.toThrow(/belongs to another user \(uid 4242\)/);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('accepts a data folder that is a link to a folder of its own user', async () => {
    const target = fresh();
    const link = path.join(fresh(), 'linked-data');
    fs.symlinkSync(target, link);
    const c = await open(link);
    await c.invoke('profile:set', { displayName: 'Linked', handle: 'linked' });
    expect(fs.existsSync(path.join(target, DB_FILE_NAME))).toBe(true);
    expect(os.platform()).not.toBe('win32');
  });
});
