// Consoles over temp data folders for the seal tests: started with a profile, stopped and started
// again on the same folder, all closed and removed after each test (call `cleanup` in afterEach).
import fs from 'node:fs';
import { createCore, type Core, type CoreOptions } from '../../../main/core/createCore';
import type { KeyStore } from '../../../main/core/keystore/keyStore';
import { tempDir } from '../../helpers/tempCore';

export function consoles(prefix: string) {
  const dirs: string[] = [];
  const open: Core[] = [];
  return {
    fresh(): string {
      const d = tempDir(prefix);
      dirs.push(d);
      return d;
    },
    async start(dataDir: string, keyStore: KeyStore | null, extra: Omit<CoreOptions, 'dataDir' | 'keyStore'> = {}): Promise<Core> {
      const c = await createCore({ dataDir, keyStore, ...extra });
      open.push(c);
      if (!(await c.invoke('profile:get', {}))) await c.invoke('profile:set', { displayName: 'Seal Tester', handle: 'tester' });
      return c;
    },
    async stop(c: Core): Promise<void> {
      open.splice(open.indexOf(c), 1);
      await c.close();
    },
    async cleanup(): Promise<void> {
      for (const c of open.splice(0)) await c.close().catch(() => undefined);
      for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

export async function declare(c: Core, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await c.invoke('incidents:declare', { title: `I${i}`, severity: 'SEV-4' });
}
