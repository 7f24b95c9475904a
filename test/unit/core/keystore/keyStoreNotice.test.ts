// The start-up line that says which key store holds secrets, and why it is only the passphrase when
// it is: keytar missing (and what its build lacked), keytar broken, no Secret Service, stores off.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeytarKeyStore, keytarLoadReason } from '../../../../main/core/keystore/keytarKeyStore';
import { selectKeyStores } from '../../../../main/core/keystore/selectKeyStore';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const dir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-notice-'));
  made.push(d);
  return d;
};
const notFound = Object.assign(new Error("Cannot find package 'keytar' imported from /app/out/main/host.js"), { code: 'ERR_MODULE_NOT_FOUND' });
const notBuilt = Object.assign(new Error("Cannot find module '../build/Release/keytar.node'\nRequire stack: …"), { code: 'MODULE_NOT_FOUND' });
const osStore = (available: boolean, reason?: string) => ({
  backend: 'safeStorage',
  isAvailable: async () => available,
  ...(reason ? { unavailableReason: async () => (available ? null : reason) } : {}),
  get: async () => null,
  set: async () => undefined,
  delete: async () => false,
});

describe('why keytar is not in use', () => {
  it('names a missing libsecret-1-dev when keytar is not installed on Linux without its header', () => {
    expect(keytarLoadReason(notFound, 'linux', false)).toBe('keytar is not installed: its native build needs libsecret-1-dev, which is missing');
    expect(keytarLoadReason(notFound, 'linux', true)).toBe('keytar is not installed (an optional native module: npm install builds it)');
    expect(keytarLoadReason(notFound, 'darwin', false)).toBe('keytar is not installed (an optional native module: npm install builds it)');
    expect(keytarLoadReason(notBuilt, 'linux', true)).toBe("keytar did not load (Cannot find module '../build/Release/keytar.node')");
  });

  it('tells a module that does not load from a Secret Service that does not answer', async () => {
    const missing = new KeytarKeyStore('t', () => Promise.reject(notFound));
    expect(await missing.isAvailable()).toBe(false);
    expect(await missing.unavailableReason()).toMatch(/^keytar is not installed/);
    const noBus = new KeytarKeyStore('t', async () => ({
      getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      setPassword: async () => undefined,
      deletePassword: async () => false,
    }));
    expect(await noBus.unavailableReason()).toBe('keytar loaded, but no Secret Service answered (Cannot autolaunch D-Bus without X11 $DISPLAY)');
    const ok = new KeytarKeyStore('t', async () => ({ getPassword: async () => null, setPassword: async () => undefined, deletePassword: async () => false }));
    expect(await ok.unavailableReason()).toBeNull();
  });
});

describe('the key store line', () => {
  it('names the OS store in use', async () => {
    expect((await selectKeyStores({ dataDir: dir(), preferred: osStore(true), keytar: false })).notice).toBe("key store: Electron's safeStorage (OS keychain)");
  });

  it('says passphrase only, with each OS store’s reason', async () => {
    const s = await selectKeyStores({ dataDir: dir(), preferred: osStore(false, 'safeStorage uses the basic_text backend'), keytar: false });
    expect(s.notice).toBe('key store: passphrase only (safeStorage uses the basic_text backend); README "The vault and the key store" says how to get the OS key store');
    const off = await selectKeyStores({ dataDir: dir(), preferred: null });
    expect(off.notice).toMatch(/^key store: passphrase only \(OS key stores are turned off for this data folder\)/);
  });
});
