// The 'electron' module for renderer tests that run the Electron window's real path (electronShell.ts):
// the recording fake of test/unit/app plus the OS file dialogs, which answer what the test queued.
// Kept apart from electronShell.ts, which imports main/app (and so 'electron' itself).
import type { OpenDialogReturnValue, SaveDialogReturnValue } from 'electron';
import { electronModule as baseElectronModule, fake, type FakeBrowserWindow } from '../unit/app/fakeElectron';

/** What the user does in the OS dialogs, queued by the test; an empty queue means "cancelled". */
export interface OsDialogs {
  open: OpenDialogReturnValue[];
  save: SaveDialogReturnValue[];
  /** Options of every dialog shown, for assertions. */
  shown: Array<{ kind: 'open' | 'save'; options: Record<string, unknown> }>;
}

// One instance per worker, like fakeElectron's, since test files re-import modules.
const holder = globalThis as { __cpOsDialogs?: OsDialogs };
export const osDialogs: OsDialogs = (holder.__cpOsDialogs ??= { open: [], save: [], shown: [] });

/** fakeElectron's module plus dialog.showOpenDialog / showSaveDialog and BrowserWindow.fromWebContents. */
export function electronModule() {
  const m = baseElectronModule() as Record<string, unknown>;
  const Base = m.BrowserWindow as typeof FakeBrowserWindow;
  const lastArg = (args: unknown[]) => (args[args.length - 1] ?? {}) as Record<string, unknown>;
  m.dialog = {
    ...(m.dialog as object),
    showOpenDialog: async (...args: unknown[]): Promise<OpenDialogReturnValue> => {
      osDialogs.shown.push({ kind: 'open', options: lastArg(args) });
      return osDialogs.open.shift() ?? { canceled: true, filePaths: [] };
    },
    showSaveDialog: async (...args: unknown[]): Promise<SaveDialogReturnValue> => {
      osDialogs.shown.push({ kind: 'save', options: lastArg(args) });
      return osDialogs.save.shift() ?? { canceled: true, filePath: '' };
    },
  };
  m.BrowserWindow = class extends Base {
    static fromWebContents(wc: unknown) {
      return fake.windows.find((w) => w.webContents === wc) ?? null;
    }
  };
  return m;
}
