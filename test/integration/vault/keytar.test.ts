// The keytar backend against a real Secret Service: gnome-keyring under dbus-run-session with a
// throwaway HOME and runtime dir (toolchain.md). Skipped loudly when the tools are missing locally;
// under CI it must run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { IS_CI } from '../../helpers/ci';

const TOOLS = ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon'];
const missing = TOOLS.filter((t) => !fs.existsSync(t));
const root = path.resolve(__dirname, '..', '..', '..');

if (missing.length && !IS_CI) {
  console.warn(`\n*** KEYTAR TEST SKIPPED: ${missing.join(', ')} not installed (apt-get install -y gnome-keyring dbus dbus-x11). ***\n`);
}

it.skipIf(missing.length > 0 && !IS_CI)('keytar stores the vault master key in a real gnome-keyring', () => {
  expect(missing, 'CI must have gnome-keyring and dbus installed').toEqual([]);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-keyring-home-'));
  const runtime = path.join(home, 'run');
  fs.mkdirSync(runtime, { mode: 0o700 });
  try {
    const cmd = `eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"; exec "${process.execPath}" --import tsx "${path.join(__dirname, 'keytarChild.ts')}"`;
    const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', cmd], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_RUNTIME_DIR: runtime },
      encoding: 'utf8',
      timeout: 90_000,
    });
    const line = /^RESULT (.*)$/m.exec(r.stdout ?? '');
    expect(line, `child failed (${r.status}):\n${r.stdout}\n${r.stderr}`).not.toBeNull();
    const out = JSON.parse(line![1]!);
    expect(out).toMatchObject({
      available: true,
      roundTrip: '000102ff',
      deleted: true,
      afterDelete: null,
      selection: { system: 'keytar', selected: 'keytar' },
      created: { state: 'unlocked', mode: 'keystore', backend: 'keytar', systemKeyStore: 'keytar' },
      afterRestart: 'unlocked',
      read: 'from the keyring',
      afterLoss: 'locked',
      reEnrolled: 32,
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}, 120_000);
