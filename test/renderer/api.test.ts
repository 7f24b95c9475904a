import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { ipcError } from '../../shared/ipcErrors';
import { createElectronApi, createHttpApi, readHostResponse, takeToken, toAppError } from '../../renderer/src/lib/api';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('readHostResponse maps host answers', () => {
  it('returns data on {ok:true}', async () => {
    await expect(readHostResponse(json(200, { ok: true, data: { a: 1 } }), 'x:y')).resolves.toEqual({ a: 1 });
  });

  it('throws an AppError with code, message and issues on {ok:false}', async () => {
    const body = { ok: false, error: { code: 'invalid_input', message: 'Invalid input for incidents:declare: title must not be empty', issues: [{ path: 'title', message: 'must not be empty' }] } };
    const err = await readHostResponse(json(400, body), 'incidents:declare').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_input');
    expect((err as AppError).message).toContain('title must not be empty');
    expect((err as AppError).issues).toEqual([{ path: 'title', message: 'must not be empty' }]);
  });

  it('names a 401 as not authorised and tells the user what to do', async () => {
    const err = (await readHostResponse(json(401, { ok: false, error: { code: 'forbidden', message: 'Missing or wrong token.' } }), 'incidents:list').catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('forbidden');
    expect(err.message).toMatch(/Not authorised.*Reopen the address/);
  });

  it('reports a body that is not JSON with the command and status', async () => {
    const err = (await readHostResponse(new Response('<html>502</html>', { status: 502 }), 'timeline:list').catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('unavailable');
    expect(err.message).toBe('The backend answered timeline:list with HTTP 502 and no readable body.');
  });

  it('rejects a JSON body that is not an envelope', async () => {
    const err = (await readHostResponse(json(200, { hello: 1 }), 'app:info').catch((e: unknown) => e)) as AppError;
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
    const fetch = vi.fn(async () => json(200, { ok: true, data: [] }));
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:4780', token: 'tok-0123456789abcdef', fetch, WebSocket: undefined as never });
    await expect(api.invoke('incidents:list', { status: 'investigating' })).resolves.toEqual([]);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:4780/api/incidents%3Alist');
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ Authorization: 'Bearer tok-0123456789abcdef', 'Content-Type': 'application/json' });
    expect(JSON.parse(init.body as string)).toEqual({ status: 'investigating' });
  });

  it('turns a network failure into a clear "unavailable" error', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:1', token: 'tok-0123456789abcdef', fetch });
    const err = (await api.invoke('app:info', {}).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('unavailable');
    expect(err.message).toBe('Cannot reach the Command Post backend (app:info): Failed to fetch. Is the host still running?');
  });

  it('refuses to call without a token and says where the token comes from', async () => {
    const fetch = vi.fn();
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:1', token: null, fetch });
    await expect(api.invoke('app:info', {})).rejects.toThrow(/No access token.*\?token=/);
    expect(fetch).not.toHaveBeenCalled();
    expect(api.connection()).toBe('unauthorized');
  });

  it('opens the event socket with the bearer subprotocol, dispatches events and reconnects with backoff', async () => {
    vi.useFakeTimers();
    const sockets: FakeSocket[] = [];
    class FakeSocket {
      onopen: (() => void) | null = null;
      onclose: (() => void) | null = null;
      onerror: (() => void) | null = null;
      onmessage: ((m: { data: string }) => void) | null = null;
      constructor(
        public url: string,
        public protocols: string[],
      ) {
        sockets.push(this);
      }
      close() {
        this.onclose?.();
      }
    }
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:4780', token: 'tok-0123456789abcdef', WebSocket: FakeSocket as never, random: () => 0.5, backoff: { baseMs: 100, maxMs: 1000 } });
    const states: string[] = [];
    api.onConnection((s) => states.push(s));
    const changes: unknown[] = [];
    api.subscribe('db:changed', (d) => changes.push(d));
    const resync = vi.fn();
    api.onResync(resync);

    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.url).toBe('ws://127.0.0.1:4780/api/events');
    expect(sockets[0]!.protocols).toEqual(['commandpost', 'bearer.tok-0123456789abcdef']);
    sockets[0]!.onmessage!({ data: JSON.stringify({ event: 'host:hello', data: { version: '0.1.0' } }) });
    expect(api.connection()).toBe('connected');
    sockets[0]!.onmessage!({ data: JSON.stringify({ event: 'db:changed', data: { domains: ['timeline'], incidentId: 'X' } }) });
    sockets[0]!.onmessage!({ data: 'not json' });
    expect(changes).toEqual([{ domains: ['timeline'], incidentId: 'X' }]);

    // The link drops: reconnecting, then a new socket after the jittered delay (0.5 × 100 ms).
    sockets[0]!.onclose!();
    expect(api.connection()).toBe('reconnecting');
    vi.advanceTimersByTime(49);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    // Fails again: the ceiling doubles (0.5 × 200 ms).
    sockets[1]!.onclose!();
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    sockets[2]!.onopen!();
    expect(api.connection()).toBe('connected');
    expect(resync).toHaveBeenCalledTimes(1);
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
    api.close();
  });
});

describe('createElectronApi', () => {
  it('passes calls through and maps rejections to AppError', async () => {
    const bridge = {
      invoke: vi.fn(async (name: string) => {
        if (name === 'incidents:get') throw { code: 'not_found', message: 'No incident INC-1.' };
        return { ok: 1 };
      }),
      subscribe: vi.fn(() => () => undefined),
    };
    const api = createElectronApi(bridge as never);
    expect(api.transport).toBe('electron');
    await expect(api.invoke('app:info', {})).resolves.toEqual({ ok: 1 });
    await expect(api.invoke('incidents:get', { id: 'INC-1' })).rejects.toMatchObject({ code: 'not_found', message: 'No incident INC-1.' });
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
