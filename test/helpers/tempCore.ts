// Real cores on real SQLite files in fresh temp directories; removed after the test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../main/core/createCore';

export function tempDir(prefix = 'cp-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function tempCore(opts: Partial<CoreOptions> & { profile?: boolean } = {}): Promise<Core & { cleanup(): Promise<void> }> {
  const dataDir = opts.dataDir ?? tempDir();
  const core = await createCore({ ...opts, dataDir });
  if (opts.profile !== false) await core.invoke('profile:set', { displayName: 'Test Commander', handle: 'tester' });
  return Object.assign(core, {
    async cleanup() {
      await core.close().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** A controllable clock for timing logic. */
export function fakeClock(start = Date.parse('2026-11-24T09:00:00Z')) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
  };
}

export type TempCore = Awaited<ReturnType<typeof tempCore>>;

/** A factory of temp cores that are all closed and deleted after each test of the calling file. */
export function useTempCores(): (opts?: Parameters<typeof tempCore>[0]) => Promise<TempCore> {
  const cores: TempCore[] = [];
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.cleanup();
  });
  return async (opts = {}) => {
    const c = await tempCore(opts);
    cores.push(c);
    return c;
  };
}
