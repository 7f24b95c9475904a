import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyStoreUnavailableError, SafeStorageKeyStore, type SafeStorageLike } from '../../../main/app/safeStorageKeyStore';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/** A stand-in for the OS: XOR with a key and a version tag; can "rotate" its key. */
function fakeSafeStorage(backend: Backend = 'gnome_libsecret', available = true) {
  const state = { backend, available, keyVersion: 1, encrypts: 0 };
  const xor = (b: Buffer, k: number) => Buffer.from(b.map((x) => x ^ (0x5a + k)));
  const ss: SafeStorageLike = {
    getSelectedStorageBackend: () => state.backend,
    isAsyncEncryptionAvailable: async () => state.available,
    encryptStringAsync: async (plain: string) => {
      state.encrypts++;
      return Buffer.concat([Buffer.from([state.keyVersion]), xor(Buffer.from(plain, 'utf8'), state.keyVersion)]);
    },
    decryptStringAsync: async (cipher: Buffer) => {
      const v = cipher[0]!;
      return { result: xor(cipher.subarray(1), v).toString('utf8'), shouldReEncrypt: v !== state.keyVersion };
    },
  };
  return { ss, state };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-ss-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SafeStorageKeyStore', () => {
  it('round-trips binary secrets and stores only ciphertext, mode 0600', async () => {
    const { ss } = fakeSafeStorage();
    const store = new SafeStorageKeyStore({ dataDir: dir, safeStorage: ss, platform: 'linux' });
    expect(store.backend).toBe('safeStorage');
    expect(await store.isAvailable()).toBe(true);
    const secret = Buffer.from([0, 1, 2, 250, 255, ...Buffer.from('pagerduty-token-ABC123')]);
    await store.set('integration:pagerduty', secret);
    expect(await store.get('integration:pagerduty')).toEqual(secret);
    expect(await store.get('missing')).toBeNull();

    const text = fs.readFileSync(store.file, 'utf8');
    expect(text).not.toContain('pagerduty-token');
    expect(text).not.toContain(secret.toString('base64'));
    expect(JSON.parse(text)).toMatchObject({ version: 1, backend: 'safeStorage', entries: { 'integration:pagerduty': expect.any(String) } });
    if (process.platform !== 'win32') expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);

    // A new instance (next launch) reads the same file.
    const again = new SafeStorageKeyStore({ dataDir: dir, safeStorage: ss, platform: 'linux' });
    expect(await again.get('integration:pagerduty')).toEqual(secret);
    expect(await again.delete('integration:pagerduty')).toBe(true);
    expect(await again.delete('integration:pagerduty')).toBe(false);
    expect(await again.get('integration:pagerduty')).toBeNull();
  });

  it('refuses the Linux basic_text backend (a fixed key is not protection)', async () => {
    const { ss, state } = fakeSafeStorage('basic_text', true);
    const store = new SafeStorageKeyStore({ dataDir: dir, safeStorage: ss, platform: 'linux' });
    expect(await store.isAvailable()).toBe(false);
    expect(await store.unavailableReason()).toMatch(/basic_text/);
    await expect(store.set('vault:master', Buffer.from('k'))).rejects.toBeInstanceOf(KeyStoreUnavailableError);
    await expect(store.get('vault:master')).rejects.toBeInstanceOf(KeyStoreUnavailableError);
    expect(state.encrypts).toBe(0);
    expect(fs.existsSync(store.file)).toBe(false);
  });

  it('refuses an undetermined Linux backend and unavailable OS encryption', async () => {
    expect(await new SafeStorageKeyStore({ dataDir: dir, safeStorage: fakeSafeStorage('unknown').ss, platform: 'linux' }).isAvailable()).toBe(false);
    expect(await new SafeStorageKeyStore({ dataDir: dir, safeStorage: fakeSafeStorage('kwallet6', false).ss, platform: 'linux' }).isAvailable()).toBe(false);
    const throwing = { ...fakeSafeStorage().ss, isAsyncEncryptionAvailable: async () => Promise.reject(new Error('dbus')) };
    expect(await new SafeStorageKeyStore({ dataDir: dir, safeStorage: throwing, platform: 'linux' }).isAvailable()).toBe(false);
  });

  it('ignores the Linux backend name on macOS and Windows', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { ss } = fakeSafeStorage('basic_text', true);
      expect(await new SafeStorageKeyStore({ dataDir: dir, safeStorage: ss, platform }).isAvailable()).toBe(true);
    }
  });

  it('re-encrypts under a rotated OS key when safeStorage asks for it', async () => {
    const { ss, state } = fakeSafeStorage();
    const store = new SafeStorageKeyStore({ dataDir: dir, safeStorage: ss, platform: 'darwin' });
    await store.set('a', Buffer.from('one'));
    state.keyVersion = 2;
    expect((await store.get('a'))?.toString()).toBe('one');
    const stored = Buffer.from(JSON.parse(fs.readFileSync(store.file, 'utf8')).entries.a, 'base64');
    expect(stored[0]).toBe(2);
  });

  it('loses no entry under concurrent writes', async () => {
    const { ss } = fakeSafeStorage();
    const store = new SafeStorageKeyStore({ dataDir: dir, safeStorage: ss, platform: 'linux' });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, Buffer.from(`v${i}`))));
    for (let i = 0; i < 20; i++) expect((await store.get(`k${i}`))?.toString()).toBe(`v${i}`);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each(['', '__proto__', 'a b', 'x'.repeat(201), 'nul\u0000byte', 'ünïcode'])('rejects the account name %j', async (account) => {
    const store = new SafeStorageKeyStore({ dataDir: dir, safeStorage: fakeSafeStorage().ss, platform: 'linux' });
    await expect(store.set(account, Buffer.from('s'))).rejects.toThrow(TypeError);
  });

  it('refuses a file that is not a secrets file instead of overwriting it', async () => {
    const store = new SafeStorageKeyStore({ dataDir: dir, safeStorage: fakeSafeStorage().ss, platform: 'linux' });
    fs.writeFileSync(store.file, JSON.stringify({ version: 99 }));
    await expect(store.set('a', Buffer.from('x'))).rejects.toThrow(/not a Command Post secrets file/);
    expect(JSON.parse(fs.readFileSync(store.file, 'utf8'))).toEqual({ version: 99 });
  });

  it('uses Electron safeStorage by default (refused here: the mocked backend is undetermined)', async () => {
    expect(await new SafeStorageKeyStore({ dataDir: dir, platform: 'linux' }).isAvailable()).toBe(false);
  });
});
