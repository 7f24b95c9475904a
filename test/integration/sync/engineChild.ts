// The engine in its own process, for the SIGKILL test: open the core on the given data directory,
// unlock the test key store, run the outbox engine until killed. Prints "ready" once running.
// With a third argument N ≥ 0 the core starts with the key store LOCKED (as the browser host does
// after every restart) and the store is unlocked N ms after "ready".
import path from 'node:path';
import { createCore } from '../../../main/core/createCore';
import { PassphraseKeyStore } from '../../../main/core/keystore/passphraseKeyStore';
import { scaledClock } from '../../../main/core/sync/clock';
import { mulberry32 } from '../../fakes/faultProxy';
import { TEST_PASSPHRASE, unlockedKeyStore } from './harness';

async function main(): Promise<void> {
  const dataDir = process.argv[2]!;
  const seed = Number(process.argv[3] ?? 1);
  const unlockAfterMs = Number(process.argv[4] ?? -1);
  const keyDir = path.join(dataDir, 'sync-keys');
  const keyStore = unlockAfterMs >= 0 ? new PassphraseKeyStore(keyDir) : await unlockedKeyStore(keyDir);
  const core = await createCore({
    dataDir,
    keyStore: null,
    sync: {
      keyStore,
      engine: { clock: scaledClock(100), random: mulberry32(seed), requestTimeoutMs: 2_000, pollIntervalMs: 100, oncallRefreshMs: 0, concurrency: 8, backoff: { baseMs: 1_000, capMs: 30_000 } },
    },
  });
  process.stdout.write('ready\n');
  if (unlockAfterMs >= 0) {
    setTimeout(() => {
      void keyStore.unlock(TEST_PASSPHRASE).then(() => core.sync.engine?.wake());
    }, unlockAfterMs);
  }
  process.on('SIGTERM', () => {
    void core.close().then(() => process.exit(0));
  });
}

void main().catch((err: unknown) => {
  process.stderr.write(`engine child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
