// The vault end to end through the contract: key lifecycle, import/preview/export/delete, bundles
// between consoles, custody and timeline entries, and typed errors that write nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { MASTER_KEY_ACCOUNT } from '../../../main/core/vault/keys';
import { blobFiles, InMemoryOsKeyStore, PASSPHRASE, PNG_1x1, vaultCore, walk } from './helpers';

type VCore = Awaited<ReturnType<typeof vaultCore>>;
const cores: VCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.cleanup();
});
async function make(opts: Parameters<typeof vaultCore>[0] = {}) {
  const c = await vaultCore(opts);
  cores.push(c);
  return c;
}
async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a rejection');
}
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

describe('vault key lifecycle', () => {
  it('refuses to start without a key store unless the user chooses a passphrase', async () => {
    const core = await make();
    expect((await core.invoke('vault:status', {})).state).toBe('uninitialized');
    const err = await rejects(core.invoke('vault:create', { mode: 'keystore' }));
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/passphrase/);
    expect((await core.invoke('vault:status', {})).state).toBe('uninitialized');
    const imp = await rejects(core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'a.txt', dataBase64: b64('x') }));
    expect(imp.code).toBe('unavailable');
    const noPass = await rejects(core.invoke('vault:create', { mode: 'passphrase' }));
    expect(noPass.code).toBe('invalid_input');
    expect(noPass.issues?.[0]?.path).toBe('passphrase');
    const short = await rejects(core.invoke('vault:create', { mode: 'passphrase', passphrase: 'short' }));
    expect(short.issues?.[0]?.path).toBe('passphrase');
  });

  it('passphrase vault: tuned scrypt, wrong passphrase fails closed, lock wipes keys, recovery key opens it', async () => {
    const core = await make();
    const created = await core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
    expect(created.recoveryKey).toMatch(/^CPRK(-[0-9A-Z]{1,5}){11}$/);
    expect(created.status).toMatchObject({ state: 'unlocked', mode: 'passphrase', backend: 'passphrase', passphraseSet: true });
    const store = JSON.parse(fs.readFileSync(path.join(core.dataDir, 'keystore', 'passphrase-keystore.json'), 'utf8'));
    expect(store.kdf.name).toBe('scrypt');
    expect(store.kdf.tunedMs).toBeGreaterThanOrEqual(250);
    expect(JSON.stringify(store)).not.toContain(created.recoveryKey);

    const art = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'notes.txt', dataBase64: b64('hello evidence') });
    await core.invoke('vault:lock', {});
    expect((await core.invoke('vault:status', {})).state).toBe('locked');
    expect((await rejects(core.invoke('artifacts:read', { id: art.id }))).code).toBe('unavailable');
    const wrong = await rejects(core.invoke('vault:unlock', { passphrase: 'not the passphrase' }));
    expect(wrong.code).toBe('forbidden');
    expect(wrong.issues?.[0]?.path).toBe('passphrase');
    expect((await core.invoke('vault:status', {})).state).toBe('locked');
    const badRecovery = await rejects(core.invoke('vault:unlock', { recoveryKey: 'CPRK-00000-00000' }));
    expect(badRecovery.code).toBe('invalid_input');

    await core.invoke('vault:unlock', { recoveryKey: created.recoveryKey.toLowerCase().replace(/-/g, ' ') });
    expect((await core.invoke('artifacts:read', { id: art.id })).text).toBe('hello evidence');
    await core.invoke('vault:lock', {});
    await core.invoke('vault:unlock', { passphrase: PASSPHRASE });
    expect((await core.invoke('artifacts:read', { id: art.id })).text).toBe('hello evidence');
    expect((await rejects(core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE }))).code).toBe('conflict');
  });

  it('key-store vault unlocks silently at start, fails closed on a wrong key, and the recovery key repairs a lost store', async () => {
    const os1 = new InMemoryOsKeyStore();
    const core = await make({ keyStore: os1 });
    const created = await core.invoke('vault:create', { mode: 'keystore' });
    expect(created.status).toMatchObject({ state: 'unlocked', mode: 'keystore', backend: 'safeStorage', systemKeyStore: 'safeStorage' });
    expect(os1.entries.get(MASTER_KEY_ACCOUNT)?.length).toBe(32);
    const art = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'x.log', dataBase64: b64('line 1\nline 2\n') });
    const dataDir = core.dataDir;
    await core.close();

    // Restart with the same store: unlocked without asking.
    const again = await make({ keyStore: os1, dataDir });
    cores.splice(cores.indexOf(again), 1);
    expect((await again.invoke('vault:status', {})).state).toBe('unlocked');
    expect((await again.invoke('artifacts:read', { id: art.id })).text).toContain('line 2');
    await again.close();

    // The key store now holds a different key: fail closed, stay locked.
    os1.entries.set(MASTER_KEY_ACCOUNT, Buffer.alloc(32, 7));
    const wrongKey = await make({ keyStore: os1, dataDir });
    cores.splice(cores.indexOf(wrongKey), 1);
    expect((await wrongKey.invoke('vault:status', {})).state).toBe('locked');
    expect((await rejects(wrongKey.invoke('vault:unlock', {}))).code).toBe('forbidden');
    await wrongKey.close();

    // The key store is lost entirely: the recovery key opens the vault and re-enrols the key.
    const os2 = new InMemoryOsKeyStore();
    const lost = await make({ keyStore: os2, dataDir });
    expect((await lost.invoke('vault:status', {})).state).toBe('locked');
    expect((await rejects(lost.invoke('vault:unlock', {}))).code).toBe('unavailable');
    await lost.invoke('vault:unlock', { recoveryKey: created.recoveryKey });
    expect(os2.entries.get(MASTER_KEY_ACCOUNT)?.length).toBe(32);
    expect((await lost.invoke('artifacts:read', { id: art.id })).text).toContain('line 1');
  });
});

describe('artifacts', () => {
  async function unlocked() {
    const core = await make();
    const created = await core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
    return Object.assign(core, { recoveryKey: created.recoveryKey });
  }

  it('imports from a path and inline, previews images and text in memory, never renders SVG/HTML, flags mismatches', async () => {
    const core = await unlocked();
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-src-'));
    try {
      fs.writeFileSync(path.join(src, 'shot.png'), PNG_1x1);
      const png = await core.invoke('artifacts:import', { incidentId: core.incident.humanId, name: 'shot.png', path: path.join(src, 'shot.png') });
      expect(png).toMatchObject({ name: 'shot.png', contentType: 'image/png', mismatch: false, previewKind: 'image', source: 'file', size: PNG_1x1.length, addedBy: 'tester' });
      const svg = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'diagram.svg', dataBase64: b64('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
      expect(svg).toMatchObject({ contentType: 'image/svg+xml', previewKind: 'text', mismatch: false });
      const disguised = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'photo.jpg', dataBase64: b64('<!doctype html><script>x</script>') });
      expect(disguised).toMatchObject({ contentType: 'text/html', mismatch: true, previewKind: 'text' });

      const p = await core.invoke('artifacts:read', { id: png.id });
      expect(p.kind).toBe('image');
      expect(Buffer.from(p.dataBase64!, 'base64').equals(PNG_1x1)).toBe(true);
      const s = await core.invoke('artifacts:read', { id: svg.id });
      expect(s).toMatchObject({ kind: 'text', dataBase64: null });
      expect(s.text).toContain('<script>');

      const list = await core.invoke('artifacts:list', { incidentId: core.incident.id });
      expect(list.map((a) => a.name)).toEqual(['photo.jpg', 'diagram.svg', 'shot.png']);
      const timeline = await core.invoke('timeline:list', { incidentId: core.incident.id });
      const texts = timeline.entries.map((e) => e.text);
      expect(texts.filter((t) => t.startsWith('Evidence added to the vault'))).toHaveLength(3);
      expect(texts.filter((t) => t.startsWith('Evidence viewed'))).toHaveLength(2);
      expect(texts.some((t) => t.includes('name does not match content'))).toBe(true);
      const chain = await core.invoke('artifacts:custody', { id: png.id });
      expect(chain.map((c) => c.action)).toEqual(['import', 'view']);
      expect(chain[0]!.plaintextDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(chain[0]!.ciphertextHash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      fs.rmSync(src, { recursive: true, force: true });
    }
  });

  it('exports plain (no clobber, atomic) and as a bundle that another console imports with its passphrase', async () => {
    const core = await unlocked();
    const content = Buffer.concat([Buffer.from('CANARY-7f3a '), Buffer.alloc(300_000, 0x41)]);
    const art = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'capture.log', dataBase64: b64(content) });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-out-'));
    try {
      const dest = path.join(out, 'capture.log');
      const r = await core.invoke('artifacts:export', { id: art.id, destination: dest, format: 'plain' });
      expect(r.bytes).toBe(content.length);
      expect(fs.readFileSync(dest).equals(content)).toBe(true);
      expect((await rejects(core.invoke('artifacts:export', { id: art.id, destination: dest, format: 'plain' }))).code).toBe('conflict');
      // A page (browser host, Electron renderer) cannot choose where files are written.
      for (const transport of ['http', 'ipc'] as const) {
        const res = await core.dispatch('artifacts:export', { id: art.id, destination: path.join(out, `page-${transport}.log`), format: 'plain' }, { transport });
        expect(res.ok ? null : res.error).toMatchObject({ code: 'forbidden', issues: [{ path: 'destination' }] });
      }
      const noPass = await rejects(core.invoke('artifacts:export', { id: art.id, destination: 'inline', format: 'bundle' }));
      expect(noPass.issues?.[0]?.path).toBe('passphrase');

      const bundlePath = path.join(out, 'capture.cpbundle');
      await core.invoke('artifacts:export', { id: art.id, destination: bundlePath, format: 'bundle', passphrase: 'bundle passphrase 1' });
      const bundleBytes = fs.readFileSync(bundlePath);
      expect(bundleBytes.includes(Buffer.from('CANARY-7f3a'))).toBe(false);
      expect(bundleBytes.includes(Buffer.from('capture.log'))).toBe(false);
      expect(fs.readdirSync(out).sort()).toEqual(['capture.cpbundle', 'capture.log']);

      const other = await unlocked();
      const wrong = await rejects(other.invoke('artifacts:import', { incidentId: other.incident.id, name: 'x', path: bundlePath, bundlePassphrase: 'nope nope nope' }));
      expect(wrong.code).toBe('forbidden');
      expect(await other.invoke('artifacts:list', { incidentId: other.incident.id })).toEqual([]);
      const imported = await other.invoke('artifacts:import', { incidentId: other.incident.id, name: 'ignored.bin', path: bundlePath, bundlePassphrase: 'bundle passphrase 1' });
      expect(imported).toMatchObject({ name: 'capture.log', source: 'bundle', size: content.length, plaintextSha256: art.plaintextSha256 });
      const inline = await other.invoke('artifacts:export', { id: imported.id, destination: 'inline', format: 'plain' });
      expect(Buffer.from(inline.dataBase64!, 'base64').equals(content)).toBe(true);
      const chain = await other.invoke('artifacts:custody', { id: imported.id });
      expect(chain[0]!.detail).toMatchObject({ bundle: { sourceArtifactId: art.id, incident: core.incident.humanId, exportedBy: 'tester' } });
      const t = await core.invoke('timeline:list', { incidentId: core.incident.id });
      expect(t.entries.filter((e) => e.text.startsWith('Evidence exported'))).toHaveLength(2);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('delete crypto-shreds the key and removes the blob and its key file; the custody record stays and verifies', async () => {
    const core = await unlocked();
    const art = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'secret.txt', dataBase64: b64('customer data') });
    const blobs = () => walk(core.vault.store.blobsDir);
    expect(blobs().map((f) => path.basename(f).replace(/^[0-9a-f]{64}/, 'H')).sort()).toEqual(['H', 'H.sidecar']);
    const noReason = await rejects(core.invoke('artifacts:delete', { id: art.id, reason: '   ' }));
    expect(noReason.issues?.[0]?.path).toBe('reason');
    const keyBefore = (await core.db.reader.get<{ wrapped_key: Buffer }>('SELECT wrapped_key FROM artifacts WHERE id = ?', [art.id]))?.wrapped_key;
    expect(keyBefore?.length).toBe(60);
    const del = await core.invoke('artifacts:delete', { id: art.id, reason: 'retention: no longer needed' });
    await core.vault.idle();
    expect(del.deletedAt).not.toBeNull();
    expect(blobs()).toHaveLength(0);
    const row = await core.db.reader.get<{ wrapped_key: Buffer | null }>('SELECT wrapped_key FROM artifacts WHERE id = ?', [art.id]);
    expect(row?.wrapped_key).toBeNull();
    expect((await rejects(core.invoke('artifacts:read', { id: art.id }))).code).toBe('conflict');
    expect(await core.invoke('artifacts:list', { incidentId: core.incident.id })).toEqual([]);
    expect(await core.invoke('artifacts:list', { incidentId: core.incident.id, includeDeleted: true })).toHaveLength(1);
    expect((await core.invoke('artifacts:custody', { id: art.id })).map((c) => c.action)).toEqual(['import', 'delete']);
    expect(await core.invoke('custody:verify', {})).toMatchObject({ ok: true, artifacts: 1, entries: 2 });
    // The shredded key's bytes are gone from the database file once the WAL is checkpointed.
    const wrapped = (await core.db.reader.get<{ n: number }>('SELECT count(*) AS n FROM artifacts'))!;
    expect(wrapped.n).toBe(1);
    const dbFile = core.db.file;
    await core.close();
    expect(fs.readFileSync(dbFile).includes(keyBefore!)).toBe(false);
  });

  it('bad input names the field and writes nothing', async () => {
    const core = await unlocked();
    const cases: Array<[unknown, string]> = [
      [{ incidentId: core.incident.id, name: 'a' }, 'path'],
      [{ incidentId: core.incident.id, name: 'a', dataBase64: 'AA==', path: '/etc/hosts' }, 'path'],
      [{ incidentId: core.incident.id, name: 'a', path: 'relative/file' }, 'path'],
      [{ incidentId: core.incident.id, name: 'a', dataBase64: 'not base64!' }, 'dataBase64'],
      [{ incidentId: core.incident.id, name: '', dataBase64: 'AA==' }, 'name'],
      [{ incidentId: core.incident.id, name: 'a', dataBase64: 'AA==', extra: 1 }, '(input)'],
    ];
    for (const [input, field] of cases) {
      const res = await core.dispatch('artifacts:import', input);
      expect(res.ok).toBe(false);
      if (!res.ok) {
        expect(res.error.code).toBe('invalid_input');
        expect(res.error.issues?.map((i) => i.path)).toContain(field);
      }
    }
    const missing = await rejects(core.invoke('artifacts:import', { incidentId: 'INC-2026-9999', name: 'a', dataBase64: 'AA==' }));
    expect(missing.code).toBe('not_found');
    const dir = await rejects(core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'a', path: os.tmpdir() }));
    expect(dir.issues?.[0]?.path).toBe('path');
    expect(await core.invoke('artifacts:list', { incidentId: core.incident.id })).toEqual([]);
    expect([...walk(core.vault.store.blobsDir), ...walk(core.vault.store.tmpDir), ...walk(core.vault.store.orphansDir)]).toEqual([]);
  });

  it('hostile names cannot place a file outside the vault and are stored cleaned', async () => {
    const core = await unlocked();
    const hostile = [
      '../../../../etc/passwd',
      '/absolute/path/evil.sh',
      'C:\\Windows\\System32\\drivers\\etc\\hosts',
      '\\\\server\\share\\payload.exe',
      'CON',
      'nul.txt',
      'a'.repeat(1000) + '.txt',
      'invoice\u202Etxt.exe',
      'zero\u200Bwidth.log',
      'cafe\u0301.txt',
      '...',
      'line\nbreak.txt',
    ];
    const names: string[] = [];
    for (const n of hostile) {
      const a = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: n, dataBase64: b64('x') });
      names.push(a.name);
    }
    expect(names).toEqual([
      'passwd',
      'evil.sh',
      'hosts',
      'payload.exe',
      '_CON',
      '_nul.txt',
      'a'.repeat(196) + '.txt',
      'invoicetxt.exe',
      'zerowidth.log',
      'café.txt',
      'artifact',
      'linebreak.txt',
    ]);
    for (const f of walk(core.dataDir)) {
      const rel = path.relative(core.dataDir, f);
      expect(rel.startsWith('..')).toBe(false);
      if (rel.startsWith(`vault${path.sep}blobs`)) expect(path.basename(f)).toMatch(/^[0-9a-f]{64}(\.sidecar)?$/);
    }
    expect(blobFiles(core.vault.store.blobsDir)).toHaveLength(hostile.length);
  });

  it('a blob swapped for another artifact’s, or a swapped data key, fails closed', async () => {
    const core = await unlocked();
    const a = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'a.txt', dataBase64: b64('alpha') });
    const b = await core.invoke('artifacts:import', { incidentId: core.incident.id, name: 'b.txt', dataBase64: b64('bravo') });
    const rows = await core.db.reader.all<{ id: string; blob_hash: string; wrapped_key: Buffer }>('SELECT id, blob_hash, wrapped_key FROM artifacts ORDER BY id');
    const [ra, rb] = [rows.find((r) => r.id === a.id)!, rows.find((r) => r.id === b.id)!];
    const pa = core.vault.store.blobPath(ra.blob_hash);
    const pb = core.vault.store.blobPath(rb.blob_hash);
    const [ca, cb] = [fs.readFileSync(pa), fs.readFileSync(pb)];
    fs.writeFileSync(pa, cb);
    fs.writeFileSync(pb, ca);
    expect((await rejects(core.invoke('artifacts:read', { id: a.id }))).code).toBe('storage_error');
    expect((await rejects(core.invoke('artifacts:export', { id: b.id, destination: 'inline', format: 'plain' }))).code).toBe('storage_error');
    // A tampered artifact exported to a path writes nothing at all (every chunk is checked first).
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-tamper-out-'));
    try {
      for (const format of ['plain', 'bundle'] as const) {
        const err = await rejects(core.invoke('artifacts:export', { id: a.id, destination: path.join(out, `a-${format}`), format, ...(format === 'bundle' ? { passphrase: 'bundle passphrase' } : {}) }));
        expect(err.code).toBe('storage_error');
      }
      expect(fs.readdirSync(out)).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    fs.writeFileSync(pa, ca);
    fs.writeFileSync(pb, cb);
    await core.db.queue.transaction(async (tx) => {
      await tx.run('UPDATE artifacts SET wrapped_key = ? WHERE id = ?', [rb.wrapped_key, a.id]);
    });
    expect((await rejects(core.invoke('artifacts:read', { id: a.id }))).code).toBe('storage_error');
    expect((await core.invoke('artifacts:read', { id: b.id })).text).toBe('bravo');

    // The wrapped keys of the two swapped outright. Each data key is wrapped for its own artifact,
    // so both fail at the key, naming the altered record, before any blob is decrypted with it (a
    // wrap not bound to the id would open the other artifact's key and fail only at the chunks).
    await core.db.queue.transaction(async (tx) => {
      await tx.run('UPDATE artifacts SET wrapped_key = ? WHERE id = ?', [ra.wrapped_key, b.id]);
    });
    for (const id of [a.id, b.id]) {
      const err = await rejects(core.invoke('artifacts:read', { id }));
      expect(err.code, id).toBe('storage_error');
      expect(err.message, id).toBe(`The data key of artifact ${id} does not authenticate (altered record or wrong master key).`);
      const exp = await rejects(core.invoke('artifacts:export', { id, destination: 'inline', format: 'plain' }));
      expect(exp.message, id).toMatch(new RegExp(`^The data key of artifact ${id} does not authenticate`));
    }
    await core.db.queue.transaction(async (tx) => {
      await tx.run('UPDATE artifacts SET wrapped_key = ? WHERE id = ?', [ra.wrapped_key, a.id]);
      await tx.run('UPDATE artifacts SET wrapped_key = ? WHERE id = ?', [rb.wrapped_key, b.id]);
    });
    expect((await core.invoke('artifacts:read', { id: a.id })).text).toBe('alpha');
    expect((await core.invoke('artifacts:read', { id: b.id })).text).toBe('bravo');
  });
});
