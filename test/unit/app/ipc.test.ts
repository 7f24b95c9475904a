import { beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import { bindIpc, createInvokeHandler, senderRejection, type IpcCore } from '../../../main/app/ipc';
import { PRODUCTION_ORIGIN, resolveAppOrigin } from '../../../main/app/origin';
import { createSecureWindow } from '../../../main/app/window';
import { fake, FakeFrame, FakeWebContents, type FakeBrowserWindow } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

const APP = 'app://command-post/index.html';

function fakeCore() {
  const listeners = new Set<(e: { event: string; data: unknown }) => void>();
  const dispatch = vi.fn(async (_name: string, _input: unknown, _opts: unknown): Promise<Result<unknown>> => ({ ok: true, data: { echoed: true } }));
  const core: IpcCore & { push(e: { event: string; data: unknown }): void; listeners: typeof listeners } = {
    dispatch,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    push(e) {
      for (const l of listeners) l(e);
    },
    listeners,
  };
  return { core, dispatch };
}

beforeEach(() => fake.reset());

describe('IPC sender check', () => {
  const ours = new Set<FakeWebContents>();
  const deps = { origin: PRODUCTION_ORIGIN, isOurWebContents: (wc: unknown) => ours.has(wc as FakeWebContents) };
  const ourWindow = (url = APP) => {
    const wc = new FakeWebContents(url);
    ours.add(wc);
    return wc;
  };

  it('accepts the main frame of our window showing our app', () => {
    const wc = ourWindow();
    expect(senderRejection({ sender: wc as never, senderFrame: wc.mainFrame as never }, deps)).toBeNull();
  });

  it('rejects a window we did not create', () => {
    const wc = new FakeWebContents(APP);
    expect(senderRejection({ sender: wc as never, senderFrame: wc.mainFrame as never }, deps)).toBe('not one of our windows');
  });

  it('rejects sub-frames, even same-origin ones', () => {
    const wc = ourWindow();
    const child = new FakeFrame(APP, wc.mainFrame);
    expect(senderRejection({ sender: wc as never, senderFrame: child as never }, deps)).toBe('not the main frame');
    // A detached frame that is not the window's main frame.
    expect(senderRejection({ sender: wc as never, senderFrame: new FakeFrame(APP) as never }, deps)).toBe('not the main frame');
  });

  it.each(['https://evil.example/', 'file:///home/u/index.html', 'app://command-post.evil/index.html', 'app://user:pw@command-post/index.html', 'http://localhost:5173/', 'about:blank', ''])(
    'rejects our window when its page is %j',
    (url) => {
      const wc = ourWindow(url);
      expect(senderRejection({ sender: wc as never, senderFrame: wc.mainFrame as never }, deps)).toBe('not our origin');
    },
  );

  it('accepts a distinct wrapper of the same main frame (same process and frame token)', () => {
    const wc = ourWindow();
    const copy = Object.assign(new FakeFrame(APP), { processId: wc.mainFrame.processId, frameToken: wc.mainFrame.frameToken });
    expect(senderRejection({ sender: wc as never, senderFrame: copy as never }, deps)).toBeNull();
    const otherProcess = Object.assign(new FakeFrame(APP), { processId: 99, frameToken: wc.mainFrame.frameToken });
    expect(senderRejection({ sender: wc as never, senderFrame: otherProcess as never }, deps)).toBe('not the main frame');
  });

  it('rejects a disposed frame (senderFrame null, detached or throwing)', () => {
    const wc = ourWindow();
    const old = Object.assign(new FakeFrame(APP), { processId: wc.mainFrame.processId, frameToken: wc.mainFrame.frameToken, detached: true });
    expect(senderRejection({ sender: wc as never, senderFrame: old as never }, deps)).toBe('sender frame is gone');
    expect(senderRejection({ sender: wc as never, senderFrame: null }, deps)).toBe('sender frame is gone');
    const throwing = {
      sender: wc as never,
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    expect(senderRejection(throwing, deps)).toBe('sender frame is gone');
  });

  it('accepts the dev server only in development', () => {
    const dev = resolveAppOrigin({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, false);
    const wc = ourWindow('http://localhost:5173/');
    expect(senderRejection({ sender: wc as never, senderFrame: wc.mainFrame as never }, { ...deps, origin: dev })).toBeNull();
    expect(resolveAppOrigin({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, true)).toBe(PRODUCTION_ORIGIN);
    expect(resolveAppOrigin({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, false)).toBe(PRODUCTION_ORIGIN);
  });
});

describe('invoke handler', () => {
  it('refuses foreign senders without reaching the core', async () => {
    const { core, dispatch } = fakeCore();
    const onRejected = vi.fn();
    const handler = createInvokeHandler({ core, origin: PRODUCTION_ORIGIN, onRejected }, { origin: PRODUCTION_ORIGIN, isOurWebContents: () => false });
    const wc = new FakeWebContents(APP);
    const res = await handler({ sender: wc as never, senderFrame: wc.mainFrame as never }, 'incidents:list', {});
    expect(res).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(dispatch).not.toHaveBeenCalled();
    expect(onRejected).toHaveBeenCalledWith('not one of our windows');
  });

  it.each([['incidents:drop-table'], ['__proto__'], ['constructor'], ['toString'], [42], [null], [{ name: 'incidents:list' }]])(
    'answers unknown_command for %j without reaching the core',
    async (name) => {
      const { core, dispatch } = fakeCore();
      const wc = new FakeWebContents(APP);
      const handler = createInvokeHandler({ core, origin: PRODUCTION_ORIGIN }, { origin: PRODUCTION_ORIGIN, isOurWebContents: () => true });
      const res = await handler({ sender: wc as never, senderFrame: wc.mainFrame as never }, name, {});
      expect(res.ok).toBe(false);
      expect(!res.ok && res.error.code).toBe('unknown_command');
      expect(dispatch).not.toHaveBeenCalled();
    },
  );

  it('passes every contract command to the dispatcher with transport ipc and no actor override', async () => {
    const { core, dispatch } = fakeCore();
    const wc = new FakeWebContents(APP);
    const handler = createInvokeHandler({ core, origin: PRODUCTION_ORIGIN }, { origin: PRODUCTION_ORIGIN, isOurWebContents: () => true });
    for (const name of COMMAND_NAMES) {
      const input = { probe: name };
      expect(await handler({ sender: wc as never, senderFrame: wc.mainFrame as never }, name, input)).toEqual({ ok: true, data: { echoed: true } });
      expect(dispatch).toHaveBeenLastCalledWith(name, input, { transport: 'ipc' });
    }
    for (const call of dispatch.mock.calls) expect(call[2]).not.toHaveProperty('actorOverride');
  });
});

describe('bindIpc', () => {
  it('registers exactly one invoke handler and checks the sender with the window registry', async () => {
    const { core, dispatch } = fakeCore();
    const binding = bindIpc({ core, origin: PRODUCTION_ORIGIN });
    expect([...fake.ipcMainHandlers.keys()]).toEqual([IPC_INVOKE_CHANNEL]);
    const handler = fake.ipcMainHandlers.get(IPC_INVOKE_CHANNEL)!;

    const stranger = new FakeWebContents(APP);
    expect(await handler({ sender: stranger, senderFrame: stranger.mainFrame }, 'incidents:list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const win = createSecureWindow({ origin: PRODUCTION_ORIGIN, preloadPath: '/p.cjs', devTools: false }) as unknown as FakeBrowserWindow;
    const wc = win.webContents;
    expect(await handler({ sender: wc, senderFrame: wc.mainFrame }, 'incidents:list', {})).toEqual({ ok: true, data: { echoed: true } });
    expect(dispatch).toHaveBeenCalledTimes(1);

    binding.dispose();
    expect(fake.ipcMainHandlers.size).toBe(0);
  });

  it('forwards pushed events to our windows showing our app, and to nothing else', () => {
    const { core } = fakeCore();
    const binding = bindIpc({ core, origin: PRODUCTION_ORIGIN });
    const a = createSecureWindow({ origin: PRODUCTION_ORIGIN, preloadPath: '/p.cjs', devTools: false }) as unknown as FakeBrowserWindow;
    const b = createSecureWindow({ origin: PRODUCTION_ORIGIN, preloadPath: '/p.cjs', devTools: false }) as unknown as FakeBrowserWindow;
    b.webContents.mainFrame.url = 'https://evil.example/';
    const stranger = new FakeWebContents(APP);
    for (const wc of [a.webContents, b.webContents, stranger]) fake.webContentsById.set(wc.id, wc);

    const envelope = { event: 'db:changed', data: { domains: ['incidents'] } };
    core.push(envelope);
    expect(a.webContents.sent).toEqual([{ channel: IPC_EVENT_CHANNEL, args: [envelope] }]);
    expect(b.webContents.sent).toEqual([]);
    expect(stranger.sent).toEqual([]);

    a.webContents.destroyed = true;
    core.push(envelope);
    expect(a.webContents.sent).toHaveLength(1);

    binding.dispose();
    expect(core.listeners.size).toBe(0);
  });
});
