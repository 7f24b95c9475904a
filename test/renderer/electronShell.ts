// The Electron window's real path to a real core, with only the 'electron' module faked (the
// recording fake of test/unit/app, plus the OS file dialogs): the real preload builds
// window.commandPost; its ipcRenderer.invoke reaches the real main-process handlers (ipc.ts with its
// sender check, fileDialogs.ts) bound to the core; what bindIpc broadcasts to the window reaches the
// preload's listeners. Arguments and answers are structured-cloned, as Electron's IPC does.
// A test file using it mocks the module first (electronModule.ts must not import main/app itself):
//   vi.mock('electron', async () => (await import('./electronModule')).electronModule());
import { vi } from 'vitest';
import type { CommandPostApi } from '../../shared/contract';
import type { ExportFormat } from '../../shared/domain/vault';
import type { Core } from '../../main/core/createCore';
import { bindFileDialogs } from '../../main/app/fileDialogs';
import { bindIpc } from '../../main/app/ipc';
import { PRODUCTION_ORIGIN } from '../../main/app/origin';
import { createSecureWindow } from '../../main/app/window';
import { fake, type FakeBrowserWindow } from '../unit/app/fakeElectron';
import { osDialogs } from './electronModule';
import type { RealCores } from './realApi';

/** window.commandPost: the commands, and the vault's native open/save dialogs (preload/index.ts). */
export type PreloadBridge = CommandPostApi & {
  vaultFiles: {
    importFiles(incidentId: string): Promise<unknown>;
    saveExport(id: string, format: ExportFormat, passphrase?: string): Promise<unknown>;
  };
};

export interface ElectronWindow {
  /** window.commandPost as the real preload exposes it. */
  readonly bridge: PreloadBridge;
  readonly window: FakeBrowserWindow;
}

/** Open our app window over `core`; its IPC handlers are removed after the test, before the core closes. */
export async function electronWindow(real: RealCores, core: Core): Promise<ElectronWindow> {
  fake.reset();
  osDialogs.open.length = 0;
  osDialogs.save.length = 0;
  osDialogs.shown.length = 0;
  const win = createSecureWindow({ origin: PRODUCTION_ORIGIN, preloadPath: '/preload/index.cjs', devTools: false }) as unknown as FakeBrowserWindow;
  fake.webContentsById.set(win.webContents.id, win.webContents);
  const ipc = bindIpc({ core, origin: PRODUCTION_ORIGIN });
  const dialogs = bindFileDialogs({ core, origin: PRODUCTION_ORIGIN });

  // main → page: what the main process sends to our window reaches the preload's listeners.
  win.webContents.send = (channel: string, ...args: unknown[]) => {
    for (const l of fake.ipcRendererListeners.get(channel) ?? []) l({ sender: null }, ...structuredClone(args));
  };
  // page → main: ipcRenderer.invoke runs the handler registered with ipcMain.handle, as sent by our
  // window's main frame; a handler that throws rejects the way Electron does.
  const inFlight = new Set<Promise<unknown>>();
  const call = async (channel: string, args: unknown[]) => {
    const handler = fake.ipcMainHandlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    try {
      return structuredClone(await handler({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, ...structuredClone(args)));
    } catch (err) {
      throw new Error(`Error invoking remote method '${channel}': ${String(err)}`);
    }
  };
  fake.ipcRendererInvoke.mockImplementation((...all: unknown[]) => {
    const [channel, ...args] = all as [string, ...unknown[]];
    const p = call(channel, args);
    inFlight.add(p);
    const forget = () => inFlight.delete(p);
    p.then(forget, forget);
    return p;
  });
  // A fresh preload for this window (its listeners registered on the reset fake).
  vi.resetModules();
  await import('../../preload/index');
  const bridge = fake.exposed.get('commandPost') as PreloadBridge;

  real.teardown(async () => {
    ipc.dispose();
    dialogs.dispose();
    // Calls the page sent before it went away still finish against the core before it closes.
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  });
  return { bridge, window: win };
}
