// Who may name a filesystem path. Only callers that are the app itself (the core in-process, the
// Electron shell's file dialogs, the CLI) may: from a page, a path import would read any file
// (~/.ssh/id_rsa) and a path export would write anywhere (autostart entries, shell profiles). An
// allow-list, so a new page-facing transport is refused until someone decides otherwise.
import { AppError } from '../../../shared/errors';

/** How a command reached the core; recorded in the audit trail with every command. */
export type Transport =
  /** A caller in the same process (tests, seeding). */
  | 'in-process'
  /** The Electron main process itself (e.g. the native menu reading the catalog). */
  | 'app'
  /** The Electron shell on behalf of a native open/save dialog the user answered. */
  | 'app-dialog'
  /** The browser host's command line (seeding demo data). */
  | 'cli'
  /** The Electron renderer, through the preload bridge. */
  | 'ipc'
  /** A page of the browser host, over HTTP. */
  | 'http'
  /** The core's own timer scheduler. */
  | 'scheduler'
  /** A listener acting inside another command's transaction. */
  | 'internal'
  /** Checks the core runs while starting. */
  | 'startup';

const APP_SIDE: ReadonlySet<Transport> = new Set<Transport>(['in-process', 'app-dialog', 'cli']);

export function mayNamePaths(transport: Transport): boolean {
  return APP_SIDE.has(transport);
}

/** Refuse an import from, or an export to, a path unless the caller is the app itself. */
export function requirePathAccess(transport: Transport, use: 'import' | 'export'): void {
  if (mayNamePaths(transport)) return;
  if (use === 'import') {
    throw new AppError('forbidden', 'Imports from a path are only accepted from the app itself (its file dialog), not from a page; upload the file instead.', [
      { path: 'path', message: 'upload the file from a page' },
    ]);
  }
  throw new AppError('forbidden', 'Exports to a path are only accepted from the app itself, not from a page; use destination "download".', [{ path: 'destination', message: 'use "download" from a page' }]);
}
