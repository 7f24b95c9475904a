// main/app/index.ts end to end against the recording 'electron' fake and a fake core: start-up
// order, single-instance lock, window, IPC, menu, and a quit that closes the database first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_IMPORT_FILES_CHANNEL, IPC_INVOKE_CHANNEL, IPC_SAVE_EXPORT_CHANNEL } from '../../../shared/contract';
import { fake } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

const core = vi.hoisted(() => ({
  createCore: vi.fn(),
  close: vi.fn(async () => undefined),
  dispatch: vi.fn(async () => ({ ok: true, data: null })),
}));
vi.mock('../../../main/core/core', () => ({ createCore: core.createCore }));
vi.mock('../../../main/core/logger', () => ({ consoleLogger: () => ({ info() {}, warn() {}, error() {} }) }));

const flush = () => new Promise((r) => setTimeout(r, 0));
let userData: string;
let dataDir: string;
let signalListeners: Record<string, number>;

beforeEach(() => {
  fake.reset();
  vi.resetModules();
  userData = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-userdata-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-data-'));
  vi.stubEnv('COMMAND_POST_DATA_DIR', dataDir);
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  fake.app.getPath.mockImplementation(() => userData);
  core.close.mockClear();
  core.createCore.mockReset();
  core.createCore.mockImplementation(async (opts: { dataDir: string }) => ({
    dataDir: opts.dataDir,
    dispatch: core.dispatch,
    subscribe: () => () => undefined,
    close: core.close,
  }));
  signalListeners = { SIGTERM: process.listenerCount('SIGTERM'), SIGINT: process.listenerCount('SIGINT') };
});

afterEach(() => {
  vi.unstubAllEnvs();
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    const extra = process.listeners(sig).slice(signalListeners[sig]);
    for (const l of extra) process.off(sig, l);
  }
  fs.rmSync(userData, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Each case re-imports the main process from scratch (vi.resetModules), which is slow on a busy machine.
describe('main process lifecycle', { timeout: 30_000 }, () => {
  it('starts: scheme, sandbox, core on the shared data dir, IPC, menu, one secure window', async () => {
    await import('../../../main/app/index');
    await flush();

    expect(fake.registerSchemes).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.app.setAppUserModelId).toHaveBeenCalledWith('io.commandpost.app');
    expect(core.createCore).toHaveBeenCalledTimes(1);
    const opts = core.createCore.mock.calls[0]![0] as { dataDir: string; resourcesDir: string; keyStore: unknown };
    expect(opts.dataDir).toBe(dataDir); // defaultDataDir(): the same directory the browser host uses
    // (a re-imported class, hence no instanceof)
    expect((opts.keyStore as { backend: string }).backend).toBe('safeStorage');
    expect((opts.keyStore as object).constructor.name).toBe('SafeStorageKeyStore');
    expect((opts.keyStore as { file: string }).file.startsWith(dataDir)).toBe(true);
    expect(fs.existsSync(path.join(opts.resourcesDir, 'demo'))).toBe(true);
    expect(opts).not.toHaveProperty('actorOverride');

    expect([...fake.ipcMainHandlers.keys()]).toEqual([IPC_INVOKE_CHANNEL, IPC_IMPORT_FILES_CHANNEL, IPC_SAVE_EXPORT_CHANNEL]);
    expect(fake.session.session.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(fake.session.state.permissionRequest).toBeTypeOf('function');
    expect(fake.menu).toHaveBeenCalledTimes(1);

    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0]!;
    expect(win.loadedUrl).toBe('app://command-post/index.html');
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
    // From source the bundle layout differs; shellPaths is checked for out/ in protocol.test.ts.
    expect(win.options.webPreferences.preload).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('closes the core before quitting, once', async () => {
    await import('../../../main/app/index');
    await flush();
    const first = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    const again = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', again); // a second Cmd+Q while closing
    await flush();
    expect(core.close).toHaveBeenCalledTimes(1);
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    expect(fake.ipcMainHandlers.size).toBe(0);
    const last = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('quits when the last window closes (except on macOS)', async () => {
    await import('../../../main/app/index');
    await flush();
    fake.app.emit('window-all-closed');
    expect(fake.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1);
  });

  it('a second instance quits at once and focuses the first', async () => {
    fake.app.lock = false;
    await import('../../../main/app/index');
    await flush();
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    expect(core.createCore).not.toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
  });

  it('reports a database that cannot be opened in a dialog, without a stack trace', async () => {
    core.createCore.mockRejectedValueOnce(new Error('database written by a newer version (schema 9)'));
    await import('../../../main/app/index');
    await flush();
    expect(fake.errorBox).toHaveBeenCalledWith('Command Post cannot start', expect.stringContaining('newer version'));
    expect(fake.errorBox.mock.calls[0]![1]).not.toMatch(/\n\s+at /);
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(fake.windows).toHaveLength(0);
  });

  it('ignores ELECTRON_RENDERER_URL pointing off the machine', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'https://evil.example/');
    await import('../../../main/app/index');
    await flush();
    expect(fake.windows[0]!.loadedUrl).toBe('app://command-post/index.html');
    expect(fake.windows[0]!.options.webPreferences.devTools).toBe(false);
  });

  it('uses the loopback dev server with DevTools in an unpackaged development run', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    await import('../../../main/app/index');
    await flush();
    expect(fake.windows[0]!.loadedUrl).toBe('http://localhost:5173/');
    expect(fake.windows[0]!.options.webPreferences.devTools).toBe(true);
    expect(fake.session.session.protocol.handle).not.toHaveBeenCalled();
  });
});
