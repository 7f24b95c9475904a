// scripts/start.mjs and scripts/web.mjs: signal forwarding, exit codes, the Electron probe.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

  it('report a missing Electron binary as a reason, not an exception', async () => {
    const prev = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1'; // never touch the network from a test
    try {
      const { findElectron } = (await import(path.join(root, 'scripts', 'start.mjs'))) as { findElectron(): { exe: string | null; reason: string | null } };
      const r = findElectron();
      if (r.exe) expect(r.reason).toBeNull(); // a machine with the binary already downloaded
      else expect(r.reason).toMatch(/skipped|not installed/);
    } finally {
      if (prev === undefined) delete process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
      else process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = prev;
    }
  });
});
