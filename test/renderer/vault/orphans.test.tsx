// @vitest-environment node
// The vault pane offers to re-attach orphaned evidence (blobs the vault kept after a damaged
// database was moved aside or an older backup restored) and says why they are there. Every orphan
// here is made for real: evidence imported into a real vault, then the database damaged (and
// quarantined at the next start) or replaced by an older copy, as the vault's own tests do.
import '../nodeDom';
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain/incidents';
import type { KeyStore } from '../../../main/core/keystore/keyStore';
import { DB_FILE_NAME } from '../../../main/core/db/database';
import { MASTER_KEY_ACCOUNT } from '../../../main/core/vault/keys';
import { currentToasts, toastActions } from '../../../renderer/src/lib/toasts';
import { VaultPane } from '../../../renderer/src/features/vault';
import { InMemoryOsKeyStore } from '../../integration/vault/helpers';
import { tempCore, tempDir, type TempCore } from '../../helpers/tempCore';
import { useRealCores, VAULT_PASSPHRASE } from '../realApi';

const real = useRealCores();

afterEach(() => {
  toastActions.clear();
});

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A first life of a data folder: Ada declares "Checkout 502s" and imports `names` into its vault. */
async function firstLife(dataDir: string, names: string[], keyStore: KeyStore | null = null): Promise<Incident> {
  const c = await tempCore({ dataDir, keyStore, profile: false, sync: { start: false } });
  try {
    await c.invoke('profile:set', { displayName: 'Ada Lovelace', handle: 'ada' });
    await c.invoke('vault:create', keyStore ? { mode: 'keystore' } : { mode: 'passphrase', passphrase: VAULT_PASSPHRASE });
    const inc = await c.invoke('incidents:declare', { title: 'Checkout 502s', severity: 'SEV-2' });
    for (const name of names) await c.invoke('artifacts:import', { incidentId: inc.id, name, dataBase64: b64(`${name} `.repeat(400)) });
    return inc;
  } finally {
    await c.close();
  }
}

/** Overwrite the database header, so the next start finds it damaged and moves it aside. */
function damageDatabase(dataDir: string): void {
  const file = path.join(dataDir, DB_FILE_NAME);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.concat([Buffer.from('this is not an sqlite database '), Buffer.alloc(4096, 7)]), 0, undefined, 0);
  fs.closeSync(fd);
}

/** The next start on the same folder, as the core the pane talks to (closed and removed after the test). */
async function nextLife(dataDir: string, opts: { unlock?: boolean; keyStore?: KeyStore | null } = {}): Promise<TempCore> {
  const c = await real.core({ dataDir, keyStore: opts.keyStore ?? null, sync: { start: false } });
  if (opts.unlock !== false && !opts.keyStore) await c.invoke('vault:unlock', { passphrase: VAULT_PASSPHRASE });
  return c;
}

describe('vault pane: orphaned evidence', () => {
  it('explains the orphans, re-attaches one to this incident and shows why another cannot be', async () => {
    const dataDir = tempDir();
    const old = await firstLife(dataDir, ['capture-a.pcap', 'capture-b.pcap']);
    damageDatabase(dataDir);
    const core = await nextLife(dataDir);
    const orphans = await core.invoke('vault:orphans', {});
    const a = orphans.find((o) => o.artifact?.name === 'capture-a.pcap')!;
    const b = orphans.find((o) => o.artifact?.name === 'capture-b.pcap')!;
    // capture-b's key file is lost: it cannot be opened any more.
    fs.rmSync(path.join(core.vault.store.orphansDir, `${b.blobHash}.sidecar`));
    const inc = await core.invoke('incidents:declare', { title: 'Checkout 502s, again', severity: 'SEV-2' });
    const { api } = real.render(<VaultPane incidentId={inc.id} />, core);
    const panel = await screen.findByTestId('vault-orphans');
    expect(panel.textContent).toContain('2 encrypted files are not recorded in this database');
    expect(panel.textContent).toMatch(/damaged database was moved aside or an older backup was put back/);
    expect(panel.textContent).toContain('never deletes them on its own');
    expect(await screen.findByText('capture-a.pcap')).toBeTruthy();
    // What the key file remembers of the first life: its incident and who added it.
    expect(screen.getByText(new RegExp(`Added to ${old.humanId} \\(“Checkout 502s”\\) by ada`))).toBeTruthy();
    expect(screen.getByText('It has no key file (it was imported by a version that kept keys only in the database); only the database that recorded it can open it: restore that backup.')).toBeTruthy();
    // Only the one that can be re-attached has a button.
    expect(screen.getAllByRole('button', { name: /^Re-attach/ })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Re-attach to this incident: capture-a.pcap' }));
    await waitFor(() => expect(api.calls.some((c) => c.name === 'vault:reattach')).toBe(true));
    expect(api.calls.find((c) => c.name === 'vault:reattach')!.input).toEqual({ blobHash: a.blobHash, incidentId: inc.id });
    await waitFor(() => expect(currentToasts().map((t) => t.message).join(' ')).toMatch(/Re-attached “capture-a\.pcap”/));
    expect((await core.invoke('artifacts:list', { incidentId: inc.id })).map((x) => x.name)).toEqual(['capture-a.pcap']);
  });

  it('sends an orphan back to its own incident when this database has it', async () => {
    const dataDir = tempDir();
    // A backup taken before capture-a was imported, put back afterwards.
    const old = await firstLife(dataDir, []);
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const backup = path.join(dataDir, 'older.db');
    fs.copyFileSync(dbFile, backup);
    const second = await tempCore({ dataDir, keyStore: null, profile: false, sync: { start: false } });
    await second.invoke('vault:unlock', { passphrase: VAULT_PASSPHRASE });
    await second.invoke('artifacts:import', { incidentId: old.id, name: 'capture-a.pcap', dataBase64: b64('capture-a '.repeat(400)) });
    await second.close();
    fs.copyFileSync(backup, dbFile);
    const core = await nextLife(dataDir);
    const [orphan] = await core.invoke('vault:orphans', {});
    const here = await core.invoke('incidents:declare', { title: 'Search latency', severity: 'SEV-3' });
    const { api } = real.render(<VaultPane incidentId={here.id} />, core);
    fireEvent.click(await screen.findByRole('button', { name: `Re-attach to ${old.humanId}: capture-a.pcap` }));
    expect(screen.getByText(`Re-attach to ${old.humanId}`)).toBeTruthy();
    await waitFor(() => expect(api.calls.find((c) => c.name === 'vault:reattach')?.input).toEqual({ blobHash: orphan!.blobHash, incidentId: old.id }));
    await waitFor(async () => expect((await core.invoke('artifacts:list', { incidentId: old.id })).map((x) => x.name)).toEqual(['capture-a.pcap']));
  });

  it('asks for the unlock while locked, and shows nothing when there are no orphans', async () => {
    const dataDir = tempDir();
    await firstLife(dataDir, ['capture-a.pcap']);
    damageDatabase(dataDir);
    // A passphrase vault comes back locked.
    const core = await nextLife(dataDir, { unlock: false });
    const inc = await core.invoke('incidents:declare', { title: 'Checkout 502s, again', severity: 'SEV-2' });
    real.render(<VaultPane incidentId={inc.id} />, core);
    const panel = await screen.findByTestId('vault-orphans');
    expect(panel.textContent).toContain('1 encrypted file is not recorded in this database');
    expect(panel.textContent).toContain('Unlock the vault to see what they are');
    cleanup();
    const clean = await real.core({ vault: true, sync: { start: false } });
    const other = await clean.invoke('incidents:declare', { title: 'Search latency', severity: 'SEV-3' });
    const { api } = real.render(<VaultPane incidentId={other.id} />, clean);
    await screen.findByTestId('vault-state');
    expect(screen.queryByTestId('vault-orphans')).toBeNull();
    expect(api.calls.some((c) => c.name === 'vault:orphans')).toBe(false);
  });
});

describe('vault pane: a refused vault:create', () => {
  it('shows why, including when the refusal names the key-protection choice', async () => {
    // The system key store (Electron's safeStorage cannot run here: the vault tests' stand-in)
    // already holds the master key of another data folder's vault.
    const keyStore = new InMemoryOsKeyStore();
    const elsewhere = tempDir();
    real.teardown(() => fs.rmSync(elsewhere, { recursive: true, force: true }));
    await firstLife(elsewhere, [], keyStore);
    expect(await keyStore.get(MASTER_KEY_ACCOUNT)).not.toBeNull();
    const core = await real.core({ keyStore, sync: { start: false } });
    const inc = await core.invoke('incidents:declare', { title: 'Evidence drill', severity: 'SEV-2' });
    real.render(<VaultPane incidentId={inc.id} />, core);
    fireEvent.click(await screen.findByRole('button', { name: 'Create vault' }));
    const message =
      "The safeStorage key store already holds a vault master key (of this data folder's vault, or of another Command Post data folder on this machine). A new vault would overwrite it and make that evidence unreadable. Unlock it instead (with its passphrase or key store), or use its recovery key. Or create a passphrase vault.";
    expect(await screen.findByText(message)).toBeTruthy();
    expect((await core.invoke('vault:status', {})).state).toBe('uninitialized');
  });
});
