// main/app/index.ts end to end against the recording 'electron' fake and the REAL core on a temp
// data directory: start-up order, single-instance lock, window, IPC, menu, and a quit that closes
// the database first. createCore is the real one, wrapped only to see what the shell passed to it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_IMPORT_FILES_CHANNEL, IPC_INVOKE_CHANNEL, IPC_OPEN_PANE_WINDOW_CHANNEL, IPC_SAVE_EXPORT_CHANNEL } from '../../../shared/desktop';
import type { Result } from '../../../shared/errors';
import type * as CoreModule from '../../../main/core/createCore';
import type { Core } from '../../../main/core/createCore';
import { DB_FILE_NAME, openDatabase } from '../../../main/core/db/database';
import { SCHEMA_VERSION } from '../../../main/core/db/migrations';
import { fake } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

// Every core the shell opened, with its close() watched (it still closes for real) and the commands
// the shell dispatches counted until answered.
const opened = vi.hoisted(() => ({ createCore: null as unknown as ReturnType<typeof vi.fn>, cores: [] as Core[], inFlight: new Set<Promise<unknown>>() }));
vi.mock('../../../main/core/createCore', async (importOriginal) => {
  const real = await importOriginal<typeof CoreModule>();
  opened.createCore = vi.fn(async (opts: Parameters<typeof real.createCore>[0]) => {
    const c = await real.createCore(opts);
    vi.spyOn(c, 'close');
    const dispatch = c.dispatch;
    c.dispatch = (...args) => {
      const p = dispatch(...args);
      opened.inFlight.add(p);
      const forget = () => opened.inFlight.delete(p);
      p.then(forget, forget);
      return p;
    };
    opened.cores.push(c);
    return c;
  });
  return { ...real, createCore: opened.createCore };
});

/**
 * Wait until every command the shell sent has been answered (start-up fires catalog:graph for the
 * runbook allow-list without waiting). The core's close() does not wait for a read still in flight:
 * that read then fails with an uncaught SQLITE_MISUSE and close() never settles.
 */
async function shellIdle(): Promise<void> {
  while (opened.inFlight.size > 0) await Promise.allSettled([...opened.inFlight]);
}

const flush = () => new Promise((r) => setTimeout(r, 0));
/** start() has run to its end: a window is open, or start-up failed and the app exits. */
const started = () => vi.waitFor(() => expect(fake.windows.length + fake.app.exit.mock.calls.length).toBeGreaterThan(0), { timeout: 20_000 });
let userData: string;
let dataDir: string;
let signalListeners: Record<string, number>;

beforeEach(() => {
  fake.reset();
  vi.resetModules();
  opened.cores.length = 0;
  opened.createCore?.mockClear(); // the mocked module (and its spy) outlives vi.resetModules
  userData = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-userdata-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-data-'));
  vi.stubEnv('COMMAND_POST_DATA_DIR', dataDir);
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  fake.app.getPath.mockImplementation(() => userData);
  signalListeners = { SIGTERM: process.listenerCount('SIGTERM'), SIGINT: process.listenerCount('SIGINT') };
});

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    const extra = process.listeners(sig).slice(signalListeners[sig]);
    for (const l of extra) process.off(sig, l);
  }
  // A core the test did not quit is closed here (one the shell closed is awaited), before its files go.
  await shellIdle();
  for (const c of opened.cores.splice(0)) {
    const close = vi.mocked(c.close);
    await (close.mock.results[0]?.value ?? c.close());
  }
  fs.rmSync(userData, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Raw SQL on a closed database file, as another (newer) build of the app would have left it. */
function rawExec(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.exec(sql, (e) => db.close(() => (e ? reject(e) : resolve())));
    });
  });
}

// Each case re-imports the main process from scratch (vi.resetModules), which is slow on a busy machine.
describe('main process lifecycle', { timeout: 30_000 }, () => {
  it('starts: scheme, sandbox, core on the shared data dir, IPC, menu, one secure window', async () => {
    await import('../../../main/app/index');
    await started();

    expect(fake.registerSchemes).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.app.setAppUserModelId).toHaveBeenCalledWith('io.commandpost.app');
    expect(opened.createCore).toHaveBeenCalledTimes(1);
    const opts = opened.createCore.mock.calls[0]![0] as { dataDir: string; resourcesDir: string; keyStore: unknown };
    expect(opts.dataDir).toBe(dataDir); // defaultDataDir(): the same directory the browser host uses
    // (a re-imported class, hence no instanceof)
    expect((opts.keyStore as { backend: string }).backend).toBe('safeStorage');
    expect((opts.keyStore as object).constructor.name).toBe('SafeStorageKeyStore');
    expect((opts.keyStore as { file: string }).file.startsWith(dataDir)).toBe(true);
    expect(fs.existsSync(path.join(opts.resourcesDir, 'demo'))).toBe(true);
    expect(opts).not.toHaveProperty('actorOverride');
    // The database really is in that directory, and the IPC channel answers from it.
    expect(fs.existsSync(path.join(dataDir, DB_FILE_NAME))).toBe(true);
    const win0 = fake.windows[0]!;
    const info = (await fake.ipcMainHandlers.get(IPC_INVOKE_CHANNEL)!({ sender: win0.webContents, senderFrame: win0.webContents.mainFrame }, 'app:info', {})) as Result<{ dataDir: string }>;
    expect(info).toMatchObject({ ok: true, data: { dataDir } });

    expect([...fake.ipcMainHandlers.keys()]).toEqual([IPC_INVOKE_CHANNEL, IPC_IMPORT_FILES_CHANNEL, IPC_SAVE_EXPORT_CHANNEL, IPC_OPEN_PANE_WINDOW_CHANNEL]);
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
    await started();
    await shellIdle();
    const core = opened.cores[0]!;
    const first = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    const again = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', again); // a second Cmd+Q while closing
    // The quit goes on only once the database has closed.
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalledTimes(1));
    expect(core.close).toHaveBeenCalledTimes(1);
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    await expect(vi.mocked(core.close).mock.results[0]!.value).resolves.toBeUndefined();
    expect((await core.dispatch('app:info', {})).ok).toBe(false);
    expect(fake.ipcMainHandlers.size).toBe(0);
    const last = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('quits when the last window closes (except on macOS)', async () => {
    await import('../../../main/app/index');
    await started();
    fake.app.emit('window-all-closed');
    expect(fake.app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1);
  });

  it('a second instance quits at once and focuses the first', async () => {
    fake.app.lock = false;
    await import('../../../main/app/index');
    await flush();
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    expect(opened.createCore).not.toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
    expect(fs.existsSync(path.join(dataDir, DB_FILE_NAME))).toBe(false);
  });

  it('reports a database that cannot be opened in a dialog, without a stack trace', async () => {
    // A database left by a newer build of the app.
    const db = await openDatabase(dataDir);
    await db.close();
    const file = path.join(dataDir, DB_FILE_NAME);
    await rawExec(file, `PRAGMA user_version = ${SCHEMA_VERSION + 5}`);
    const before = fs.readFileSync(file);
    await import('../../../main/app/index');
    await started();
    expect(fake.errorBox).toHaveBeenCalledWith('Command Post cannot start', expect.stringContaining('newer version'));
    expect(fake.errorBox.mock.calls[0]![1]).toContain(`schema ${SCHEMA_VERSION + 5}`);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fake.errorBox.mock.calls[0]![1]).not.toMatch(/\n\s+at /);
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(fake.windows).toHaveLength(0);
  });

  it('ignores ELECTRON_RENDERER_URL pointing off the machine', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'https://evil.example/');
    await import('../../../main/app/index');
    await started();
    expect(fake.windows[0]!.loadedUrl).toBe('app://command-post/index.html');
    expect(fake.windows[0]!.options.webPreferences.devTools).toBe(false);
  });

  it('uses the loopback dev server with DevTools in an unpackaged development run', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    await import('../../../main/app/index');
    await started();
    expect(fake.windows[0]!.loadedUrl).toBe('http://localhost:5173/');
    expect(fake.windows[0]!.options.webPreferences.devTools).toBe(true);
    expect(fake.session.session.protocol.handle).not.toHaveBeenCalled();
  });
});
