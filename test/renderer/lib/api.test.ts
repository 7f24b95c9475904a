// @vitest-environment node
// The renderer's API client against the real backends: the browser host on 127.0.0.1 over HTTP and
// WebSocket (realHost.ts), and the Electron window's real preload and IPC handlers with only the
// 'electron' module faked (electronShell.ts). Answers are the core's own.
import '../nodeDom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { AppError } from '../../../shared/errors';
import { ipcError } from '../../../shared/ipcErrors';
import { createElectronApi, readHostResponse, takeToken, toAppError, type ApiClient, type ConnectionState } from '../../../renderer/src/lib/api';
import { electronWindow } from '../electronShell';
import { useRealCores } from '../realApi';
import { HOST_TOKEN, otherServer, realHost, type RealHost } from '../realHost';

vi.mock('electron', async () => (await import('../electronModule')).electronModule());

const real = useRealCores();

/** POST a command to the real host as the page does, returning the raw answer. */
function post(host: RealHost, name: string, input: unknown, token = host.token): Promise<Response> {
  return fetch(`${host.base}/api/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
}

/** Settles once the client's link is in `state` (event-driven: the tests below fake setTimeout). */
function linkIs(api: ApiClient, state: ConnectionState): Promise<void> {
  return new Promise((resolve) => {
    if (api.connection() === state) return resolve();
    const off = api.onConnection((s) => {
      if (s !== state) return;
      off();
      resolve();
    });
  });
}

describe('readHostResponse maps host answers', () => {
  it('returns data on {ok:true}', async () => {
    const core = await real.core();
    const host = await realHost(real, core);
    const inc = await core.invoke('incidents:declare', { title: 'Checkout API returning 502s', severity: 'SEV-2' });
    const res = await post(host, 'incidents:get', { id: inc.humanId });
    await expect(readHostResponse(res, 'incidents:get')).resolves.toEqual(await core.invoke('incidents:get', { id: inc.id }));
  });

  it('throws an AppError with code, message and issues on {ok:false}', async () => {
    const host = await realHost(real, await real.core());
    const res = await post(host, 'incidents:declare', { title: '', severity: 'SEV-2' });
    expect(res.status).toBe(400);
    const err = await readHostResponse(res, 'incidents:declare').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_input');
    expect((err as AppError).message).toContain('title must not be empty');
    expect((err as AppError).issues).toEqual([{ path: 'title', message: 'must not be empty' }]);
  });

  it('names a 401 as not authorised and tells the user what to do', async () => {
    const host = await realHost(real, await real.core());
    const res = await post(host, 'incidents:list', {}, 'tok-wrong-0123456789');
    expect(res.status).toBe(401);
    const err = (await readHostResponse(res, 'incidents:list').catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('forbidden');
    expect(err.message).toMatch(/Not authorised.*Reopen the address/);
  });

  it('reports a body that is not JSON with the command and status', async () => {
    // A proxy in front of the console answering for a backend that is down.
    const proxy = await otherServer(real, (_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>502</html>');
    });
    const err = (await readHostResponse(await fetch(`${proxy.base}/api/timeline%3Alist`, { method: 'POST' }), 'timeline:list').catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('unavailable');
    expect(err.message).toBe('The backend answered timeline:list with HTTP 502 and no readable body.');
  });

  it('rejects a JSON body that is not an envelope', async () => {
    // Some other service on the port, answering JSON of its own.
    const other = await otherServer(real, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ hello: 1 }));
    });
    const err = (await readHostResponse(await fetch(`${other.base}/api/app%3Ainfo`, { method: 'POST' }), 'app:info').catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('internal');
    expect(err.message).toContain('unexpected body');
  });
});

describe('toAppError', () => {
  it('keeps AppErrors and rebuilds plain error bodies', () => {
    const e = new AppError('conflict', 'x');
    expect(toAppError(e)).toBe(e);
    expect(toAppError({ code: 'not_found', message: 'No incident X.' })).toMatchObject({ code: 'not_found', message: 'No incident X.' });
  });
  it("recovers the body from Electron's flattened IPC error", () => {
    const err = new Error(`Error invoking remote method 'command-post:invoke': Error: {"code":"not_found","message":"No incident INC-2026-0009."}`);
    const mapped = toAppError(err, 'incidents:get');
    expect(mapped.code).toBe('not_found');
    expect(mapped.message).toBe('No incident INC-2026-0009.');
  });
  it('decodes the error the preload rejects with (shared/ipcErrors)', () => {
    const err = ipcError({ code: 'invalid_input', message: 'Invalid input for timeline:append: text must not be blank', issues: [{ path: 'text', message: 'must not be blank' }] });
    const mapped = toAppError(err, 'timeline:append');
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped.code).toBe('invalid_input');
    expect(mapped.issues).toEqual([{ path: 'text', message: 'must not be blank' }]);
  });
  it('names the command for unknown failures', () => {
    expect(toAppError(new Error('boom'), 'timeline:append').message).toBe('timeline:append failed: boom');
  });
});

describe('createHttpApi', () => {
  afterEach(() => vi.useRealTimers());

  it('POSTs JSON to /api/<command> with the bearer token', async () => {
    const core = await real.core();
    const host = await realHost(real, core);
    // One incident, already resolved: the status filter must reach the core for the list to be empty.
    const inc = await core.invoke('incidents:declare', { title: 'Search latency', severity: 'SEV-3' });
    await core.invoke('incidents:set-status', { id: inc.id, status: 'resolved' });
    const api = host.client();
    await expect(api.invoke('incidents:list', { status: 'investigating' })).resolves.toEqual([]);
    expect(host.fetch.calls).toHaveLength(1);
    const { url, init } = host.fetch.calls[0]!;
    expect(url).toBe(`${host.base}/api/incidents%3Alist`);
    expect(init!.method).toBe('POST');
    expect(init!.headers).toEqual({ Authorization: `Bearer ${HOST_TOKEN}`, 'Content-Type': 'application/json' });
    expect(JSON.parse(init!.body as string)).toEqual({ status: 'investigating' });
    expect((await api.invoke('incidents:list', { status: 'resolved' })).map((i) => i.id)).toEqual([inc.id]);
  });

  it('turns a network failure into a clear "unavailable" error', async () => {
    const host = await realHost(real, await real.core());
    const api = host.client();
    // The backend goes away: nothing listens on its port any more.
    await host.stop();
    const err = (await api.invoke('app:info', {}).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('unavailable');
    // Node's fetch says "fetch failed" where Chromium says "Failed to fetch".
    expect(err.message).toBe('Cannot reach the Command Post backend (app:info): fetch failed. Is the host still running?');
  });

  it('refuses to call without a token and says where the token comes from', async () => {
    const host = await realHost(real, await real.core());
    const api = host.client({ token: null });
    await expect(api.invoke('app:info', {})).rejects.toThrow(/No access token.*\?token=/);
    expect(host.fetch.calls).toHaveLength(0);
    expect(api.connection()).toBe('unauthorized');
  });

  it('opens the event socket with the bearer subprotocol, dispatches events and reconnects with backoff', async () => {
    const core = await real.core({ sync: { start: false } });
    const host = await realHost(real, core);
    const opened: Array<{ url: string; protocols: string[] }> = [];
    const sockets: WebSocket[] = [];
    class RecordingSocket extends WebSocket {
      constructor(url: string, protocols: string[]) {
        super(url, protocols);
        opened.push({ url, protocols });
        sockets.push(this);
      }
    }
    const closed = (ws: WebSocket) => new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : ws.once('close', () => resolve())));
    // Only the client's reconnect timer is faked; sockets, the host and the core run for real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const api = host.client({ WebSocket: RecordingSocket as never, random: () => 0.5, backoff: { baseMs: 100, maxMs: 1000 } });
    const states: string[] = [];
    api.onConnection((s) => states.push(s));
    const changes: unknown[] = [];
    const changed = new Promise<void>((resolve) => api.subscribe('db:changed', (d) => (changes.push(d), resolve())));
    const resync = vi.fn();
    api.onResync(resync);

    expect(sockets).toHaveLength(1);
    expect(opened[0]!.url).toBe(`ws://127.0.0.1:${host.port}/api/events`);
    expect(opened[0]!.protocols).toEqual(['commandpost', `bearer.${HOST_TOKEN}`]);
    await linkIs(api, 'connected'); // the host's host:hello
    expect(api.connection()).toBe('connected');
    // A frame that is not JSON is ignored; then a real change is pushed by the host.
    sockets[0]!.emit('message', Buffer.from('not json'), false);
    const inc = await core.invoke('incidents:declare', { title: 'Checkout API returning 502s', severity: 'SEV-2' });
    await changed;
    expect(changes).toEqual([{ domains: ['timeline', 'incidents'], incidentId: inc.id }]);

    // The link drops (the host goes away): reconnecting, then a new socket after the jittered delay (0.5 × 100 ms).
    await host.stop();
    await linkIs(api, 'reconnecting');
    expect(api.connection()).toBe('reconnecting');
    vi.advanceTimersByTime(49);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    // Nothing listens, so it fails again: the ceiling doubles (0.5 × 200 ms). The host comes back meanwhile.
    await closed(sockets[1]!);
    await host.restart();
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    await linkIs(api, 'connected');
    expect(api.connection()).toBe('connected');
    expect(resync).toHaveBeenCalledTimes(1);
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
    api.close();
  });
});

describe('createElectronApi', () => {
  it('passes calls through and maps rejections to AppError', async () => {
    const core = await real.core();
    const { bridge } = await electronWindow(real, core);
    const api = createElectronApi(bridge);
    expect(api.transport).toBe('electron');
    await expect(api.invoke('app:info', {})).resolves.toEqual(await core.invoke('app:info', {}));
    await expect(api.invoke('incidents:get', { id: 'INC-1' })).rejects.toMatchObject({ code: 'not_found', message: 'No incident INC-1.' });
    // The rejection is rebuilt as an AppError from what crossed the bridge (shared/ipcErrors).
    await expect(api.invoke('incidents:get', { id: 'INC-1' })).rejects.toBeInstanceOf(AppError);
  });
});

describe('takeToken', () => {
  it('moves ?token= into sessionStorage and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/?token=secret-token-123456&x=1#h');
    const token = takeToken(window.location, window.sessionStorage, window.history);
    expect(token).toBe('secret-token-123456');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#h');
    expect(window.sessionStorage.getItem('commandpost.token')).toBe('secret-token-123456');
    // A reload without the query string still finds it.
    window.history.replaceState(null, '', '/');
    expect(takeToken(window.location, window.sessionStorage, window.history)).toBe('secret-token-123456');
  });
});
