// The engine in its own process, for the SIGKILL test: open the core on the given data directory,
// unlock the test key store, run the outbox engine until killed. Prints "ready" once running.
import path from 'node:path';
import { createCore } from '../../../main/core/core';
import { scaledClock } from '../../../main/core/sync/clock';
import { mulberry32 } from '../../fakes/faultProxy';
import { unlockedKeyStore } from './harness';

async function main(): Promise<void> {
  const dataDir = process.argv[2]!;
  const seed = Number(process.argv[3] ?? 1);
  const keyStore = await unlockedKeyStore(path.join(dataDir, 'sync-keys'));
  const core = await createCore({
    dataDir,
    keyStore: null,
    sync: {
      keyStore,
      engine: { clock: scaledClock(100), random: mulberry32(seed), requestTimeoutMs: 2_000, pollIntervalMs: 100, oncallRefreshMs: 0, concurrency: 8, backoff: { baseMs: 1_000, capMs: 30_000 } },
    },
  });
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    void core.close().then(() => process.exit(0));
  });
}

void main().catch((err: unknown) => {
  process.stderr.write(`engine child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
