// main/app/fileDialogs.ts against a REAL core on a temp dir, with Electron's dialog, ipcMain and
// BrowserWindow.fromWebContents faked: native import of files by path and export to a chosen path,
// the same sender check as the invoke channel, zod-parsed input, and the vault still refusing path
// exports asked for by a page (transport 'ipc' or 'http').
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_IMPORT_FILES_CHANNEL, IPC_INVOKE_CHANNEL, IPC_SAVE_EXPORT_CHANNEL, type VaultImportFilesResult, type VaultSaveExportResult } from '../../../shared/desktop';
import type { Result } from '../../../shared/errors';
import type { Transport } from '../../../main/core';
import { bindFileDialogs, DIALOG_TRANSPORT, type FileDialogBinding } from '../../../main/app/fileDialogs';
import { bindIpc } from '../../../main/app/ipc';
import { PRODUCTION_ORIGIN } from '../../../main/app/origin';
import { createSecureWindow } from '../../../main/app/window';
import { tempCore, tempDir } from '../../helpers/tempCore';
import { fake, FakeFrame, FakeWebContents, type FakeBrowserWindow } from './fakeElectron';

const electronFakes = vi.hoisted(() => ({
  showOpenDialog: vi.fn(),
  showSaveDialog: vi.fn(),
  fromWebContents: vi.fn(),
}));

vi.mock('electron', async () => {
  const m = (await import('./fakeElectron')).electronModule() as Record<string, unknown>;
  const Base = m.BrowserWindow as typeof FakeBrowserWindow;
  m.dialog = {
    ...(m.dialog as object),
    showOpenDialog: (...args: unknown[]) => electronFakes.showOpenDialog(...args),
    showSaveDialog: (...args: unknown[]) => electronFakes.showSaveDialog(...args),
  };
  m.BrowserWindow = class extends Base {
    static fromWebContents(wc: unknown) {
      return electronFakes.fromWebContents(wc);
    }
  };
  return m;
});

const PASSPHRASE = 'correct horse battery staple';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

type Handler = (event: unknown, input: unknown) => Promise<Result<unknown>>;
type Core = Awaited<ReturnType<typeof tempCore>>;

let core: Core;
let incidentId: string;
let binding: FileDialogBinding;
let win: FakeBrowserWindow;
let work: string;
const rejected: string[] = [];

const handler = (channel: string) => fake.ipcMainHandlers.get(channel) as Handler;
const fromWindow = (w: FakeBrowserWindow = win) => ({ sender: w.webContents, senderFrame: w.webContents.mainFrame });
const importFiles = (input: unknown, event: unknown = fromWindow()) => handler(IPC_IMPORT_FILES_CHANNEL)(event, input) as Promise<Result<VaultImportFilesResult>>;
const saveExport = (input: unknown, event: unknown = fromWindow()) => handler(IPC_SAVE_EXPORT_CHANNEL)(event, input) as Promise<Result<VaultSaveExportResult>>;
const data = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.data;
};

function file(name: string, bytes: Buffer): string {
  const p = path.join(work, name);
  fs.writeFileSync(p, bytes);
  return p;
}

beforeEach(async () => {
  fake.reset();
  rejected.length = 0;
  electronFakes.showOpenDialog.mockReset();
  electronFakes.showSaveDialog.mockReset();
  electronFakes.fromWebContents.mockReset();
  work = tempDir('cp-dialogs-');
  core = await tempCore({ keyStore: null });
  await core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
  incidentId = (await core.invoke('incidents:declare', { title: 'Evidence drill', severity: 'SEV-2' })).id;
  binding = bindFileDialogs({ core, origin: PRODUCTION_ORIGIN, onRejected: (r) => rejected.push(r) });
  win = createSecureWindow({ origin: PRODUCTION_ORIGIN, preloadPath: '/p.cjs', devTools: false }) as unknown as FakeBrowserWindow;
  electronFakes.fromWebContents.mockImplementation((wc: unknown) => fake.windows.find((w) => w.webContents === wc) ?? null);
}, 30_000);

afterEach(async () => {
  binding.dispose();
  await core.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('vault file dialogs (Electron main)', { timeout: 30_000 }, () => {
  it('registers its two channels next to the invoke channel and removes them on dispose', () => {
    const ipc = bindIpc({ core, origin: PRODUCTION_ORIGIN });
    expect([...fake.ipcMainHandlers.keys()].sort()).toEqual([IPC_IMPORT_FILES_CHANNEL, IPC_INVOKE_CHANNEL, IPC_SAVE_EXPORT_CHANNEL].sort());
    binding.dispose();
    ipc.dispose();
    expect(fake.ipcMainHandlers.size).toBe(0);
  });

  it('imports every file chosen in the open dialog, by the path the dialog returned', async () => {
    const log = Buffer.concat([Buffer.from('CANARY-dialog '), Buffer.alloc(200_000, 0x61)]);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
    const paths = [file('checkout.log', log), file('shot.png', png)];
    electronFakes.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: paths });

    const r = data(await importFiles({ incidentId }));

    expect(r.canceled).toBe(false);
    expect(r.errors).toEqual([]);
    expect(r.imported.map((a) => [a.name, a.size, a.plaintextSha256, a.source])).toEqual([
      ['checkout.log', log.length, sha256(log), 'file'],
      ['shot.png', png.length, sha256(png), 'file'],
    ]);
    // Modal to the sender's own window, several files, files only.
    expect(electronFakes.fromWebContents).toHaveBeenCalledWith(win.webContents);
    const [parent, options] = electronFakes.showOpenDialog.mock.calls[0]!;
    expect(parent).toBe(win);
    expect(options.properties).toEqual(['openFile', 'multiSelections']);
    const listed = await core.invoke('artifacts:list', { incidentId });
    expect(listed.map((a) => a.name).sort()).toEqual(['checkout.log', 'shot.png']);
    const back = await core.invoke('artifacts:export', { id: r.imported[0]!.id, destination: 'inline', format: 'plain' });
    expect(Buffer.from(back.dataBase64!, 'base64').equals(log)).toBe(true);
    // Audited under the dialog's own transport, not 'ipc'.
    const audit = await core.db.reader.all<{ command: string; transport: string }>("SELECT command, transport FROM audit_log WHERE command = 'artifacts:import'");
    expect(audit.map((a) => a.transport)).toEqual([DIALOG_TRANSPORT, DIALOG_TRANSPORT]);
  });

  it('reports the files it could not import and imports the rest', async () => {
    const good = file('good.txt', Buffer.from('fine'));
    const bundle = file('evidence.cpbundle', Buffer.from('not really a bundle'));
    fs.mkdirSync(path.join(work, 'folder'));
    electronFakes.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [path.join(work, 'gone.txt'), bundle, path.join(work, 'folder'), good] });
    const r = data(await importFiles({ incidentId }));
    expect(r.imported.map((a) => a.name)).toEqual(['good.txt']);
    expect(r.errors.map((e) => e.name)).toEqual(['gone.txt', 'evidence.cpbundle', 'folder']);
    expect(r.errors[1]!.message).toMatch(/evidence bundle.*passphrase/);
  });

  it('exports plain and bundle to the path chosen in the save dialog, byte for byte', async () => {
    const content = Buffer.concat([Buffer.from('CANARY-7f3a '), Buffer.alloc(300_000, 0x41)]);
    electronFakes.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [file('capture.log', content)] });
    const art = data(await importFiles({ incidentId })).imported[0]!;
    const out = tempDir('cp-dialogs-out-');
    try {
      const plainPath = path.join(out, 'capture.log');
      electronFakes.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: plainPath });
      expect(data(await saveExport({ id: art.id, format: 'plain' }))).toEqual({ saved: true, path: plainPath });
      const [parent, plainOptions] = electronFakes.showSaveDialog.mock.calls[0]!;
      expect(parent).toBe(win);
      expect(plainOptions.defaultPath).toBe('capture.log');
      const written = fs.readFileSync(plainPath);
      expect(written.equals(content)).toBe(true);
      expect(sha256(written)).toBe(art.plaintextSha256);

      const bundlePath = path.join(out, 'capture.log.cpbundle');
      electronFakes.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: bundlePath });
      expect(data(await saveExport({ id: art.id, format: 'bundle', passphrase: 'bundle passphrase 1' }))).toEqual({ saved: true, path: bundlePath });
      expect(electronFakes.showSaveDialog.mock.calls[1]![1]).toMatchObject({ defaultPath: 'capture.log.cpbundle', filters: [{ extensions: ['cpbundle'] }] });
      const bundleBytes = fs.readFileSync(bundlePath);
      expect(bundleBytes.includes(Buffer.from('CANARY-7f3a'))).toBe(false);
      const reimported = await core.invoke('artifacts:import', { incidentId, name: 'x', path: bundlePath, bundlePassphrase: 'bundle passphrase 1' });
      expect(reimported).toMatchObject({ name: 'capture.log', source: 'bundle', plaintextSha256: art.plaintextSha256 });

      const chain = await core.invoke('artifacts:custody', { id: art.id });
      expect(chain.filter((c) => c.action === 'export').map((c) => c.detail)).toEqual([
        { format: 'plain', destination: 'path', path: plainPath },
        { format: 'bundle', destination: 'path', path: bundlePath },
      ]);

      // The vault never replaces a file: choosing an existing one is a typed conflict.
      electronFakes.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: plainPath });
      const again = await saveExport({ id: art.id, format: 'plain' });
      expect(again.ok ? null : again.error.code).toBe('conflict');
      expect(fs.readFileSync(plainPath).equals(content)).toBe(true);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('a cancelled dialog imports nothing, writes nothing and records nothing', async () => {
    electronFakes.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    expect(data(await importFiles({ incidentId }))).toEqual({ canceled: true, imported: [], errors: [] });
    expect(await core.invoke('artifacts:list', { incidentId })).toEqual([]);

    const art = await core.invoke('artifacts:import', { incidentId, name: 'note.txt', dataBase64: Buffer.from('hello').toString('base64') });
    electronFakes.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    expect(data(await saveExport({ id: art.id, format: 'plain' }))).toEqual({ saved: false });
    expect(data(await saveExport({ id: art.id, format: 'bundle', passphrase: 'bundle passphrase 1' }))).toEqual({ saved: false });
    expect((await core.invoke('artifacts:custody', { id: art.id })).map((c) => c.action)).toEqual(['import']);
    expect(fs.readdirSync(work)).toEqual([]);
  });

  it('refuses foreign senders and sub-frames with the invoke channel’s check, before any dialog', async () => {
    const stranger = new FakeWebContents('app://command-post/index.html');
    const child = new FakeFrame('app://command-post/index.html', win.webContents.mainFrame);
    const navigated = createSecureWindow({ origin: PRODUCTION_ORIGIN, preloadPath: '/p.cjs', devTools: false }) as unknown as FakeBrowserWindow;
    navigated.webContents.mainFrame.url = 'https://evil.example/';
    const events = [
      { sender: stranger, senderFrame: stranger.mainFrame },
      { sender: win.webContents, senderFrame: child },
      fromWindow(navigated),
    ];
    for (const event of events) {
      expect(await importFiles({ incidentId }, event)).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
      expect(await saveExport({ id: incidentId, format: 'plain' }, event)).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    }
    expect(rejected).toEqual(['not one of our windows', 'not one of our windows', 'not the main frame', 'not the main frame', 'not our origin', 'not our origin']);
    expect(electronFakes.showOpenDialog).not.toHaveBeenCalled();
    expect(electronFakes.showSaveDialog).not.toHaveBeenCalled();
  });

  it.each([
    ['import', { incidentId: 42 }, 'incidentId'],
    ['import', {}, 'incidentId'],
    ['import', { incidentId: 'x', path: '/etc/passwd' }, '(input)'],
    ['export', { id: 'x', format: 'zip' }, 'format'],
    ['export', { id: 'x', format: 'plain', destination: '/tmp/x' }, '(input)'],
    ['export', { id: 'x', format: 'bundle' }, 'passphrase'],
    ['export', { id: 'x', format: 'bundle', passphrase: 'short' }, 'passphrase'],
    ['export', { id: 'x', format: 'plain', passphrase: 'long enough passphrase' }, 'passphrase'],
    ['export', 'not an object', '(input)'],
  ])('refuses bad %s input %j with a typed error naming %s, before any dialog', async (which, input, field) => {
    const r = which === 'import' ? await importFiles(input) : await saveExport(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.issues?.map((i) => i.path)).toContain(field);
    expect(electronFakes.showOpenDialog).not.toHaveBeenCalled();
    expect(electronFakes.showSaveDialog).not.toHaveBeenCalled();
  });

  it('answers typed errors for a locked vault, an unknown incident or artifact, before any dialog', async () => {
    const missing = await saveExport({ id: '01JNOSUCHARTIFACT000000000', format: 'plain' });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
    const noIncident = await importFiles({ incidentId: '01JNOSUCHINCIDENT000000000' });
    expect(noIncident.ok ? null : noIncident.error.code).toBe('not_found');
    await core.invoke('vault:lock', {});
    const locked = await importFiles({ incidentId });
    expect(locked.ok ? null : locked.error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('locked') });
    expect(electronFakes.showOpenDialog).not.toHaveBeenCalled();
    expect(electronFakes.showSaveDialog).not.toHaveBeenCalled();
  });

  it('the vault still refuses a path export asked for by a page (ipc, http) and accepts it from the dialog transport', async () => {
    const art = await core.invoke('artifacts:import', { incidentId, name: 'note.txt', dataBase64: Buffer.from('hello').toString('base64') });
    for (const transport of ['ipc', 'http'] as const) {
      const dest = path.join(work, `page-${transport}.txt`);
      const r = await core.dispatch('artifacts:export', { id: art.id, destination: dest, format: 'plain' }, { transport });
      expect(r.ok ? null : r.error).toMatchObject({ code: 'forbidden', issues: [{ path: 'destination' }] });
      expect(fs.existsSync(dest)).toBe(false);
    }
    const ok = await core.dispatch('artifacts:export', { id: art.id, destination: path.join(work, 'shell.txt'), format: 'plain' }, { transport: DIALOG_TRANSPORT });
    expect(ok.ok).toBe(true);
  });

  it('refuses a path import asked for by any page transport (a page must not read ~/.ssh/id_rsa), accepts it from the dialog', async () => {
    const secret = path.join(work, 'id_rsa');
    fs.writeFileSync(secret, 'PRIVATE KEY canary');
    const before = (await core.invoke('artifacts:list', { incidentId })).length;
    // An unknown name reaches the core only from a caller outside the type system; it must be refused too.
    for (const transport of ['ipc', 'http', 'some-future-transport'] as Transport[]) {
      const r = await core.dispatch('artifacts:import', { incidentId, name: 'id_rsa', path: secret }, { transport });
      expect(r.ok ? null : r.error, transport).toMatchObject({ code: 'forbidden', issues: [{ path: 'path' }] });
    }
    expect((await core.invoke('artifacts:list', { incidentId })).length).toBe(before);
    const ok = await core.dispatch('artifacts:import', { incidentId, name: 'id_rsa', path: secret }, { transport: DIALOG_TRANSPORT });
    expect(ok.ok).toBe(true);
  });
});
