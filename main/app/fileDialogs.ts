// The vault's desktop file path: native open/save dialogs in the main process. The page only says
// "import into this incident" or "export this artifact"; the OS dialog, shown on the page's own
// window, supplies the path, and the core is called in-process with transport 'app-dialog'. So the
// page never names a path: the vault keeps refusing path exports from 'ipc' and 'http' (a compromised
// page must not write files anywhere), while this shell may stream files of any size both ways.
// Sender check and zod parse at the boundary, exactly like the invoke channel (ipc.ts).
import path from 'node:path';
import { BrowserWindow, dialog, ipcMain, type OpenDialogOptions, type SaveDialogOptions, type WebContents } from 'electron';
import {
  commands
} from '../../shared/contract';
import { IPC_IMPORT_FILES_CHANNEL, IPC_SAVE_EXPORT_CHANNEL, vaultImportFilesInput, vaultSaveExportInput, type VaultImportFilesResult, type VaultSaveExportResult } from '../../shared/desktop';
import type { ErrorBody, Result } from '../../shared/errors';
import type { ArtifactExport, ArtifactSummary, CustodyEntry, VaultStatus } from '../../shared/domain/vault';
import { zodIssues } from '../core';
import { senderRejection, type IpcCore, type SenderCheckDeps } from './ipc';
import type { AppOrigin } from './origin';
import { isOurWebContents } from './window';

/** The transport the core sees for calls made on behalf of a native dialog (audited as such). */
export const DIALOG_TRANSPORT = 'app-dialog';

const BUNDLE_EXTENSION = '.cpbundle';

type SenderEvent = Parameters<typeof senderRejection>[0];

export interface FileDialogOptions {
  core: Pick<IpcCore, 'dispatch'>;
  origin: AppOrigin;
  /** Called for refused senders, for the log; never given the payload. */
  onRejected?: (reason: string) => void;
}

export interface FileDialogBinding {
  dispose(): void;
}

const FORBIDDEN: ErrorBody = { code: 'forbidden', message: 'This frame may not call Command Post.' };

function invalid(what: string, error: Parameters<typeof zodIssues>[0]): ErrorBody {
  const issues = zodIssues(error);
  return { code: 'invalid_input', message: `Invalid input for ${what}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues };
}

function internal(what: string, err: unknown): ErrorBody {
  return { code: 'internal', message: `${what} failed: ${err instanceof Error ? err.message : String(err)}` };
}

/** The window the dialog is modal to; a sender without one (should not happen) gets a free dialog. */
function parentOf(sender: WebContents): BrowserWindow | null {
  try {
    return BrowserWindow.fromWebContents(sender);
  } catch {
    return null;
  }
}

function showOpen(sender: WebContents, options: OpenDialogOptions) {
  const win = parentOf(sender);
  return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
}

function showSave(sender: WebContents, options: SaveDialogOptions) {
  const win = parentOf(sender);
  return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
}

/** Refuse before any dialog opens when the vault cannot take the request anyway. */
async function requireUnlocked(core: FileDialogOptions['core']): Promise<ErrorBody | null> {
  const status = await core.dispatch('vault:status', {}, { transport: DIALOG_TRANSPORT });
  if (!status.ok) return status.error;
  const state = (status.data as VaultStatus).state;
  if (state === 'unlocked') return null;
  return { code: 'unavailable', message: state === 'locked' ? 'The vault is locked: unlock it to import or export evidence.' : 'There is no vault yet: create one first.' };
}

/** Handlers exported for tests; they never throw and always answer a Result, like the invoke channel. */
export function createFileDialogHandlers(opts: FileDialogOptions, deps: SenderCheckDeps) {
  const { core } = opts;
  const refuse = (event: SenderEvent): Result<never> | null => {
    const refused = senderRejection(event, deps);
    if (!refused) return null;
    opts.onRejected?.(refused);
    return { ok: false, error: FORBIDDEN };
  };

  async function importFiles(event: SenderEvent, raw: unknown): Promise<Result<VaultImportFilesResult>> {
    const refused = refuse(event);
    if (refused) return refused;
    const parsed = vaultImportFilesInput.safeParse(raw === undefined ? {} : raw);
    if (!parsed.success) return { ok: false, error: invalid('vault import', parsed.error) };
    const { incidentId } = parsed.data;
    try {
      const locked = await requireUnlocked(core);
      if (locked) return { ok: false, error: locked };
      // The incident must exist before the user spends time in the dialog.
      const incident = await core.dispatch('artifacts:list', { incidentId }, { transport: DIALOG_TRANSPORT });
      if (!incident.ok) return { ok: false, error: incident.error };

      const chosen = await showOpen(event.sender, { title: 'Add evidence to the vault', buttonLabel: 'Encrypt into vault', properties: ['openFile', 'multiSelections'] });
      if (chosen.canceled || chosen.filePaths.length === 0) return { ok: true, data: { canceled: true, imported: [], errors: [] } };

      const imported: ArtifactSummary[] = [];
      const errors: VaultImportFilesResult['errors'] = [];
      for (const file of chosen.filePaths) {
        const name = path.basename(file);
        if (name.toLowerCase().endsWith(BUNDLE_EXTENSION)) {
          // A bundle needs its passphrase, which the page's bundle dialog asks for; imported here it
          // would be stored as an opaque file instead of being opened.
          errors.push({ name, message: 'This is an encrypted evidence bundle: drop it on the vault pane to import it with its passphrase.' });
          continue;
        }
        // The path is the one the OS dialog returned, never one the page sent.
        const r = await core.dispatch('artifacts:import', { incidentId, name, path: file }, { transport: DIALOG_TRANSPORT });
        if (r.ok) imported.push(r.data as ArtifactSummary);
        else errors.push({ name, message: r.error.message });
      }
      return { ok: true, data: { canceled: false, imported, errors } };
    } catch (err) {
      return { ok: false, error: internal('vault import', err) };
    }
  }

  async function saveExport(event: SenderEvent, raw: unknown): Promise<Result<VaultSaveExportResult>> {
    const refused = refuse(event);
    if (refused) return refused;
    const parsed = vaultSaveExportInput.safeParse(raw === undefined ? {} : raw);
    if (!parsed.success) return { ok: false, error: invalid('vault export', parsed.error) };
    const { id, format, passphrase } = parsed.data;
    const request = { id, format, ...(passphrase !== undefined ? { passphrase } : {}) };
    // artifacts:export's own rules (passphrase length, bundle needs one, plain refuses one) are checked
    // before the dialog, with a stand-in path, so the user is not asked where to save a refused export.
    const precheck = commands['artifacts:export'].input.safeParse({ ...request, destination: '/stand-in' });
    if (!precheck.success) return { ok: false, error: invalid('artifacts:export', precheck.error) };
    try {
      const locked = await requireUnlocked(core);
      if (locked) return { ok: false, error: locked };
      // The custody chain's import entry holds the artifact's name (and proves the artifact exists);
      // reading it records nothing, unlike artifacts:read.
      const chain = await core.dispatch('artifacts:custody', { id }, { transport: DIALOG_TRANSPORT });
      if (!chain.ok) return { ok: false, error: chain.error };
      const first = (chain.data as CustodyEntry[])[0];
      if (!first) return { ok: false, error: { code: 'not_found', message: `No artifact ${id}.`, issues: [{ path: 'id', message: 'no such artifact' }] } };
      const recorded = first.detail.name;
      const base = (typeof recorded === 'string' && path.basename(recorded)) || 'artifact';
      const bundle = format === 'bundle';
      const chosen = await showSave(event.sender, {
        title: bundle ? 'Save encrypted evidence bundle' : 'Save decrypted evidence',
        buttonLabel: bundle ? 'Save bundle' : 'Save decrypted',
        defaultPath: bundle ? `${base}${BUNDLE_EXTENSION}` : base,
        ...(bundle ? { filters: [{ name: 'Command Post evidence bundle', extensions: ['cpbundle'] }] } : {}),
        // The vault never replaces an existing file (no clobber): choosing one ends in a 'conflict'.
        properties: ['createDirectory'],
      });
      if (chosen.canceled || !chosen.filePath) return { ok: true, data: { saved: false } };
      if (!path.isAbsolute(chosen.filePath)) return { ok: false, error: { code: 'invalid_input', message: 'The save dialog returned a relative path.' } };
      const r = await core.dispatch('artifacts:export', { ...request, destination: chosen.filePath }, { transport: DIALOG_TRANSPORT });
      if (!r.ok) return { ok: false, error: r.error };
      return { ok: true, data: { saved: true, path: (r.data as ArtifactExport).destination } };
    } catch (err) {
      return { ok: false, error: internal('vault export', err) };
    }
  }

  return { importFiles, saveExport };
}

export function bindFileDialogs(opts: FileDialogOptions): FileDialogBinding {
  const handlers = createFileDialogHandlers(opts, { origin: opts.origin, isOurWebContents });
  const channels = [IPC_IMPORT_FILES_CHANNEL, IPC_SAVE_EXPORT_CHANNEL] as const;
  for (const c of channels) ipcMain.removeHandler(c);
  ipcMain.handle(IPC_IMPORT_FILES_CHANNEL, (event, input: unknown) => handlers.importFiles(event, input));
  ipcMain.handle(IPC_SAVE_EXPORT_CHANNEL, (event, input: unknown) => handlers.saveExport(event, input));
  return {
    dispose() {
      for (const c of channels) ipcMain.removeHandler(c);
    },
  };
}
