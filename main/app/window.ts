// THE secure window factory and the guards around it. Every BrowserWindow of the app is made here,
// so the security settings are written once and asserted by test/unit/app/window.test.ts.
// Checklist: https://www.electronjs.org/docs/latest/tutorial/security
import { BrowserWindow, screen, type App, type Session, type WebContents } from 'electron';
import { openExternalSafely } from './external';
import { contentSecurityPolicy, isAppUrl, type AppOrigin } from './origin';
import { MIN_SIZE, readWindowState, sanitizeWindowState, writeWindowState, type WindowState } from './windowState';

/** Permissions a page of ours may get; every other permission, and every other page, is denied. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications', 'clipboard-sanitized-write']);

/** webContents ids of the windows this factory made: the only ones IPC answers and events reach. */
const ourContents = new Set<number>();

export function isOurWebContents(contents: Pick<WebContents, 'id'> | null | undefined): boolean {
  return !!contents && ourContents.has(contents.id);
}

export function ourWebContentsIds(): number[] {
  return [...ourContents];
}

export function permissionAllowed(permission: string, requestingUrl: string | null | undefined, origin: AppOrigin): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl, origin);
}

/** Renderer-initiated requests may reach only our own origin (and DevTools in development). */
export function requestAllowed(url: string, origin: AppOrigin): boolean {
  if (isAppUrl(url, origin)) return true;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return false;
  }
  if (protocol === 'data:' || protocol === 'blob:') return true;
  if (origin.dev) {
    if (protocol === 'devtools:') return true;
    // Vite's hot-update WebSocket on the dev server's port.
    if (protocol === 'ws:' && isAppUrl(url.replace(/^ws:/, 'http:'), origin)) return true;
  }
  return false;
}

/** Response headers with our CSP replacing any other (header names are case-insensitive). */
export function withCsp(headers: Record<string, string | string[]> | undefined, origin: AppOrigin): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const lower = k.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') continue;
    out[k] = v;
  }
  out['Content-Security-Policy'] = [contentSecurityPolicy(origin)];
  out['X-Content-Type-Options'] = ['nosniff'];
  return out;
}

/**
 * Session-wide guards: CSP on every response of ours, renderer requests confined to our origin,
 * permissions denied by default, device access and downloads refused.
 */
export function installSessionGuards(ses: Session, origin: AppOrigin): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (isAppUrl(details.url, origin)) callback({ responseHeaders: withCsp(details.responseHeaders, origin) });
    else callback({});
  });
  ses.webRequest.onBeforeRequest((details, callback) => {
    // Requests without a webContents come from the main process (e.g. Electron's net), not a page.
    if (details.webContentsId === undefined) return callback({});
    callback(requestAllowed(details.url, origin) ? {} : { cancel: true });
  });
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl || contents.getURL(), origin));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin, origin));
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  // Hunspell dictionaries would be fetched from a Google CDN: no silent network calls.
  ses.setSpellCheckerEnabled(false);
}

const guarded = new WeakSet<WebContents>();

/** Guards for one webContents: navigation, redirects, new windows, <webview>. */
export function guardWebContents(contents: WebContents, origin: AppOrigin): void {
  // Installed once per webContents (the app-wide hook and the factory both call this).
  if (guarded.has(contents)) return;
  guarded.add(contents);
  const denyForeign = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url, origin)) return;
    event.preventDefault();
    // A plain link to an allowed https host opens in the user's browser instead.
    void openExternalSafely(url);
  };
  contents.on('will-navigate', (event) => denyForeign(event, event.url));
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, origin)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, origin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(url);
    return { action: 'deny' };
  });
}

/** Applies the guards to every webContents the app ever creates (DevTools, popups we deny, …). */
export function installAppGuards(app: App, origin: AppOrigin): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, origin));
}

export interface SecureWindowOptions {
  origin: AppOrigin;
  /** Absolute path of out/preload/index.cjs (CommonJS: sandboxed preloads cannot load ESM). */
  preloadPath: string;
  /** DevTools exist only in development builds. */
  devTools: boolean;
  /** Where size and position are remembered; omit to not remember. */
  stateFile?: string;
  icon?: string;
}

export function createSecureWindow(opts: SecureWindowOptions): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const state: WindowState = opts.stateFile ? readWindowState(opts.stateFile, workAreas) : sanitizeWindowState(null, workAreas);
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Command Post',
    backgroundColor: '#0f1115',
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: {
      preload: opts.preloadPath, // eng-disable PRELOAD_JS_CHECK -- reviewed: preload/index.ts bridges the contract only, no raw ipcRenderer
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click would otherwise open links in a new window (denied anyway by setWindowOpenHandler).
      disableBlinkFeatures: 'Auxclick',
      devTools: opts.devTools,
    },
  });
  const id = win.webContents.id;
  ourContents.add(id);
  win.on('closed', () => ourContents.delete(id));
  guardWebContents(win.webContents, opts.origin);

  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  if (opts.stateFile) rememberWindowState(win, opts.stateFile);
  return win;
}

function rememberWindowState(win: BrowserWindow, file: string): void {
  let timer: NodeJS.Timeout | null = null;
  const snapshot = (): WindowState => {
    const b = win.getNormalBounds();
    return { bounds: { x: b.x, y: b.y, width: b.width, height: b.height }, maximized: win.isMaximized() };
  };
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (!win.isDestroyed()) writeWindowState(file, snapshot());
    }, 500);
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    writeWindowState(file, snapshot());
  });
}

/** Load the app into a window made by createSecureWindow. */
export function loadApp(win: BrowserWindow, origin: AppOrigin): Promise<void> {
  return win.loadURL(origin.startUrl);
}
