// One process per data folder: a second core (or browser host) on a folder in use is refused with a
// message naming the holder, touches nothing of the holder's files, and a SIGKILLed holder's lock is
// released by the OS so the next start succeeds.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/createCore';
import { AppError } from '../../../shared/errors';
import { tempDir } from '../../helpers/tempCore';

const root = path.resolve(__dirname, '../../..');
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const fresh = () => {
  const d = tempDir('cp-lock-');
  dirs.push(d);
  return d;
};

interface Started {
  child: ChildProcess;
  line: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawn a process and wait for its first stdout line (or its exit). */
function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`no first line within 60 s: ${out} ${err}`)), 60_000);
    const done = () => {
      clearTimeout(guard);
      resolve({ child, line: out.split('\n')[0]!, stdout: () => out, stderr: () => err, exited });
    };
    child.stdout!.on('data', () => {
      if (out.includes('\n')) done();
    });
    void exited.then(done);
  });
}

const core = (dataDir: string) => start([path.join(__dirname, 'lockChild.ts'), dataDir]);

/**
 * Every file under the folder with its size, mode and content hash: what "untouched" means. The
 * -shm file is SQLite's shared memory, whose read marks the holder's own periodic reads rewrite, so
 * only its size and mode count.
 */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.statSync(p);
        out[path.relative(dir, p)] = p.endsWith('-shm') ? `${st.size} ${st.mode.toString(8)}` : `${st.size} ${st.mode.toString(8)} ${st.mtimeMs} ${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`;
      }
    }
  };
  walk(dir);
  return out;
}

describe('data folder lock', () => {
  it('refuses a second core on the same folder, names the holder, touches nothing, and recovers after a SIGKILL', async () => {
    const dataDir = fresh();
    const first = await core(dataDir);
    expect(first.line).toBe(`READY ${first.child.pid}`);
    // An upload in flight in the first process: a second start used to delete it.
    const inflight = path.join(dataDir, 'vault', 'tmp', 'upload-in-flight.part');
    fs.writeFileSync(inflight, 'ciphertext of an upload in progress');
    const before = snapshot(dataDir);

    const second = await core(dataDir);
    expect(second.line).toMatch(/^REFUSED /);
    expect(second.line).toContain(`Another Command Post (pid ${first.child.pid}`);
    expect(second.line).toContain(`is using ${dataDir}`);
    expect(second.line).toMatch(/close it or choose another/);
    expect((await second.exited).code).toBe(3);
    expect(snapshot(dataDir)).toEqual(before);

    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const third = await core(dataDir);
    expect(third.line).toBe(`READY ${third.child.pid}`);
    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
    // The first holder's data survived both later starts.
    const c = await createCore({ dataDir, keyStore: null });
    try {
      const titles = (await c.invoke('incidents:list', {})).map((i) => i.title).sort();
      expect(titles).toEqual([`Held by ${first.child.pid}`, `Held by ${third.child.pid}`].sort());
    } finally {
      await c.close();
    }
  });

  it('refuses a second browser host on the same folder with one line and exit code 1', async () => {
    const dataDir = fresh();
    const host = await start(['main/host/cli.ts', '--port', '0', '--data-dir', dataDir]);
    expect(host.line).toMatch(/^Command Post listening on /);
    const second = await start(['main/host/cli.ts', '--port', '0', '--data-dir', dataDir]);
    const { code } = await Promise.race([second.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the second host kept running: ${second.line}`)), 30_000))]);
    expect(code).toBe(1);
    expect(second.stdout()).toBe('');
    expect(second.stderr()).toContain(`Another Command Post (pid ${host.child.pid}`);
    expect(second.stderr()).toContain(dataDir);
    expect(second.stderr()).not.toMatch(/\n\s+at /);
    host.child.kill('SIGTERM');
    expect((await host.exited).code).toBe(0);
  });

  it('refuses a second core in the same process and releases the folder on close', async () => {
    const dataDir = fresh();
    const a = await createCore({ dataDir, keyStore: null });
    let refused: unknown;
    try {
      await createCore({ dataDir, keyStore: null });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('unavailable');
    expect((refused as AppError).message).toContain(`Another Command Post (pid ${process.pid}`);
    await a.close();
    const b = await createCore({ dataDir, keyStore: null });
    await b.close();
  });
});
