// scripts/start.mjs and scripts/web.mjs: signal forwarding, exit codes, the Electron probe.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const webModule = path.join(root, 'scripts', 'web.mjs');

/** A parent that runs a child through runForwarding; resolves with the parent's exit code. */
function forwarding(childScript: string, signal: NodeJS.Signals | null) {
  const parentCode = `import(${JSON.stringify(webModule)}).then((m) => m.runForwarding(process.execPath, ['-e', ${JSON.stringify(childScript)}]));`;
  const parent = spawn(process.execPath, ['-e', parentCode], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      parent.kill('SIGKILL');
      reject(new Error('timed out'));
    }, 18_000);
    parent.stdout.on('data', (d: Buffer) => {
      if (signal && d.toString().includes('ready')) parent.kill(signal);
    });
    parent.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('scripts', () => {
  it('forward SIGTERM and SIGINT to the child and exit with its code', async () => {
    const child = (code: number) => `process.on('SIGTERM', () => process.exit(${code})); process.on('SIGINT', () => process.exit(${code + 1})); setInterval(() => {}, 1000); console.log('ready');`;
    expect(await forwarding(child(7), 'SIGTERM')).toBe(7);
    expect(await forwarding(child(20), 'SIGINT')).toBe(21);
  }, 40_000);

  it('exit with the child’s own exit code, and 128+n when it dies of a signal', async () => {
    expect(await forwarding('process.exit(3)', null)).toBe(3);
    expect(await forwarding("process.kill(process.pid, 'SIGKILL')", null)).toBe(137);
  }, 40_000);

  it('report a missing Electron binary as a reason, not an exception, and find one that is there', async () => {
    // Each case runs the real scripts from a copy in a folder laid out as that case needs, so the
    // outcome does not depend on whether this machine has downloaded Electron.
    const prev = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1'; // never touch the network from a test
    const made: string[] = [];
    const layout = async (electron: 'none' | 'package' | 'binary' | 'path without binary') => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-find-electron-'));
      made.push(dir);
      fs.mkdirSync(path.join(dir, 'scripts'));
      for (const f of ['start.mjs', 'web.mjs']) fs.copyFileSync(path.join(root, 'scripts', f), path.join(dir, 'scripts', f));
      const pkg = path.join(dir, 'node_modules', 'electron');
      if (electron !== 'none') {
        fs.mkdirSync(pkg, { recursive: true });
        fs.writeFileSync(path.join(pkg, 'package.json'), '{"name":"electron","version":"0.0.0-test"}');
      }
      if (electron === 'binary' || electron === 'path without binary') fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron');
      if (electron === 'binary') {
        fs.mkdirSync(path.join(pkg, 'dist'));
        fs.writeFileSync(path.join(pkg, 'dist', 'electron'), '#!/bin/sh\n', { mode: 0o755 });
      }
      const mod = (await import(pathToFileURL(path.join(dir, 'scripts', 'start.mjs')).href)) as { findElectron(): { exe: string | null; reason: string | null } };
      return { dir, found: mod.findElectron() };
    };
    try {
      expect((await layout('none')).found).toEqual({ exe: null, reason: 'not installed' });
      expect((await layout('package')).found).toEqual({ exe: null, reason: 'download skipped by ELECTRON_SKIP_BINARY_DOWNLOAD' });
      expect((await layout('path without binary')).found).toEqual({ exe: null, reason: 'download skipped by ELECTRON_SKIP_BINARY_DOWNLOAD' });
      const present = await layout('binary');
      expect(present.found).toEqual({ exe: path.join(present.dir, 'node_modules', 'electron', 'dist', 'electron'), reason: null });
    } finally {
      if (prev === undefined) delete process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
      else process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = prev;
      for (const d of made) fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
