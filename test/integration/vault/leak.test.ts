// Leak scan (quality.md item 13): canary strings put into artifacts never appear in the database,
// its WAL, the logs, the vault's files or temp files — in UTF-8, UTF-16, hex or any base64 alignment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Logger } from '../../../main/core/logger';
import { createCore } from '../../../main/core/createCore';
import { startHost } from '../../../main/host/server';
import { vaultRoutes } from '../../../main/host/vaultRoutes';
import { tempDir } from '../../helpers/tempCore';
import { PASSPHRASE, walk } from './helpers';

const CANARIES = ['CANARY-ZX81-SPECTRUM-4411', 'cust-ssn-078-05-1120-canary', 'Bearer sk_live_canary_9d8e7f'];

function forms(s: string): Buffer[] {
  const out = [Buffer.from(s, 'utf8'), Buffer.from(s, 'utf16le'), Buffer.from(Buffer.from(s).toString('hex'))];
  // Base64 of the canary at each of the three alignments, minus the edge characters that depend on neighbours.
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad, 0x20), Buffer.from(s)]).toString('base64');
    out.push(Buffer.from(b64.slice(4, -4)));
  }
  return out;
}

function newFiles(dir: string, before: Set<string>): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => !before.has(f))
    .flatMap((f) => {
      const p = path.join(dir, f);
      try {
        return fs.statSync(p).isDirectory() ? walk(p) : [p];
      } catch {
        return [];
      }
    });
}

it('canaries never reach the database, WAL, logs, vault files or temp files, while running and after a clean close', async () => {
  const tmpBefore = new Set(fs.readdirSync(os.tmpdir()));
  const dataDir = tempDir('cp-vault-leak-');
  const srcDir = tempDir('cp-vault-leak-src-');
  const logFile = path.join(dataDir, 'console.log');
  const logger: Logger = {
    info: (m) => fs.appendFileSync(logFile, `info ${m}\n`),
    warn: (m) => fs.appendFileSync(logFile, `warn ${m}\n`),
    error: (m) => fs.appendFileSync(logFile, `error ${m}\n`),
  };
  const core = await createCore({ dataDir, keyStore: null, logger });
  const token = 'leak-scan-token-0123456789abcdef';
  const host = await startHost({ core, token, port: 0, staticDir: null, routes: vaultRoutes(core) });
  let closed = false;
  try {
    await core.invoke('profile:set', { displayName: 'Leak', handle: 'leak' });
    const inc = await core.invoke('incidents:declare', { title: 'Leak scan', severity: 'SEV-1' });
    await core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
    const text = `${CANARIES.join('\n')}\n`.repeat(2000);
    const inline = await core.invoke('artifacts:import', { incidentId: inc.id, name: 'paste.txt', dataBase64: Buffer.from(text).toString('base64') });
    fs.writeFileSync(path.join(srcDir, 'app.log'), text);
    const fromPath = await core.invoke('artifacts:import', { incidentId: inc.id, name: 'app.log', path: path.join(srcDir, 'app.log') });
    const up = await fetch(`http://127.0.0.1:${host.port}/api/vault/upload?incidentId=${inc.id}&name=upload.log`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
      body: Buffer.from(text.repeat(20)),
    });
    expect(up.status).toBe(200);
    const preview = await core.invoke('artifacts:read', { id: inline.id });
    expect(preview.text).toContain(CANARIES[0]);
    await core.invoke('artifacts:export', { id: fromPath.id, destination: 'inline', format: 'bundle', passphrase: 'bundle passphrase' });
    await core.invoke('artifacts:export', { id: fromPath.id, destination: path.join(srcDir, 'bundle.cpbundle'), format: 'bundle', passphrase: 'bundle passphrase' });
    const bundle = await core.invoke('artifacts:export', { id: inline.id, destination: 'inline', format: 'bundle', passphrase: 'bundle passphrase' });
    await core.invoke('artifacts:import', { incidentId: inc.id, name: 'b', dataBase64: bundle.dataBase64!, bundlePassphrase: 'bundle passphrase' });
    // A failed import (wrong bundle passphrase) must not leave anything behind either.
    await expect(core.invoke('artifacts:import', { incidentId: inc.id, name: 'b', path: path.join(srcDir, 'bundle.cpbundle'), bundlePassphrase: 'wrong wrong' })).rejects.toThrow();
    await core.invoke('artifacts:delete', { id: fromPath.id, reason: 'leak scan' });
    await core.invoke('vault:lock', {});
    await core.invoke('vault:unlock', { passphrase: PASSPHRASE });

    /** Every canary form found in one file's bytes (an unreadable file of another test process counts as none). */
    const found = (f: string): string[] => {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(f);
      } catch {
        return []; // a temp file of another test process vanished meanwhile
      }
      return CANARIES.flatMap((c) => forms(c).filter((form) => bytes.includes(form)).map(() => c));
    };
    // The scan itself can see a canary: the source file imported from holds them all.
    expect(new Set(found(path.join(srcDir, 'app.log')))).toEqual(new Set(CANARIES));
    const scan = (when: string) => {
      const files = [...walk(dataDir), ...newFiles(os.tmpdir(), tmpBefore).filter((f) => !f.startsWith(srcDir) && !f.startsWith(dataDir))];
      expect(files.some((f) => f.endsWith('commandpost.db')), when).toBe(true);
      for (const f of files) expect(found(f), `${when}: canary found in ${f}`).toEqual([]);
      return files;
    };

    // While running, the WAL still holds the recent pages.
    const running = scan('while running');
    expect(running.some((f) => f.endsWith('commandpost.db-wal'))).toBe(true);
    expect(running.length).toBeGreaterThan(4);

    // Then again after a clean close, which checkpoints the WAL into the database file and removes
    // it: what the WAL held is now in commandpost.db, together with freed pages.
    await host.close();
    await core.close();
    closed = true;
    const after = scan('after a clean close');
    expect(after.some((f) => f.endsWith('commandpost.db-wal'))).toBe(false);
    expect(fs.statSync(path.join(dataDir, 'commandpost.db')).size).toBeGreaterThan(0);
  } finally {
    if (!closed) {
      await host.close();
      await core.close();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(srcDir, { recursive: true, force: true });
  }
});
