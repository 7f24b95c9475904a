// `--demo` (what `npm start` passes) must never open the real data folder: the demo lives beside it
// in `<folder>-demo`, and only `--demo-here` seeds the chosen folder, and then only an empty one.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/createCore';
import { DEMO_TITLE } from '../../../main/core/demo/story';
import { parseArgs } from '../../../main/host/cli';
import { tempDir } from '../../helpers/tempCore';

const ROOT = path.resolve(__dirname, '../../..');
const TOKEN = 'demo-folder-test-token-0123456789';
const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Every file under `dir` with its size, mtime and content digest. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else {
        const st = fs.statSync(path.join(dir, r));
        out[r] = `${st.size} ${st.mtimeMs} ${crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, r))).digest('hex')}`;
      }
    }
  };
  walk('.');
  return out;
}

/** Run the host CLI from source until it listens; returns a caller and a stop function. */
async function host(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/host/cli.ts', '--port', '0', '--token', TOKEN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no listening line.\nstderr:\n${stderr}`)), 60_000);
    child.stdout.on('data', () => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`host exited ${code}.\nstderr:\n${stderr}`));
    });
  });
  const api = async (name: string, input: unknown = {}) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/${name}`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
    return ((await res.json()) as { data: unknown }).data as any;
  };
  const stop = () =>
    new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
  return { api, stop, stderr: () => stderr };
}

async function realFolder(): Promise<string> {
  const dir = tempDir('cp-real-');
  made.push(dir, `${dir}-demo`);
  const core = await createCore({ dataDir: dir, keyStore: null });
  await core.invoke('profile:set', { displayName: 'Real User', handle: 'real' });
  await core.invoke('incidents:declare', { title: 'Real outage', severity: 'SEV-2' });
  await core.close();
  return dir;
}

describe('the demo folder', () => {
  it('--demo opens <folder>-demo with the demo war room and leaves the real folder byte for byte as it was', async () => {
    const dir = await realFolder();
    const before = snapshot(dir);
    const h = await host(['--data-dir', dir, '--demo', '--demo-sandbox', 'off']);
    const info = await h.api('app:info');
    expect(info.dataDir).toBe(`${dir}-demo`);
    const incidents = await h.api('incidents:list');
    expect(incidents.map((i: { title: string; mode: string }) => [i.title, i.mode])).toEqual([[DEMO_TITLE, 'exercise']]);
    expect((await h.api('vault:status')).state).toBe('unlocked');
    // The start-up lines name the folder, the passphrase file and the integrations.
    expect(h.stderr()).toContain(`in ${dir}-demo`);
    expect(h.stderr()).toContain(`passphrase is in ${dir}-demo/demo-vault-passphrase.txt`);
    expect(h.stderr()).toContain('integrations not configured');
    expect(await h.stop()).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--demo-here leaves a folder that holds data alone, and says so', async () => {
    const dir = await realFolder();
    const h = await host(['--data-dir', dir, '--demo-here', '--demo-sandbox', 'off']);
    expect((await h.api('incidents:list')).map((i: { title: string }) => i.title)).toEqual(['Real outage']);
    expect((await h.api('vault:status')).state).toBe('uninitialized');
    expect(h.stderr()).toMatch(/demo not loaded: .* already holds incidents/);
    expect(await h.stop()).toBe(0);
    expect(fs.existsSync(`${dir}-demo`)).toBe(false);
  });

  it('parses the demo flags: its own folder by default, the chosen one only with --demo-here', () => {
    const env = { COMMAND_POST_DATA_DIR: '/srv/cp' };
    expect(parseArgs(['--demo'], env)).toMatchObject({ dataDir: '/srv/cp-demo', demo: 'own', demoReset: false, demoSandboxPort: 4900 });
    expect(parseArgs(['--demo-reset'], env)).toMatchObject({ dataDir: '/srv/cp-demo', demo: 'own', demoReset: true });
    expect(parseArgs(['--data-dir', '/x/y', '--demo'], env)).toMatchObject({ dataDir: '/x/y-demo' });
    expect(parseArgs(['--demo-here'], env)).toMatchObject({ dataDir: '/srv/cp', demo: 'here' });
    expect(parseArgs([], env)).toMatchObject({ dataDir: '/srv/cp', demo: 'off' });
    expect(parseArgs(['--demo', '--demo-sandbox', 'off'], env).demoSandboxPort).toBeNull();
    expect(() => parseArgs(['--demo-here', '--demo-reset'], env)).toThrow(/only the demo's own folder/);
    expect(() => parseArgs(['--demo-sandbox', 'x'], env)).toThrow(/--demo-sandbox/);
  });
});
