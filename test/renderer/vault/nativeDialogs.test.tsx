// @vitest-environment node
// The vault pane in the Electron window when the preload offers native file dialogs (vaultFiles):
// "Add files…" and the drop zone open the system open dialog, and Export opens the system save
// dialog; the page never sends a path. Without them (browser host, older preload) nothing changes.
// The chain is real (electronShell.ts: the preload, main/app/fileDialogs.ts, a real core with a real
// vault, real files in a temp directory); only 'electron' is faked, and the OS dialogs answer with
// the paths the test queues, as a user choosing files would.
import '../nodeDom';
import fs from 'node:fs';
import path from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandPostApi } from '../../../shared/contract';
import type { Incident } from '../../../shared/domain/incidents';
import { AppError } from '../../../shared/errors';
import type { ArtifactSummary } from '../../../shared/domain/vault';
import { currentToasts, toastActions } from '../../../renderer/src/lib/toasts';
import { VaultPane } from '../../../renderer/src/features/vault';
import { createElectronApi, type ApiClient } from '../../../renderer/src/lib/api';
import { nativeVaultFiles } from '../../../renderer/src/features/vault/upload';
import { tempCore, tempDir, type TempCore } from '../../helpers/tempCore';
import { osDialogs } from '../electronModule';
import { electronWindow } from '../electronShell';
import { useRealCores, VAULT_PASSPHRASE } from '../realApi';
import { realHost } from '../realHost';
import { renderWithClient } from '../render';

vi.mock('electron', async () => (await import('../electronModule')).electronModule());

const real = useRealCores();

// One core with an unlocked passphrase vault for the file; each test has its own incident holding
// one artifact, note.txt ("hello", 5 bytes), and its own directory of real files.
let core: TempCore;
beforeAll(async () => {
  core = await tempCore({ keyStore: null, sync: { start: false } });
  await core.invoke('vault:create', { mode: 'passphrase', passphrase: VAULT_PASSPHRASE });
}, 30_000);
afterAll(() => core.cleanup());

let inc: Incident;
let NOTE: ArtifactSummary;
let files: string;
beforeEach(async () => {
  toastActions.clear();
  inc = await core.invoke('incidents:declare', { title: 'Evidence drill', severity: 'SEV-2' });
  NOTE = await core.invoke('artifacts:import', { incidentId: inc.id, name: 'note.txt', dataBase64: Buffer.from('hello').toString('base64') });
  const dir = tempDir('cp-files-');
  files = dir;
  real.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
});

/** A row button once it can be used: rows render from the artifact list before the vault status
 * says "unlocked", and a click on the still-disabled button would do nothing. */
async function enabledButton(name: string): Promise<HTMLElement> {
  const button = await screen.findByRole('button', { name });
  await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
  return button;
}

/** The window's real bridge, with its native dialog calls and its invoke calls recorded. */
async function nativeBridge() {
  const { bridge } = await electronWindow(real, core);
  const vaultFiles = { importFiles: vi.fn(bridge.vaultFiles.importFiles), saveExport: vi.fn(bridge.vaultFiles.saveExport) };
  const invoke = vi.fn(bridge.invoke);
  return { bridge: { invoke, subscribe: bridge.subscribe, vaultFiles } as unknown as CommandPostApi, vaultFiles, invoke };
}

/** The same preload without native dialogs (an older one). */
async function olderBridge() {
  const { bridge } = await electronWindow(real, core);
  const invoke = vi.fn(bridge.invoke);
  return { bridge: { invoke, subscribe: bridge.subscribe } as unknown as CommandPostApi, invoke };
}

const invoked = (invoke: { mock: { calls: unknown[][] } }, name: string) => invoke.mock.calls.filter((c) => c[0] === name);

const renderPane = (api: ApiClient) => renderWithClient(<VaultPane incidentId={inc.id} />, api);

const toasts = () => currentToasts().map((t) => t.message);

describe('ApiClient native vault dialogs', () => {
  it('exist only on the Electron transport whose preload offers them', async () => {
    const { bridge } = await nativeBridge();
    expect(nativeVaultFiles(createElectronApi(bridge))?.pickAndImportFiles).toBeTypeOf('function');
    expect(nativeVaultFiles(createElectronApi(bridge))?.saveExport).toBeTypeOf('function');
    const older = createElectronApi((await olderBridge()).bridge);
    expect(nativeVaultFiles(older)?.pickAndImportFiles).toBeUndefined();
    expect(nativeVaultFiles(older)?.saveExport).toBeUndefined();
    const http = (await realHost(real, core)).client();
    expect(nativeVaultFiles(http)?.pickAndImportFiles).toBeUndefined();
    expect(nativeVaultFiles(http)?.saveExport).toBeUndefined();
  });

  it('passes the arguments through and rebuilds the preload’s encoded errors as AppErrors', async () => {
    const { bridge, vaultFiles } = await nativeBridge();
    const api = nativeVaultFiles(createElectronApi(bridge))!;
    // Nothing chosen in the OS dialog: cancelled.
    await expect(api.pickAndImportFiles(inc.id)).resolves.toEqual({ canceled: true, imported: [], errors: [] });
    expect(vaultFiles.importFiles).toHaveBeenCalledWith(inc.id);
    const missing = await api.saveExport('A1', 'bundle', 'bundle passphrase').catch((e: unknown) => e);
    expect(vaultFiles.saveExport).toHaveBeenCalledWith('A1', 'bundle', 'bundle passphrase');
    expect(missing).toBeInstanceOf(AppError);
    expect((missing as AppError).code).toBe('not_found');
    // A format the main process refuses at its boundary, before any dialog opens.
    const body = { code: 'invalid_input' as const, message: 'Invalid input for vault export: format must be one of plain, bundle', issues: [{ path: 'format', message: 'must be one of plain, bundle' }] };
    const err = await api.saveExport(NOTE.id, 'zip' as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).toBody()).toEqual(body);
    expect(osDialogs.shown.filter((d) => d.kind === 'save')).toHaveLength(0);
  });
});

describe('vault pane with native dialogs', () => {
  it('"Add files…" opens the system dialog, not the page’s file input, and reports what was added', async () => {
    const { bridge, vaultFiles, invoke } = await nativeBridge();
    const pcap = path.join(files, 'huge.pcap');
    fs.writeFileSync(pcap, Buffer.alloc(3 * 1024 * 1024, 7));
    const log = path.join(files, 'app.log');
    fs.writeFileSync(log, 'GET /checkout 502\n'.repeat(113).padEnd(2048, '.'));
    osDialogs.open.push({ canceled: false, filePaths: [pcap, log, path.join(files, 'gone.txt')] });
    renderPane(createElectronApi(bridge));
    const input = (await screen.findByTestId('vault-file-input')) as HTMLInputElement;
    const click = vi.spyOn(input, 'click');
    fireEvent.click(await enabledButton('Add files…'));
    await waitFor(() => expect(toasts()).toContain('Encrypted 2 files (3.0 MiB) into the vault.'));
    expect(vaultFiles.importFiles).toHaveBeenCalledWith(inc.id);
    expect(click).not.toHaveBeenCalled();
    expect(invoked(invoke, 'artifacts:import')).toHaveLength(0);
    expect(await screen.findByText('“gone.txt”: No file at that path.')).toBeTruthy();
    // Imported by the main process from the chosen paths, with their real sizes.
    const stored = await core.invoke('artifacts:list', { incidentId: inc.id });
    expect(stored.map((a) => [a.name, a.size]).sort()).toEqual([
      ['app.log', 2048],
      ['huge.pcap', 3 * 1024 * 1024],
      ['note.txt', 5],
    ]);
  });

  it('the drop zone (click or Enter) uses the system dialog too; a cancelled dialog changes nothing', async () => {
    const { bridge, vaultFiles } = await nativeBridge();
    renderPane(createElectronApi(bridge));
    const zone = await screen.findByTestId('vault-drop');
    fireEvent.click(zone);
    await waitFor(() => expect(vaultFiles.importFiles).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Add files…' }).hasAttribute('disabled')).toBe(false));
    fireEvent.keyDown(zone, { key: 'Enter' });
    await waitFor(() => expect(vaultFiles.importFiles).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Add files…' }).hasAttribute('disabled')).toBe(false));
    expect(osDialogs.shown.filter((d) => d.kind === 'open')).toHaveLength(2);
    expect(toasts()).toEqual([]);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(await core.invoke('artifacts:list', { incidentId: inc.id })).toEqual([NOTE]);
  });

  it('Export saves through the system save dialog (decrypted and as a bundle), never inline', async () => {
    const { bridge, vaultFiles, invoke } = await nativeBridge();
    const evidence = path.join(files, 'Evidence');
    fs.mkdirSync(evidence);
    const plain = path.join(evidence, 'note.txt');
    const bundle = path.join(evidence, 'note.txt.cpbundle');
    osDialogs.save.push({ canceled: true, filePath: '' }, { canceled: false, filePath: plain }, { canceled: false, filePath: bundle });
    renderPane(createElectronApi(bridge));

    fireEvent.click(await enabledButton('Export note.txt'));
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
    await waitFor(() => expect(toasts()).toContain(`Exported “note.txt” decrypted to ${plain}.`));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fs.readFileSync(plain, 'utf8')).toBe('hello');

    fireEvent.click(screen.getByRole('button', { name: 'Export note.txt' }));
    dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Bundle passphrase'), { target: { value: 'bundle passphrase 1' } });
    fireEvent.change(within(dialog).getByLabelText('Repeat bundle passphrase'), { target: { value: 'bundle passphrase 1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export bundle…' }));
    await waitFor(() => expect(toasts()).toContain(`Exported “note.txt” as an encrypted bundle to ${bundle}.`));
    expect(vaultFiles.saveExport).toHaveBeenLastCalledWith(NOTE.id, 'bundle', 'bundle passphrase 1');
    expect(invoked(invoke, 'artifacts:export')).toHaveLength(0);
    // The bundle on disk is encrypted: the plaintext is not in it.
    expect(fs.readFileSync(bundle).includes(Buffer.from('hello'))).toBe(false);
    // The save dialog offered the recorded names.
    expect(osDialogs.shown.filter((d) => d.kind === 'save').map((d) => d.options.defaultPath)).toEqual(['note.txt', 'note.txt', 'note.txt.cpbundle']);
  });

  it('shows a failed native export in the dialog, by field', async () => {
    const { bridge } = await nativeBridge();
    // The user picks a file that already exists: the vault never replaces one.
    const taken = path.join(files, 'note.txt');
    fs.writeFileSync(taken, 'somebody else’s file');
    osDialogs.save.push({ canceled: false, filePath: taken });
    renderPane(createElectronApi(bridge));
    fireEvent.click(await enabledButton('Export note.txt'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText(/Decrypted file/));
    fireEvent.click(within(dialog).getByLabelText(/I understand/));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export decrypted…' }));
    expect(await within(dialog).findByText(/already exists/)).toBeTruthy();
    expect(screen.getByRole('dialog')).toBe(dialog);
    expect(fs.readFileSync(taken, 'utf8')).toBe('somebody else’s file');
  });

  it('without native dialogs the pane keeps its page behaviour (file input, inline export)', async () => {
    const { bridge, invoke } = await olderBridge();
    renderPane(createElectronApi(bridge));
    const input = (await screen.findByTestId('vault-file-input')) as HTMLInputElement;
    const click = vi.spyOn(input, 'click').mockImplementation(() => undefined);
    expect(screen.queryByRole('button', { name: 'Add files…' })).toBeNull();
    fireEvent.click(screen.getByTestId('vault-drop'));
    expect(click).toHaveBeenCalledTimes(1);

    const saved = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };
    const created: Blob[] = [];
    Object.assign(URL, { createObjectURL: vi.fn((b: Blob) => (created.push(b), 'blob:x')), revokeObjectURL: vi.fn() });
    try {
      fireEvent.click(await enabledButton('Export note.txt'));
      const dialog = await screen.findByRole('dialog');
      fireEvent.click(within(dialog).getByLabelText(/Decrypted file/));
      fireEvent.click(within(dialog).getByLabelText(/this computer’s downloads/));
      fireEvent.click(within(dialog).getByRole('button', { name: 'Export decrypted' }));
      await waitFor(() => expect(invoked(invoke, 'artifacts:export')[0]?.[1]).toEqual({ id: NOTE.id, destination: 'inline', format: 'plain' }));
      await waitFor(() => expect(toasts()).toContain('Exported “note.txt” decrypted.'));
      // The page saved what the core decrypted.
      expect(await created[0]!.text()).toBe('hello');
    } finally {
      Object.assign(URL, saved);
    }
    expect(osDialogs.shown).toHaveLength(0);
  });
});
