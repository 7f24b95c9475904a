// The Electron main process: lifecycle, one core, one IPC binding, the menu and the main window.
// The engine (main/core) is the same one the browser host runs, on the same data directory
// (defaultDataDir(): COMMAND_POST_DATA_DIR or the platform's user data folder), so `npm run web`
// and the app see the same incidents. Electron's own profile (cache, window state, preferences)
// stays in app.getPath('userData').
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT_CHANNEL } from '../../shared/desktop';
import { consoleLogger, createCore, DataDirLockedError, defaultDataDir, demoDataDir, prepareDemo, SANDBOX_BASE_PORT, unlockDemo, type Core, type DemoFolder } from '../core';
import { bridgeRunbookHosts, bridgeTimerNotifications } from './coreBridges';
import { DEFAULT_EXTERNAL_HOSTS, openExternalSafely, setExternalAllowList } from './external';
import { bindFileDialogs, type FileDialogBinding } from './fileDialogs';
import { bindIpc, type IpcBinding } from './ipc';
import { bindPaneWindows, type PaneWindowBinding } from './paneWindows';
import { buildMenuTemplate, MENU_ACTION_EVENT } from './menu';
import { createNotifier } from './notifications';
import { isAppUrl, resolveAppOrigin } from './origin';
import { shellPaths } from './paths';
import { PreferencesFile } from './preferences';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { SafeStorageKeyStore } from './safeStorageKeyStore';
import { createSecureWindow, installAppGuards, installSessionGuards, isOurWebContents, loadApp } from './window';

export const APP_ID = 'io.commandpost.app';
const SHUTDOWN_TIMEOUT_MS = 5000;

const logger = consoleLogger('app');
const origin = resolveAppOrigin(process.env, app.isPackaged);
const paths = shellPaths(path.dirname(fileURLToPath(import.meta.url)), app.isPackaged, process.resourcesPath);

let core: Core | null = null;
let binding: IpcBinding | null = null;
let fileDialogs: FileDialogBinding | null = null;
let paneWindows: PaneWindowBinding | null = null;
let mainWindow: BrowserWindow | null = null;
let quitState: 'running' | 'closing' | 'closed' = 'running';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function openMainWindow(): BrowserWindow {
  const win = createSecureWindow({
    origin,
    preloadPath: paths.preloadPath,
    devTools: origin.dev,
    stateFile: path.join(app.getPath('userData'), 'window-state.json'),
    icon: paths.icon,
  });
  win.webContents.on('render-process-gone', (_event, details) => logger.error(`renderer gone: ${details.reason} (exit ${details.exitCode})`));
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  loadApp(win, origin).catch((err: unknown) => logger.error(`cannot load the app page: ${message(err)}`));
  mainWindow = win;
  return win;
}

/** A pane alone in a window of the same secure kind as the main one (see paneWindows.ts). */
function openPaneWindow(url: string): BrowserWindow {
  const win = createSecureWindow({ origin, preloadPath: paths.preloadPath, devTools: origin.dev, icon: paths.icon });
  win.webContents.on('render-process-gone', (_event, details) => logger.error(`pane window renderer gone: ${details.reason} (exit ${details.exitCode})`));
  win.loadURL(url).catch((err: unknown) => logger.error(`cannot load the pane window: ${message(err)}`));
  return win;
}

/** Deliver a menu action to the focused window of ours (see menu.ts). */
function runAction(id: string): void {
  const win = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (!win || win.isDestroyed() || !isOurWebContents(win.webContents)) return;
  if (!isAppUrl(win.webContents.getURL(), origin)) return;
  win.webContents.send(IPC_EVENT_CHANNEL, { event: MENU_ACTION_EVENT, data: { id } });
}

async function start(): Promise<void> {
  const ses = session.defaultSession;
  installSessionGuards(ses, origin);
  if (!origin.dev) handleAppProtocol(ses.protocol, paths.rendererDir, origin);

  // `npm start` passes --demo: the demo war room in its own folder, never the user's (see core/demo/seed.ts).
  const demoMode = process.argv.includes('--demo-here') ? 'here' : process.argv.includes('--demo') || process.argv.includes('--demo-reset') ? 'own' : 'off';
  const dataDir = demoMode === 'own' ? demoDataDir(defaultDataDir()) : defaultDataDir();
  let demo: DemoFolder | null = null;
  try {
    if (demoMode !== 'off') {
      demo = await prepareDemo({ dataDir, resourcesDir: paths.resourcesDir, logger, transport: 'app', sandboxBasePort: SANDBOX_BASE_PORT, reset: demoMode === 'own' && process.argv.includes('--demo-reset') });
    }
    // safeStorage is probed after 'ready' (its Linux backend is unknown before); when it is refused
    // (e.g. basic_text) the core falls back to keytar, then to the passphrase store. The demo keeps
    // its secrets in its own folder's passphrase store.
    core = await createCore({ dataDir, resourcesDir: paths.resourcesDir, logger, keyStore: demo ? null : new SafeStorageKeyStore({ dataDir }) });
    if (demo) {
      await unlockDemo(core, demo, { transport: 'app', logger });
      for (const note of demo.notes) logger.info(note);
    }
  } catch (err) {
    // The browser host may hold the folder: the single-instance lock only knows about this app.
    if (err instanceof DataDirLockedError) dialog.showErrorBox('Command Post is already running', err.message);
    else dialog.showErrorBox('Command Post cannot start', `The database in ${dataDir} could not be opened:\n\n${message(err)}`);
    app.exit(1);
    return;
  }
  logger.info(`data directory ${dataDir}`);
  binding = bindIpc({ core, origin, onRejected: (reason) => logger.warn(`IPC call refused: ${reason}`) });
  fileDialogs = bindFileDialogs({ core, origin, onRejected: (reason) => logger.warn(`vault file dialog refused: ${reason}`) });
  paneWindows = bindPaneWindows({ origin, open: openPaneWindow, onRejected: (reason) => logger.warn(`pane window refused: ${reason}`) });

  const prefs = new PreferencesFile(path.join(app.getPath('userData'), 'preferences.json'));
  const notifier = createNotifier(() => prefs.get().notifications);
  bridgeTimerNotifications(core, notifier, () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    } else openMainWindow();
  });
  bridgeRunbookHosts(core, DEFAULT_EXTERNAL_HOSTS, setExternalAllowList);

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        isMac: process.platform === 'darwin',
        isDev: origin.dev,
        appName: app.name,
        runAction,
        openLink: (url) => void openExternalSafely(url),
      }),
    ),
  );
  openMainWindow();
}

async function shutdown(): Promise<void> {
  binding?.dispose();
  binding = null;
  fileDialogs?.dispose();
  fileDialogs = null;
  paneWindows?.dispose();
  paneWindows = null;
  const closing = core?.close();
  core = null;
  if (!closing) return;
  // Acknowledged writes are already durable (synchronous=FULL); do not hang the quit on close().
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS))]).catch((err: unknown) =>
    logger.error(`closing the database failed: ${message(err)}`),
  );
}

function boot(): void {
  if (!app.requestSingleInstanceLock()) {
    // Another instance owns the database; it is told to show itself (second-instance below).
    app.quit();
    return;
  }
  app.setAppUserModelId(APP_ID);
  app.enableSandbox();
  installAppGuards(app, origin);

  app.on('second-instance', () => {
    const win = mainWindow ?? openMainWindow();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('activate', () => {
    if (app.isReady() && core && BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitState === 'closed') return;
    event.preventDefault();
    if (quitState === 'closing') return;
    quitState = 'closing';
    void shutdown().finally(() => {
      quitState = 'closed';
      app.quit();
    });
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => app.quit());

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      logger.error(`start-up failed: ${message(err)}`);
      dialog.showErrorBox('Command Post cannot start', message(err));
      app.exit(1);
    });
}

// Privileged schemes must be registered before 'ready'.
registerAppScheme();
boot();

