import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_IMPORT_FILES_CHANNEL, IPC_INVOKE_CHANNEL, IPC_OPEN_PANE_WINDOW_CHANNEL, IPC_SAVE_EXPORT_CHANNEL } from '../../../shared/desktop';
import { AppError } from '../../../shared/errors';
import { ipcErrorToAppError } from '../../../shared/ipcErrors';
import { fake } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

type Bridge = {
  invoke(name: unknown, input?: unknown): Promise<unknown>;
  subscribe(event: unknown, listener: unknown): () => void;
  vaultFiles: { importFiles(incidentId: unknown): Promise<unknown>; saveExport(id: unknown, format: unknown, passphrase?: unknown): Promise<unknown> };
  windows: { openPane(paneId: unknown, incidentId: unknown): Promise<unknown> };
};

let bridge: Bridge;

beforeAll(async () => {
  fake.reset();
  await import('../../../preload/index');
  bridge = fake.exposed.get('commandPost') as Bridge;
});

const pushEvent = (envelope: unknown) => {
  for (const l of fake.ipcRendererListeners.get(IPC_EVENT_CHANNEL) ?? []) l({ sender: 'SECRET-IPC-EVENT' }, envelope);
};

describe('preload bridge', () => {
  it('exposes exactly window.commandPost = { invoke, subscribe, vaultFiles, windows }', () => {
    expect([...fake.exposed.keys()]).toEqual(['commandPost']);
    // `windows` (a pane in its own window) joined the bridge; nothing else did.
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe', 'vaultFiles', 'windows']);
    expect(Object.keys(bridge.windows)).toEqual(['openPane']);
    expect(Object.isFrozen(bridge.windows)).toBe(true);
    expect(typeof bridge.invoke).toBe('function');
    expect(typeof bridge.subscribe).toBe('function');
    expect(Object.keys(bridge.vaultFiles).sort()).toEqual(['importFiles', 'saveExport']);
    expect(Object.isFrozen(bridge.vaultFiles)).toBe(true);
  });

  it('vaultFiles only invokes its channels: the page sends no path, the main process picks it', async () => {
    const imported = { canceled: false, imported: [], errors: [] };
    fake.ipcRendererInvoke.mockResolvedValueOnce({ ok: true, data: imported });
    await expect(bridge.vaultFiles.importFiles('INC-2026-0001')).resolves.toEqual(imported);
    expect(fake.ipcRendererInvoke).toHaveBeenLastCalledWith(IPC_IMPORT_FILES_CHANNEL, { incidentId: 'INC-2026-0001' });

    fake.ipcRendererInvoke.mockResolvedValueOnce({ ok: true, data: { saved: false } });
    await expect(bridge.vaultFiles.saveExport('A1', 'plain')).resolves.toEqual({ saved: false });
    expect(fake.ipcRendererInvoke).toHaveBeenLastCalledWith(IPC_SAVE_EXPORT_CHANNEL, { id: 'A1', format: 'plain' });
    fake.ipcRendererInvoke.mockResolvedValueOnce({ ok: true, data: { saved: true, path: '/home/u/a.cpbundle' } });
    await expect(bridge.vaultFiles.saveExport('A1', 'bundle', 'bundle passphrase')).resolves.toEqual({ saved: true, path: '/home/u/a.cpbundle' });
    expect(fake.ipcRendererInvoke).toHaveBeenLastCalledWith(IPC_SAVE_EXPORT_CHANNEL, { id: 'A1', format: 'bundle', passphrase: 'bundle passphrase' });
  });

  it('windows.openPane only invokes its channel with the pane and incident ids (no address)', async () => {
    fake.ipcRendererInvoke.mockResolvedValueOnce({ ok: true, data: { created: true } });
    await expect(bridge.windows.openPane('roles', '01J0000000000000000000000A')).resolves.toEqual({ created: true });
    expect(fake.ipcRendererInvoke).toHaveBeenLastCalledWith(IPC_OPEN_PANE_WINDOW_CHANNEL, { paneId: 'roles', incidentId: '01J0000000000000000000000A' });
    fake.ipcRendererInvoke.mockResolvedValueOnce({ ok: false, error: { code: 'forbidden', message: 'This frame may not call Command Post.' } });
    expect(ipcErrorToAppError(await bridge.windows.openPane('roles', 'x').catch((e: unknown) => e))?.code).toBe('forbidden');
  });

  it('vaultFiles failures are encoded like invoke’s, so the renderer rebuilds the AppError', async () => {
    const error = { code: 'invalid_input', message: 'Invalid input for vault export: format must be one of plain, bundle', issues: [{ path: 'format', message: 'must be one of plain, bundle' }] };
    fake.ipcRendererInvoke.mockResolvedValueOnce({ ok: false, error });
    const err = await bridge.vaultFiles.saveExport('A1', 'zip').catch((e: unknown) => e);
    expect(ipcErrorToAppError(err)!.toBody()).toEqual(error);
    fake.ipcRendererInvoke.mockResolvedValueOnce(undefined);
    expect(ipcErrorToAppError(await bridge.vaultFiles.importFiles('x').catch((e: unknown) => e))?.code).toBe('internal');
  });

  it('never exposes ipcRenderer or anything with its methods', () => {
    const seen = new Set<unknown>();
    const walk = (v: unknown) => {
      if ((typeof v !== 'object' && typeof v !== 'function') || v === null || seen.has(v)) return;
      seen.add(v);
      for (const key of ['send', 'sendSync', 'on', 'once', 'postMessage', 'sendToHost', 'removeAllListeners']) expect(v).not.toHaveProperty(key);
      for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k]);
    };
    walk(bridge);
  });

  it('invokes the one channel with the command name and input', async () => {
    fake.ipcRendererInvoke.mockResolvedValueOnce({ ok: true, data: [{ id: 'INC-2026-0001' }] });
    await expect(bridge.invoke('incidents:list', { status: 'investigating' })).resolves.toEqual([{ id: 'INC-2026-0001' }]);
    expect(fake.ipcRendererInvoke).toHaveBeenLastCalledWith(IPC_INVOKE_CHANNEL, 'incidents:list', { status: 'investigating' });

    fake.ipcRendererInvoke.mockResolvedValueOnce({ ok: true, data: 'x' });
    await expect(bridge.invoke('app:info')).resolves.toBe('x');
    expect(fake.ipcRendererInvoke).toHaveBeenLastCalledWith(IPC_INVOKE_CHANNEL, 'app:info', {});
  });

  it('turns {ok:false} into a rejected Error the renderer rebuilds into the same AppError', async () => {
    const error = { code: 'invalid_input', message: 'Invalid input for incidents:declare: title is required', issues: [{ path: 'title', message: 'is required' }] };
    fake.ipcRendererInvoke.mockResolvedValueOnce({ ok: false, error });
    const err = await bridge.invoke('incidents:declare', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    // What crosses contextBridge is only the message; Electron may prefix it.
    const rebuilt = ipcErrorToAppError({ message: `Error invoking remote method 'x': Error: ${(err as Error).message}` });
    expect(rebuilt).toBeInstanceOf(AppError);
    expect(rebuilt!.toBody()).toEqual(error);
  });

  it('rejects with a typed internal error on an unreadable answer', async () => {
    fake.ipcRendererInvoke.mockResolvedValueOnce('garbage');
    const err = await bridge.invoke('app:info', {}).catch((e: unknown) => e);
    expect(ipcErrorToAppError(err)?.code).toBe('internal');
    const bad = await bridge.invoke(42, {}).catch((e: unknown) => e);
    expect(ipcErrorToAppError(bad)?.code).toBe('unknown_command');
  });

  it('delivers pushed events by name, without the IPC event object, until unsubscribed', () => {
    const got: unknown[] = [];
    const off = bridge.subscribe('db:changed', (data: unknown) => got.push(data));
    pushEvent({ event: 'db:changed', data: { domains: ['timeline'] } });
    pushEvent({ event: 'sync:status', data: { pending: 1 } });
    pushEvent('not an envelope');
    pushEvent({ event: 7, data: {} });
    expect(got).toEqual([{ domains: ['timeline'] }]);
    off();
    pushEvent({ event: 'db:changed', data: { domains: ['x'] } });
    expect(got).toHaveLength(1);
  });

  it('keeps delivering when one listener throws', () => {
    const got: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const off1 = bridge.subscribe('db:changed', () => {
      throw new Error('boom');
    });
    const off2 = bridge.subscribe('db:changed', (d: unknown) => got.push(d));
    pushEvent({ event: 'db:changed', data: 1 });
    expect(got).toEqual([1]);
    off1();
    off2();
    spy.mockRestore();
  });

  it('validates subscribe arguments', () => {
    expect(() => bridge.subscribe('db:changed', 'not a function')).toThrow(TypeError);
    expect(() => bridge.subscribe('', () => undefined)).toThrow(TypeError);
    expect(() => bridge.subscribe({}, () => undefined)).toThrow(TypeError);
  });
});
