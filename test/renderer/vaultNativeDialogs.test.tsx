// The vault pane in the Electron window when the preload offers native file dialogs (vaultFiles):
// "Add files…" and the drop zone open the system open dialog, and Export opens the system save
// dialog; the page never sends a path. Without them (browser host, older preload) nothing changes.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandPostApi, VaultImportFilesResult, VaultSaveExportResult } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { encodeIpcError } from '../../shared/ipcErrors';
import type { ArtifactSummary, VaultStatus } from '../../shared/vault';
import { useUi } from '../../renderer/src/app/store';
import { VaultPane } from '../../renderer/src/features/vault';
import { createElectronApi, createHttpApi, type ApiClient } from '../../renderer/src/lib/api';
import { createFakeApi, type FakeApi } from './fakeApi';
import { renderWithClient } from './render';

const INC = '01JINCIDENT00000000000000A';
const UNLOCKED: VaultStatus = { state: 'unlocked', mode: 'passphrase', backend: 'passphrase', systemKeyStore: null, passphraseSet: true, createdAt: '2026-11-24T09:00:00.000Z', artifacts: 1, orphans: 0 };

function summary(name: string, size: number, extra: Partial<ArtifactSummary> = {}): ArtifactSummary {
  return {
    id: `01JARTIFACT000000000000${name.length.toString().padStart(4, '0')}`,
    incidentId: INC,
    name,
    extension: name.split('.').pop() ?? '',
    contentType: 'text/plain',
    family: 'text',
    mismatch: false,
    size,
    plaintextSha256: 'a'.repeat(64),
    source: 'file',
    previewKind: 'text',
    addedBy: 'ada',
    addedAt: '2026-11-24T10:00:00.000Z',
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
    ...extra,
  };
}

const NOTE = summary('note.txt', 5);

function backend(): FakeApi {
  const fake = createFakeApi();
  fake.override('vault:status', () => UNLOCKED);
  fake.override('artifacts:list', () => [NOTE]);
  return fake;
}

function nativeBridge(fake: FakeApi, answers: { importFiles?: () => Promise<unknown>; saveExport?: () => Promise<unknown> } = {}) {
  const vaultFiles = {
    importFiles: vi.fn(answers.importFiles ?? (async (): Promise<VaultImportFilesResult> => ({ canceled: true, imported: [], errors: [] }))),
    saveExport: vi.fn(answers.saveExport ?? (async (): Promise<VaultSaveExportResult> => ({ saved: false }))),
  };
  return { bridge: { invoke: fake.invoke, subscribe: fake.subscribe, vaultFiles } as unknown as CommandPostApi, vaultFiles };
}

const renderPane = (api: ApiClient) => renderWithClient(<VaultPane incidentId={INC} />, api);

const toasts = () => useUi.getState().toasts.map((t) => t.message);

beforeEach(() => useUi.setState({ toasts: [] }));
afterEach(cleanup);

describe('ApiClient native vault dialogs', () => {
  it('exist only on the Electron transport whose preload offers them', () => {
    const fake = backend();
    expect(createElectronApi(nativeBridge(fake).bridge).pickAndImportFiles).toBeTypeOf('function');
    expect(createElectronApi(nativeBridge(fake).bridge).saveExport).toBeTypeOf('function');
    const older = createElectronApi({ invoke: fake.invoke, subscribe: fake.subscribe } as CommandPostApi);
    expect(older.pickAndImportFiles).toBeUndefined();
    expect(older.saveExport).toBeUndefined();
    const http = createHttpApi({ baseUrl: 'http://127.0.0.1:4780', token: 't', fetch: vi.fn(), WebSocket: undefined as never });
    expect(http.pickAndImportFiles).toBeUndefined();
    expect(http.saveExport).toBeUndefined();
  });

  it('passes the arguments through and rebuilds the preload’s encoded errors as AppErrors', async () => {
    const body = { code: 'invalid_input' as const, message: 'Invalid input for vault export: format must be one of plain, bundle', issues: [{ path: 'format', message: 'must be one of plain, bundle' }] };
    const { bridge, vaultFiles } = nativeBridge(backend(), { saveExport: async () => Promise.reject(new Error(`Error invoking remote method 'x': Error: ${encodeIpcError(body)}`)) });
    const api = createElectronApi(bridge);
    await expect(api.pickAndImportFiles!(INC)).resolves.toEqual({ canceled: true, imported: [], errors: [] });
    expect(vaultFiles.importFiles).toHaveBeenCalledWith(INC);
    const err = await api.saveExport!('A1', 'bundle', 'bundle passphrase').catch((e: unknown) => e);
    expect(vaultFiles.saveExport).toHaveBeenCalledWith('A1', 'bundle', 'bundle passphrase');
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).toBody()).toEqual(body);
  });
});

describe('vault pane with native dialogs', () => {
  it('"Add files…" opens the system dialog, not the page’s file input, and reports what was added', async () => {
    const fake = backend();
    const { bridge, vaultFiles } = nativeBridge(fake, {
      importFiles: async () => ({ canceled: false, imported: [summary('huge.pcap', 3 * 1024 ** 3), summary('app.log', 2048)], errors: [{ name: 'gone.txt', message: 'No file at that path.' }] }),
    });
    renderPane(createElectronApi(bridge));
    const input = (await screen.findByTestId('vault-file-input')) as HTMLInputElement;
    const click = vi.spyOn(input, 'click');
    fireEvent.click(await screen.findByRole('button', { name: 'Add files…' }));
    await waitFor(() => expect(toasts()).toContain('Encrypted 2 files (3.0 GiB) into the vault.'));
    expect(vaultFiles.importFiles).toHaveBeenCalledWith(INC);
    expect(click).not.toHaveBeenCalled();
    expect(fake.calls.some((c) => c.name === 'artifacts:import')).toBe(false);
    expect(await screen.findByText('“gone.txt”: No file at that path.')).toBeTruthy();
  });

  it('the drop zone (click or Enter) uses the system dialog too; a cancelled dialog changes nothing', async () => {
    const fake = backend();
    const { bridge, vaultFiles } = nativeBridge(fake);
    renderPane(createElectronApi(bridge));
    const zone = await screen.findByTestId('vault-drop');
    fireEvent.click(zone);
    await waitFor(() => expect(vaultFiles.importFiles).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Add files…' }).hasAttribute('disabled')).toBe(false));
    fireEvent.keyDown(zone, { key: 'Enter' });
    await waitFor(() => expect(vaultFiles.importFiles).toHaveBeenCalledTimes(2));
    expect(toasts()).toEqual([]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('Export saves through the system save dialog (decrypted and as a bundle), never inline', async () => {
    const fake = backend();
    const saved: VaultSaveExportResult[] = [{ saved: false }, { saved: true, path: '/home/ada/Evidence/note.txt' }, { saved: true, path: '/home/ada/Evidence/note.txt.cpbundle' }];
    const { bridge, vaultFiles } = nativeBridge(fake, { saveExport: async () => saved.shift()! });
    renderPane(createElectronApi(bridge));

    fireEvent.click(await screen.findByRole('button', { name: 'Export note.txt' }));
    let dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText(/Decrypted file/));
    fireEvent.click(within(dialog).getByLabelText(/a file I choose on this computer/));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export decrypted…' }));
    await waitFor(() => expect(vaultFiles.saveExport).toHaveBeenCalledTimes(1));
    expect(vaultFiles.saveExport).toHaveBeenLastCalledWith(NOTE.id, 'plain');
    // Cancelled in the save dialog: the export form stays, nothing is reported.
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Export decrypted…' }).hasAttribute('disabled')).toBe(false));
    expect(screen.getByRole('dialog')).toBe(dialog);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export decrypted…' }));
    await waitFor(() => expect(toasts()).toContain('Exported “note.txt” decrypted to /home/ada/Evidence/note.txt.'));
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Export note.txt' }));
    dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Bundle passphrase'), { target: { value: 'bundle passphrase 1' } });
    fireEvent.change(within(dialog).getByLabelText('Repeat bundle passphrase'), { target: { value: 'bundle passphrase 1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export bundle…' }));
    await waitFor(() => expect(toasts()).toContain('Exported “note.txt” as an encrypted bundle to /home/ada/Evidence/note.txt.cpbundle.'));
    expect(vaultFiles.saveExport).toHaveBeenLastCalledWith(NOTE.id, 'bundle', 'bundle passphrase 1');
    expect(fake.calls.some((c) => c.name === 'artifacts:export')).toBe(false);
  });

  it('shows a failed native export in the dialog, by field', async () => {
    const body = { code: 'conflict' as const, message: 'A file already exists at the destination; choose another name.', issues: [{ path: 'destination', message: 'already exists' }] };
    const { bridge } = nativeBridge(backend(), { saveExport: async () => Promise.reject(new Error(encodeIpcError(body))) });
    renderPane(createElectronApi(bridge));
    fireEvent.click(await screen.findByRole('button', { name: 'Export note.txt' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText(/Decrypted file/));
    fireEvent.click(within(dialog).getByLabelText(/I understand/));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export decrypted…' }));
    expect(await within(dialog).findByText(/already exists/)).toBeTruthy();
    expect(screen.getByRole('dialog')).toBe(dialog);
  });

  it('without native dialogs the pane keeps its page behaviour (file input, inline export)', async () => {
    const fake = backend();
    fake.override('artifacts:export', (i) => ({ artifactId: i.id, format: i.format, destination: 'inline', fileName: 'note.txt', bytes: 5, dataBase64: 'aGVsbG8=' }));
    renderPane(createElectronApi({ invoke: fake.invoke, subscribe: fake.subscribe } as CommandPostApi));
    const input = (await screen.findByTestId('vault-file-input')) as HTMLInputElement;
    const click = vi.spyOn(input, 'click').mockImplementation(() => undefined);
    expect(screen.queryByRole('button', { name: 'Add files…' })).toBeNull();
    fireEvent.click(screen.getByTestId('vault-drop'));
    expect(click).toHaveBeenCalledTimes(1);

    const saved = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() });
    try {
      fireEvent.click(await screen.findByRole('button', { name: 'Export note.txt' }));
      const dialog = await screen.findByRole('dialog');
      fireEvent.click(within(dialog).getByLabelText(/Decrypted file/));
      fireEvent.click(within(dialog).getByLabelText(/this computer’s downloads/));
      fireEvent.click(within(dialog).getByRole('button', { name: 'Export decrypted' }));
      await waitFor(() => expect(fake.calls.find((c) => c.name === 'artifacts:export')?.input).toEqual({ id: NOTE.id, destination: 'inline', format: 'plain' }));
      await waitFor(() => expect(toasts()).toContain('Exported “note.txt” decrypted.'));
    } finally {
      Object.assign(URL, saved);
    }
  });
});
