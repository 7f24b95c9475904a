// A recording stand-in for the 'electron' module (no Electron binary exists on our machines).
// Test files use it with:
//   vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());
// and read what the shell did through `fake`.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { AppOrigin } from '../../../main/app/origin';

let nextFrame = 1;

export class FakeFrame {
  parent: FakeFrame | null;
  url: string;
  processId = 4;
  frameToken = `frame-${nextFrame++}`;
  detached = false;
  constructor(url: string, parent: FakeFrame | null = null) {
    this.url = url;
    this.parent = parent;
  }
}

let nextId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  mainFrame: FakeFrame;
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  sent: Array<{ channel: string; args: unknown[] }> = [];
  constructor(url = 'app://command-post/index.html') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  getURL() {
    return this.mainFrame.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static get created(): FakeBrowserWindow[] {
    return fake.windows;
  }
  readonly options: Record<string, any>;
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(options: Record<string, any>) {
    super();
    this.options = options;
    fake.windows.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  maximize() {}
  show() {}
  isDestroyed() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  getNormalBounds() {
    return { x: 10, y: 10, width: 1200, height: 800 };
  }
  static getFocusedWindow() {
    return null;
  }
  static getAllWindows() {
    return FakeBrowserWindow.created;
  }
}

export interface FakeSession {
  onHeadersReceived: ((details: any, cb: (r: any) => void) => void) | null;
  onBeforeRequest: ((details: any, cb: (r: any) => void) => void) | null;
  permissionRequest: ((wc: any, permission: string, cb: (ok: boolean) => void, details: any) => void) | null;
  permissionCheck: ((wc: any, permission: string, origin: string, details: any) => boolean) | null;
  devicePermission: (() => boolean) | null;
  spellChecker: boolean | null;
  events: EventEmitter;
}

function makeSession() {
  const state: FakeSession = {
    onHeadersReceived: null,
    onBeforeRequest: null,
    permissionRequest: null,
    permissionCheck: null,
    devicePermission: null,
    spellChecker: null,
    events: new EventEmitter(),
  };
  const session = {
    webRequest: {
      onHeadersReceived: (l: FakeSession['onHeadersReceived']) => (state.onHeadersReceived = l),
      onBeforeRequest: (l: FakeSession['onBeforeRequest']) => (state.onBeforeRequest = l),
    },
    setPermissionRequestHandler: (h: FakeSession['permissionRequest']) => (state.permissionRequest = h),
    setPermissionCheckHandler: (h: FakeSession['permissionCheck']) => (state.permissionCheck = h),
    setDevicePermissionHandler: (h: FakeSession['devicePermission']) => (state.devicePermission = h),
    setSpellCheckerEnabled: (on: boolean) => (state.spellChecker = on),
    on: (event: string, l: (...a: any[]) => void) => state.events.on(event, l),
    protocol: { handle: vi.fn() },
  };
  return { state, session };
}

function makeApp() {
  return Object.assign(new EventEmitter(), {
    isPackaged: false,
    name: 'Command Post',
    lock: true,
    ready: false,
    requestSingleInstanceLock: vi.fn(function (this: { lock: boolean }) {
      return this.lock;
    }),
    quit: vi.fn(),
    exit: vi.fn(),
    setAppUserModelId: vi.fn(),
    enableSandbox: vi.fn(),
    isReady: () => true,
    whenReady: () => Promise.resolve(),
    getPath: vi.fn((_name: string) => '/nonexistent/command-post-test-userdata'),
  });
}

function createFake() {
  return {
    session: makeSession(),
    app: makeApp(),
    windows: [] as FakeBrowserWindow[],
    menu: vi.fn(),
    errorBox: vi.fn(),
    registerSchemes: vi.fn(),
    exposed: new Map<string, unknown>(),
    ipcMainHandlers: new Map<string, (...args: any[]) => unknown>(),
    ipcRendererListeners: new Map<string, Array<(...args: any[]) => void>>(),
    ipcRendererInvoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, data: null })),
    openExternal: vi.fn(async (_url: string, _opts?: unknown) => undefined),
    webContentsById: new Map<number, FakeWebContents>(),
    reset() {
      this.session = makeSession();
      this.app = makeApp();
      this.windows = [];
      this.menu.mockReset();
      this.errorBox.mockReset();
      this.registerSchemes.mockReset();
      this.exposed.clear();
      this.ipcMainHandlers.clear();
      this.ipcRendererListeners.clear();
      this.ipcRendererInvoke.mockReset();
      this.ipcRendererInvoke.mockImplementation(async () => ({ ok: true, data: null }));
      this.openExternal.mockReset();
      this.openExternal.mockImplementation(async () => undefined);
      this.webContentsById.clear();
    },
  };
}

// One instance per worker, even when a test re-imports modules (vi.resetModules).
const holder = globalThis as { __cpFakeElectron?: ReturnType<typeof createFake> };
export const fake = (holder.__cpFakeElectron ??= createFake());

export function electronModule() {
  return {
    get app() {
      return fake.app;
    },
    Menu: { buildFromTemplate: (t: unknown) => ({ template: t }), setApplicationMenu: (m: unknown) => fake.menu(m) },
    dialog: { showErrorBox: (title: string, body: string) => fake.errorBox(title, body) },
    BrowserWindow: FakeBrowserWindow,
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: { openExternal: (url: string, opts?: unknown) => fake.openExternal(url, opts) },
    get session() {
      return { defaultSession: fake.session.session };
    },
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api),
    },
    ipcRenderer: {
      invoke: (...args: unknown[]) => fake.ipcRendererInvoke(...args),
      on: (channel: string, l: (...args: any[]) => void) => {
        const list = fake.ipcRendererListeners.get(channel) ?? [];
        list.push(l);
        fake.ipcRendererListeners.set(channel, list);
      },
    },
    ipcMain: {
      handle: (channel: string, h: (...args: any[]) => unknown) => {
        if (fake.ipcMainHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        fake.ipcMainHandlers.set(channel, h);
      },
      removeHandler: (channel: string) => fake.ipcMainHandlers.delete(channel),
    },
    webContents: { fromId: (id: number) => fake.webContentsById.get(id) },
    protocol: { registerSchemesAsPrivileged: (s: unknown) => fake.registerSchemes(s), handle: vi.fn() },
    Notification: Object.assign(
      class {
        static shown: unknown[] = [];
        constructor(readonly opts: unknown) {}
        on() {}
        show() {
          (this.constructor as unknown as { shown: unknown[] }).shown.push(this.opts);
        }
      },
      { isSupported: () => true },
    ),
    safeStorage: {
      isAsyncEncryptionAvailable: async () => false,
      encryptStringAsync: async () => Buffer.alloc(0),
      decryptStringAsync: async () => ({ result: '', shouldReEncrypt: false }),
      getSelectedStorageBackend: () => 'unknown',
    },
  };
}

/** The packaged app's page, as our windows load it. */
export const APP_PAGE = 'app://command-post/index.html';

/**
 * The sender check's view of which web contents are ours: windows made with `ourWindow` pass it,
 * any other FakeWebContents is a stranger.
 */
export function ourWindows(origin: AppOrigin) {
  const ours = new Set<FakeWebContents>();
  return {
    deps: { origin, isOurWebContents: (wc: unknown) => ours.has(wc as FakeWebContents) },
    ourWindow(url = APP_PAGE): FakeWebContents {
      const wc = new FakeWebContents(url);
      ours.add(wc);
      return wc;
    },
  };
}
