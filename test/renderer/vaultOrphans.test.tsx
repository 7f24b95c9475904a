// The vault pane offers to re-attach orphaned evidence (blobs the vault kept after a damaged
// database was moved aside or an older backup restored) and says why they are there.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { ArtifactSummary, VaultOrphan, VaultStatus } from '../../shared/vault';
import { useUi } from '../../renderer/src/app/store';
import { VaultPane } from '../../renderer/src/features/vault';
import { createFakeApi } from './fakeApi';
import { renderWithApi } from './render';

const INC = '01JINCIDENT00000000000000A';
const status = (over: Partial<VaultStatus>): VaultStatus => ({ state: 'unlocked', mode: 'keystore', backend: 'safeStorage', systemKeyStore: 'safeStorage', passphraseSet: false, createdAt: '2026-11-24T09:00:00.000Z', artifacts: 0, orphans: 0, ...over });
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const orphan = (hash: string, over: Partial<VaultOrphan> = {}): VaultOrphan => ({
  blobHash: hash,
  blobSize: 4096,
  since: '2026-11-25T08:00:00.000Z',
  artifact: { id: `01JART${hash.slice(0, 20).toUpperCase()}`, name: `capture-${hash[0]}.pcap`, size: 4000, contentType: 'application/vnd.tcpdump.pcap', plaintextSha256: 'c'.repeat(64), source: 'upload', addedBy: 'ada', addedAt: '2026-11-24T10:00:00.000Z', incidentHumanId: 'INC-2026-0007', incidentTitle: 'Checkout 502s' },
  incidentId: null,
  problem: null,
  ...over,
});

afterEach(() => {
  cleanup();
  useUi.setState({ toasts: [] });
});

describe('vault pane: orphaned evidence', () => {
  it('explains the orphans, re-attaches one to this incident and shows why another cannot be', async () => {
    const fake = createFakeApi();
    fake.override('vault:status', () => status({ orphans: 2 }));
    fake.override('artifacts:list', () => []);
    fake.override('vault:orphans', () => [orphan(HASH_A), orphan(HASH_B, { artifact: null, problem: 'It has no key file; restore the backup.' })]);
    fake.override('vault:reattach', (i) => ({ id: 'X', name: 'capture-a.pcap', size: 4000, incidentId: i.incidentId }) as unknown as ArtifactSummary);
    renderWithApi(<VaultPane incidentId={INC} />, fake);
    const panel = await screen.findByTestId('vault-orphans');
    expect(panel.textContent).toContain('2 encrypted files are not recorded in this database');
    expect(panel.textContent).toMatch(/damaged database was moved aside or an older backup was put back/);
    expect(panel.textContent).toContain('never deletes them on its own');
    expect(await screen.findByText('capture-a.pcap')).toBeTruthy();
    expect(screen.getByText(/Added to INC-2026-0007 \(“Checkout 502s”\) by ada/)).toBeTruthy();
    expect(screen.getByText('It has no key file; restore the backup.')).toBeTruthy();
    // Only the one that can be re-attached has a button.
    expect(screen.getAllByRole('button', { name: /^Re-attach/ })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Re-attach to this incident: capture-a.pcap' }));
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'vault:reattach')).toBe(true));
    expect(fake.calls.find((c) => c.name === 'vault:reattach')!.input).toEqual({ blobHash: HASH_A, incidentId: INC });
    await waitFor(() => expect(useUi.getState().toasts.map((t) => t.message).join(' ')).toMatch(/Re-attached “capture-a\.pcap”/));
  });

  it('sends an orphan back to its own incident when this database has it', async () => {
    const fake = createFakeApi();
    fake.override('vault:status', () => status({ orphans: 1 }));
    fake.override('artifacts:list', () => []);
    fake.override('vault:orphans', () => [orphan(HASH_A, { incidentId: '01JORIGINAL000000000000000' })]);
    fake.override('vault:reattach', () => ({ id: 'X', name: 'capture-a.pcap', size: 4000 }) as unknown as ArtifactSummary);
    renderWithApi(<VaultPane incidentId={INC} />, fake);
    fireEvent.click(await screen.findByRole('button', { name: 'Re-attach to INC-2026-0007: capture-a.pcap' }));
    expect(screen.getByText('Re-attach to INC-2026-0007')).toBeTruthy();
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'vault:reattach')?.input).toEqual({ blobHash: HASH_A, incidentId: '01JORIGINAL000000000000000' }));
  });

  it('asks for the unlock while locked, and shows nothing when there are no orphans', async () => {
    const fake = createFakeApi();
    fake.override('vault:status', () => status({ state: 'locked', orphans: 1 }));
    fake.override('artifacts:list', () => []);
    fake.override('vault:orphans', () => [orphan(HASH_A, { artifact: null, problem: 'The vault is locked: unlock it to read the key file.' })]);
    renderWithApi(<VaultPane incidentId={INC} />, fake);
    const panel = await screen.findByTestId('vault-orphans');
    expect(panel.textContent).toContain('1 encrypted file is not recorded in this database');
    expect(panel.textContent).toContain('Unlock the vault to see what they are');
    cleanup();
    const none = createFakeApi();
    none.override('vault:status', () => status({}));
    none.override('artifacts:list', () => []);
    renderWithApi(<VaultPane incidentId={INC} />, none);
    await screen.findByTestId('vault-state');
    expect(screen.queryByTestId('vault-orphans')).toBeNull();
    expect(none.calls.some((c) => c.name === 'vault:orphans')).toBe(false);
  });
});

describe('vault pane: a refused vault:create', () => {
  it('shows why, including when the refusal names the key-protection choice', async () => {
    const fake = createFakeApi();
    fake.override('vault:status', () => status({ state: 'uninitialized', mode: null, backend: null, createdAt: null }));
    fake.override('artifacts:list', () => []);
    const message = 'The safeStorage key store already holds a vault master key. Unlock it instead (with its passphrase or key store), or use its recovery key. Or create a passphrase vault.';
    fake.override('vault:create', () => {
      throw new AppError('conflict', message, [{ path: 'mode', message: 'the key store already holds a vault master key' }]);
    });
    renderWithApi(<VaultPane incidentId={INC} />, fake);
    fireEvent.click(await screen.findByRole('button', { name: 'Create vault' }));
    expect(await screen.findByText(message)).toBeTruthy();
  });
});
