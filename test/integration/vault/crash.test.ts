// Crash during import (SIGKILL at random moments): every acknowledged artifact survives and
// decrypts, no row points to a missing blob, and start-up removes temp files and moves blobs of
// unacknowledged imports to the orphan folder (never deletes them), each with a key file that opens.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createCore } from '../../../main/core/createCore';
import { mulberry32 } from '../../helpers/prng';
import { tempDir } from '../../helpers/tempCore';
import { blobFiles, PASSPHRASE, walk } from './helpers';

const SEED = 20261124;
const CYCLES = Number(process.env.VAULT_CRASH_CYCLES ?? 6);
const root = path.resolve(__dirname, '..', '..', '..');

it(`SIGKILL during imports leaves a consistent vault (seed ${SEED}, ${CYCLES} cycles)`, async () => {
  const dataDir = tempDir('cp-vault-crash-');
  const rand = mulberry32(SEED);
  try {
    const setup = await createCore({ dataDir, keyStore: null });
    await setup.invoke('profile:set', { displayName: 'Crash', handle: 'crash' });
    const inc = await setup.invoke('incidents:declare', { title: 'Vault crash', severity: 'SEV-3' });
    await setup.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
    await setup.close();

    const acked = new Map<string, string>();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crashChild.ts'), dataDir, PASSPHRASE, inc.id], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      await new Promise<void>((resolve, reject) => {
        const t = setInterval(() => {
          if (out.includes('READY')) {
            clearInterval(t);
            resolve();
          }
        }, 10);
        child.once('exit', (code) => {
          clearInterval(t);
          reject(new Error(`child exited early (${code}): ${err}`));
        });
      });
      await new Promise((r) => setTimeout(r, 150 + Math.floor(rand() * 900)));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      for (const m of out.matchAll(/^ACK (\S+) ([0-9a-f]{64})$/gm)) acked.set(m[1]!, m[2]!);
    }
    expect(acked.size).toBeGreaterThan(0);

    const core = await createCore({ dataDir, keyStore: null });
    try {
      const check = await core.db.reader.all<{ integrity_check: string }>('PRAGMA integrity_check');
      expect(check).toEqual([{ integrity_check: 'ok' }]);
      await core.invoke('vault:unlock', { passphrase: PASSPHRASE });
      const rows = await core.db.reader.all<{ id: string; blob_hash: string; plaintext_sha256: string }>('SELECT id, blob_hash, plaintext_sha256 FROM artifacts WHERE deleted_at IS NULL');
      const ids = new Set(rows.map((r) => r.id));
      for (const id of acked.keys()) expect(ids.has(id), `acknowledged artifact ${id} lost`).toBe(true);
      // Start-up GC ran: temp files are gone and every blob in blobs/ belongs to exactly one live row;
      // the rest wait in orphans/ with a key file that opens.
      expect(walk(core.vault.tmpDir)).toEqual([]);
      const blobs = blobFiles(core.vault.blobsDir).map((f) => path.basename(f)).sort();
      expect(blobs).toEqual(rows.map((r) => r.blob_hash).sort());
      for (const o of await core.invoke('vault:orphans', {})) expect(o.problem, o.blobHash).toBeNull();
      for (const r of rows) {
        const inline = await core.invoke('artifacts:export', { id: r.id, destination: 'inline', format: 'plain' });
        const digest = createHash('sha256').update(Buffer.from(inline.dataBase64!, 'base64')).digest('hex');
        expect(digest).toBe(r.plaintext_sha256);
        if (acked.has(r.id)) expect(digest).toBe(acked.get(r.id));
      }
      expect((await core.invoke('custody:verify', {})).ok).toBe(true);
    } finally {
      await core.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);
