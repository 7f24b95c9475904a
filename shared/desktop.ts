import { z } from 'zod';
import { EXPORT_FORMATS, type ArtifactSummary } from './domain/vault';
import {
    idRef,
    strict
} from './validation';

export const IPC_INVOKE_CHANNEL = 'command-post:invoke';
export const IPC_EVENT_CHANNEL = 'command-post:event';
// Electron only: the vault's native file dialogs (main/app/fileDialogs.ts). The page asks; the main
// process shows the OS dialog and passes the path the user chose to the core in-process. A path
// never comes from the page, so these channels are not a write-anywhere (or read-anywhere) primitive.
/** Open dialog (several files), each file imported by path; answers a Result<VaultImportFilesResult>. */
export const IPC_IMPORT_FILES_CHANNEL = 'command-post:vault-import-files';
/** Save dialog, then artifacts:export to the chosen path; answers a Result<VaultSaveExportResult>. */
export const IPC_SAVE_EXPORT_CHANNEL = 'command-post:vault-save-export';
export const vaultImportFilesInput = strict({ incidentId: idRef });
export type VaultImportFilesInput = z.input<typeof vaultImportFilesInput>;
export const vaultSaveExportInput = strict({
  id: idRef,
  format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }),
  // Length and presence rules are artifacts:export's own; the handler checks them before the dialog.
  passphrase: z.string({ error: 'must be a string' }).optional(),
});
export type VaultSaveExportInput = z.input<typeof vaultSaveExportInput>;
export interface VaultImportFilesResult {
  /** The user closed the dialog without choosing a file; nothing was imported. */
  canceled: boolean;
  imported: ArtifactSummary[];
  /** Files that could not be imported (the others still were), by base name. */
  errors: Array<{ name: string; message: string }>;
}
export interface VaultSaveExportResult {
  /** False when the user cancelled the save dialog (nothing was written or recorded). */
  saved: boolean;
  /** The absolute path written. */
  path?: string;
}
// Electron only: a pane in a window of its own (a wall screen, main/app/paneWindows.ts). The page
// names a registered pane and an incident; the main process builds the address itself (our origin,
// `?pane=&incident=`) and makes the window with the one secure window factory.
/** Open (or bring forward) the window of one pane for one incident; answers a Result<OpenPaneWindowResult>. */
export const IPC_OPEN_PANE_WINDOW_CHANNEL = 'command-post:open-pane-window';
export const openPaneWindowInput = strict({
  paneId: z.string({ error: 'must be a string' }).regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'must be a pane id (lower-case kebab-case)' }),
  // Incident ids are ULIDs; nothing else reaches the address.
  incidentId: idRef.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be an incident id (a ULID)' }),
});
export type OpenPaneWindowInput = z.input<typeof openPaneWindowInput>;
export interface OpenPaneWindowResult {
  /** False when the window for this pane and incident was already open (it is brought forward). */
  created: boolean;
}
