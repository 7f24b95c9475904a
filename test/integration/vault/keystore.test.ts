// The passphrase key store and the key-store selection order, on real files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { PassphraseKeyStore } from '../../../main/core/keystore/passphraseKeyStore';
import { selectKeyStores } from '../../../main/core/keystore/selectKeyStore';
import { tempDir } from '../../helpers/tempCore';
import { InMemoryOsKeyStore, PASSPHRASE } from './helpers';

const root = path.resolve(__dirname, '..', '..', '..');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const dir = () => {
  const d = tempDir('cp-ks-');
  dirs.push(d);
  return d;
};

it('passphrase store: tuned KDF, sealed entries, wrong passphrase and tampering fail closed, lock wipes', async () => {
  const d = dir();
  const ks = new PassphraseKeyStore(d);
  expect(ks.exists()).toBe(false);
  await expect(ks.create('short')).rejects.toMatchObject({ code: 'invalid_input' });
  await ks.create(PASSPHRASE);
  expect(await ks.isAvailable()).toBe(true);
  const secret = Buffer.from('pagerduty-routing-key-CANARY-31337');
  await ks.set('integration:pagerduty', secret);
  const raw = fs.readFileSync(ks.file, 'utf8');
  expect(raw).not.toContain('CANARY');
  expect(raw).not.toContain(secret.toString('base64'));
  expect(JSON.parse(raw).kdf.tunedMs).toBeGreaterThanOrEqual(250);
  expect(fs.statSync(ks.file).mode & 0o077).toBe(0);

  ks.lock();
  expect(await ks.isAvailable()).toBe(false);
  await expect(ks.get('integration:pagerduty')).rejects.toMatchObject({ code: 'unavailable' });
  const wrong = await ks.unlock('wrong passphrase').catch((e: unknown) => e);
  expect(wrong).toBeInstanceOf(AppError);
  expect((wrong as AppError).code).toBe('forbidden');

  const again = new PassphraseKeyStore(d);
  await again.unlock(PASSPHRASE);
  expect((await again.get('integration:pagerduty'))?.equals(secret)).toBe(true);
  expect(await again.get('missing')).toBeNull();
  expect(await again.delete('integration:pagerduty')).toBe(true);
  expect(await again.delete('integration:pagerduty')).toBe(false);

  // An entry moved to another account name does not open.
  await again.set('a', Buffer.from('one'));
  const data = JSON.parse(fs.readFileSync(again.file, 'utf8'));
  data.entries.b = data.entries.a;
  fs.writeFileSync(again.file, JSON.stringify(data));
  await expect(again.get('b')).rejects.toMatchObject({ code: 'storage_error' });
  // Hostile KDF parameters (memory/time bombs) are refused before any derivation.
  data.kdf.logN = 30;
  fs.writeFileSync(again.file, JSON.stringify(data));
  await expect(new PassphraseKeyStore(d).unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'storage_error' });
});

it('selection: a preferred store that is available wins; otherwise keytar is probed; otherwise the passphrase store', async () => {
  const d = dir();
  const os1 = new InMemoryOsKeyStore();
  const a = await selectKeyStores({ dataDir: d, preferred: os1 });
  expect(a.system).toBe(os1);
  expect(a.selected).toBe(os1);
  os1.available = false;
  // Without keytar, an unavailable preferred store leaves the passphrase store.
  const b = await selectKeyStores({ dataDir: d, preferred: os1, keytar: false });
  expect(b.system).toBeNull();
  expect(b.selected).toBe(b.passphrase);
  // keytar probed where no Secret Service can answer (whatever this machine has): the passphrase
  // store. Where one answers, keytar is selected: keytarChild.ts checks that under a real keyring.
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'selectionChild.ts'), d], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: d, XDG_RUNTIME_DIR: d, DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(d, 'no-session-bus')}` },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = /^RESULT (.*)$/m.exec(r.stdout ?? '');
  expect(line, `child failed (${r.status}):\n${r.stdout}\n${r.stderr}`).not.toBeNull();
  expect(JSON.parse(line![1]!)).toEqual({ system: null, selected: 'passphrase' });
  // The start-up line says so, and why: keytar is missing here, or it loaded and no Secret Service answered.
  expect(/^NOTICE (.*)$/m.exec(r.stdout)?.[1]).toMatch(/^key store: passphrase only \(safeStorage is not available; (keytar is not installed|keytar did not load|keytar loaded, but no Secret Service answered)/);
  const c = await selectKeyStores({ dataDir: d, preferred: null });
  expect(c.system).toBeNull();
  expect(c.selected).toBe(c.passphrase);
  expect(path.dirname(c.passphrase.file)).toBe(path.join(d, 'keystore'));
});
