// A real full disk for tests: a small tmpfs mounted at a fresh temp directory, filled to the last
// byte on demand. Needs root (or a test run under `unshare -rm`); when mounting is impossible it
// throws with that reason instead of letting a test pass without ever seeing ENOSPC.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  /** The mount point; everything written below it shares the small disk. */
  readonly dir: string;
  /**
   * Fill the disk until the kernel answers ENOSPC, then give `leaveBytes` back (a nearly full disk,
   * where a write can be cut short); returns the bytes the filler holds.
   */
  fill(leaveBytes?: number): number;
  /** Remove the filler, so the disk has room again. */
  free(): void;
  /** Unmount and remove the mount point (call in afterEach/afterAll). */
  cleanup(): void;
}

const FILLER = '.disk-filler';

function stderrOf(err: unknown): string {
  const e = err as { stderr?: Buffer | string; message?: string };
  return (e.stderr ? e.stderr.toString() : (e.message ?? String(err))).trim();
}

export function mountSmallDisk(sizeKiB = 1024): SmallDisk {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`Cannot mount a ${sizeKiB} KiB tmpfs to simulate a full disk (run the tests as root, or under \`unshare -rm\`): ${stderrOf(err)}`);
  }
  let mounted = true;
  const filler = path.join(dir, FILLER);
  return {
    dir,
    fill(leaveBytes = 0) {
      let total = 0;
      const fd = fs.openSync(filler, 'a', 0o600);
      try {
        // Big writes first, then ever smaller ones, so the last free byte is taken too.
        for (let size = 256 * 1024; size >= 1; size = Math.floor(size / 2)) {
          const chunk = Buffer.alloc(size);
          for (;;) {
            let n: number;
            try {
              n = fs.writeSync(fd, chunk);
            } catch (err) {
              if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw err;
            }
            total += n;
            if (n < size) break;
          }
        }
      } finally {
        fs.closeSync(fd);
      }
      if (leaveBytes > 0) {
        total = Math.max(0, total - leaveBytes);
        fs.truncateSync(filler, total);
      }
      return total;
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    cleanup() {
      if (!mounted) return;
      mounted = false;
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
