// The IPC binding of the Electron shell against the REAL core and dispatcher on a temp SQLite file;
// only the 'electron' module is faked (fakeElectron.ts). Inputs meant to succeed are ones the real
// dispatcher accepts; refusals are the handler's or the dispatcher's own.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bindIpc, createInvokeHandler, senderRejection } from '../../../main/app/ipc';
import { PRODUCTION_ORIGIN, resolveAppOrigin } from '../../../main/app/origin';
import { createSecureWindow } from '../../../main/app/window';
import type { DispatchOptions } from '../../../main/core';
import { auditRepo, type AuditRow } from '../../../main/core/repositories/auditRepo';
import { COMMAND_NAMES, commands } from '../../../shared/contract';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../shared/desktop';
import type { Result } from '../../../shared/errors';
import { COMMAND_SCENARIO, type ScenarioContext } from '../../helpers/commandScenario';
import { useTempCores, type TempCore } from '../../helpers/tempCore';
import { APP_PAGE, fake, FakeFrame, FakeWebContents, ourWindows, type FakeBrowserWindow } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

const APP = APP_PAGE;
const tempCores = useTempCores();

/** A real core whose dispatch is watched (the calls still run, unchanged). */
async function realCore(opts: Parameters<typeof tempCores>[0] = {}) {
  const core = await tempCores({ keyStore: null, ...opts });
  const dispatch = vi.spyOn(core, 'dispatch');
  return { core, dispatch };
}

async function auditRows(core: Pick<TempCore, 'db'>): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  for await (const row of auditRepo.walk(core.db.reader)) rows.push(row);
  return rows;
}

beforeEach(() => fake.reset());

describe('IPC sender check', () => {
  const { deps, ourWindow } = ourWindows(PRODUCTION_ORIGIN);

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
    const { core, dispatch } = await realCore();
    const before = await auditRows(core);
    const onRejected = vi.fn();
    const handler = createInvokeHandler({ core, origin: PRODUCTION_ORIGIN, onRejected }, { origin: PRODUCTION_ORIGIN, isOurWebContents: () => false });
    const wc = new FakeWebContents(APP);
    // A valid command the dispatcher would run.
    const res = await handler({ sender: wc as never, senderFrame: wc.mainFrame as never }, 'incidents:declare', { title: 'Injected', severity: 'SEV-1' });
    expect(res).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(dispatch).not.toHaveBeenCalled();
    expect(onRejected).toHaveBeenCalledWith('not one of our windows');
    expect(await core.invoke('incidents:list', {})).toEqual([]);
    expect(await auditRows(core)).toEqual(before);
  });

  it.each([['incidents:drop-table'], ['__proto__'], ['constructor'], ['toString'], [42], [null], [{ name: 'incidents:list' }]])(
    'answers unknown_command for %j without reaching the core',
    async (name) => {
      const { core, dispatch } = await realCore();
      const before = await auditRows(core);
      const wc = new FakeWebContents(APP);
      const handler = createInvokeHandler({ core, origin: PRODUCTION_ORIGIN }, { origin: PRODUCTION_ORIGIN, isOurWebContents: () => true });
      const res = await handler({ sender: wc as never, senderFrame: wc.mainFrame as never }, name, {});
      expect(res.ok).toBe(false);
      expect(!res.ok && res.error.code).toBe('unknown_command');
      expect(dispatch).not.toHaveBeenCalled();
      expect(await auditRows(core)).toEqual(before);
    },
  );

  it('passes every contract command to the dispatcher with transport ipc and no actor override', { timeout: 60_000 }, async () => {
    // The vendor stand-in the webhook integration reaches: it refuses every delivery (400).
    const vendor = http.createServer((req, res) => {
      req.resume();
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'rejected by the test receiver' }));
    });
    await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
    try {
      const first = await tempCores({ keyStore: null });
      const ctx: ScenarioContext = {
        core: first,
        vendorUrl: `http://127.0.0.1:${(vendor.address() as AddressInfo).port}/`,
        results: {},
        async reopen(whileClosed) {
          await ctx.core.close();
          await whileClosed();
          ctx.core = await tempCores({ keyStore: null, dataDir: first.dataDir, profile: false });
        },
      };
      // The handler talks to whichever core the scenario runs on; every call is recorded on the way.
      const dispatch = vi.fn((name: string, input: unknown, opts: DispatchOptions) => ctx.core.dispatch(name, input, opts));
      const core = { dispatch, subscribe: (l: Parameters<TempCore['subscribe']>[0]) => ctx.core.subscribe(l) };
      const auditBefore = (await auditRows(first)).length;
      const wc = new FakeWebContents(APP);
      const handler = createInvokeHandler({ core, origin: PRODUCTION_ORIGIN }, { origin: PRODUCTION_ORIGIN, isOurWebContents: () => true });
      const sent = new Set<string>();
      let mutations = 0;
      for (const step of COMMAND_SCENARIO) {
        await step.prepare?.(ctx);
        const input = step.input(ctx);
        const res = (await handler({ sender: wc as never, senderFrame: wc.mainFrame as never }, step.name, input)) as Result<unknown>;
        expect(res, `${step.key} → ${JSON.stringify(res).slice(0, 400)}`).toMatchObject({ ok: true });
        expect(dispatch).toHaveBeenLastCalledWith(step.name, input, { transport: 'ipc' });
        ctx.results[step.key] = res.ok ? res.data : undefined;
        sent.add(step.name);
        if (commands[step.name].kind === 'mutation') mutations++;
      }
      expect([...sent].sort()).toEqual([...COMMAND_NAMES].sort());
      expect(dispatch).toHaveBeenCalledTimes(COMMAND_SCENARIO.length);
      for (const call of dispatch.mock.calls) expect(call[2]).not.toHaveProperty('actorOverride');
      // Every mutation left one audit row, as an IPC call by the local profile (never an override).
      const audited = (await auditRows(ctx.core)).slice(auditBefore).filter((r) => r.transport === 'ipc');
      expect(audited).toHaveLength(mutations);
      expect(new Set(audited.map((r) => r.actor))).toEqual(new Set(['tester']));
      expect(audited.every((r) => r.outcome === 'ok')).toBe(true);
    } finally {
      vendor.closeAllConnections();
      await new Promise<void>((resolve) => vendor.close(() => resolve()));
    }
  });

  it("returns the dispatcher's own refusal of an invalid input, audited as an IPC call", async () => {
    const { core } = await realCore();
    const wc = new FakeWebContents(APP);
    const handler = createInvokeHandler({ core, origin: PRODUCTION_ORIGIN }, { origin: PRODUCTION_ORIGIN, isOurWebContents: () => true });
    const res = await handler({ sender: wc as never, senderFrame: wc.mainFrame as never }, 'incidents:declare', { title: '', severity: 'SEV-9' });
    expect(res).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'Invalid input for incidents:declare: title must not be empty; severity must be one of SEV-1, SEV-2, SEV-3, SEV-4, SEV-5',
        issues: [
          { path: 'title', message: 'must not be empty' },
          { path: 'severity', message: 'must be one of SEV-1, SEV-2, SEV-3, SEV-4, SEV-5' },
        ],
      },
    });
    expect(await core.invoke('incidents:list', {})).toEqual([]);
    expect((await auditRows(core)).at(-1)).toMatchObject({ command: 'incidents:declare', transport: 'ipc', actor: 'tester', outcome: 'error:invalid_input' });
  });
});

describe('bindIpc', () => {
  it('registers exactly one invoke handler and checks the sender with the window registry', async () => {
    const { core, dispatch } = await realCore();
    await core.invoke('incidents:declare', { title: 'Checkout API returning 502s', severity: 'SEV-2' });
    const binding = bindIpc({ core, origin: PRODUCTION_ORIGIN });
    expect([...fake.ipcMainHandlers.keys()]).toEqual([IPC_INVOKE_CHANNEL]);
    const handler = fake.ipcMainHandlers.get(IPC_INVOKE_CHANNEL)!;

    const stranger = new FakeWebContents(APP);
    expect(await handler({ sender: stranger, senderFrame: stranger.mainFrame }, 'incidents:list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const win = createSecureWindow({ origin: PRODUCTION_ORIGIN, preloadPath: '/p.cjs', devTools: false }) as unknown as FakeBrowserWindow;
    const wc = win.webContents;
    expect(await handler({ sender: wc, senderFrame: wc.mainFrame }, 'incidents:list', {})).toEqual({ ok: true, data: await core.invoke('incidents:list', {}) });
    expect(dispatch).toHaveBeenCalledTimes(1);

    binding.dispose();
    expect(fake.ipcMainHandlers.size).toBe(0);
  });

  it('forwards pushed events to our windows showing our app, and to nothing else', async () => {
    const { core } = await realCore();
    const binding = bindIpc({ core, origin: PRODUCTION_ORIGIN });
    const a = createSecureWindow({ origin: PRODUCTION_ORIGIN, preloadPath: '/p.cjs', devTools: false }) as unknown as FakeBrowserWindow;
    const b = createSecureWindow({ origin: PRODUCTION_ORIGIN, preloadPath: '/p.cjs', devTools: false }) as unknown as FakeBrowserWindow;
    b.webContents.mainFrame.url = 'https://evil.example/';
    const stranger = new FakeWebContents(APP);
    for (const wc of [a.webContents, b.webContents, stranger]) fake.webContentsById.set(wc.id, wc);

    // A real change: the core pushes db:changed, the binding forwards it.
    const inc = await core.invoke('incidents:declare', { title: 'Checkout API returning 502s', severity: 'SEV-2' });
    const envelope = { event: 'db:changed', data: { domains: ['timeline', 'incidents'], incidentId: inc.id } };
    expect(a.webContents.sent).toEqual([{ channel: IPC_EVENT_CHANNEL, args: [envelope] }]);
    expect(b.webContents.sent).toEqual([]);
    expect(stranger.sent).toEqual([]);

    a.webContents.destroyed = true;
    await core.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'Paged the DB team' });
    expect(a.webContents.sent).toHaveLength(1);

    binding.dispose();
    // Unsubscribed from the core: a new window of ours hears nothing of later changes.
    const c = createSecureWindow({ origin: PRODUCTION_ORIGIN, preloadPath: '/p.cjs', devTools: false }) as unknown as FakeBrowserWindow;
    fake.webContentsById.set(c.webContents.id, c.webContents);
    await core.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'Rollback started' });
    expect(c.webContents.sent).toEqual([]);
  });
});
