// THE only module in the renderer that talks to the backend. At start-up it picks a transport:
// the Electron preload (`window.commandPost`) when present, otherwise the browser host (fetch for
// commands, a WebSocket for pushed events). Both answer with the same contract, and every failure
// becomes an AppError whose message names the problem.
import type { CommandInput, CommandName, CommandPostApi, CommandResult, PushedEventName, PushedEvents } from '../../../shared/contract';
import { AppError, isErrorBody } from '../../../shared/errors';
import { ipcErrorToAppError } from '../../../shared/ipcErrors';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized';
export type Transport = 'electron' | 'http' | 'custom';

export interface ApiClient extends CommandPostApi {
  readonly transport: Transport;
  /** State of the link to the backend (the WebSocket for the browser host). */
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Called after a reconnect: pushed events may have been missed, so caches must refetch. */
  onResync(listener: () => void): () => void;
  close(): void;
}

type Listener = (data: never) => void;

/** Map anything thrown or returned by a transport onto an AppError that names the problem. */
export function toAppError(err: unknown, command?: string): AppError {
  if (err instanceof AppError) return err;
  if (isErrorBody(err)) return AppError.fromBody(err);
  if (typeof err === 'object' && err !== null) {
    const o = err as { error?: unknown; code?: unknown; message?: unknown };
    if (isErrorBody(o.error)) return AppError.fromBody(o.error);
    // The preload rejects with an Error whose message is the ErrorBody's JSON (shared/ipcErrors.ts),
    // possibly prefixed by Electron ("Error invoking remote method '…': Error: ").
    const fromIpc = ipcErrorToAppError(err);
    if (fromIpc) return fromIpc;
    if (typeof o.message === 'string') return new AppError('internal', command ? `${command} failed: ${o.message}` : o.message);
  }
  return new AppError('internal', command ? `${command} failed: ${String(err)}` : String(err));
}

/** Interpret one HTTP answer of the browser host. */
export async function readHostResponse<T>(res: Response, command: string): Promise<T> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new AppError(
      res.status === 401 ? 'forbidden' : 'unavailable',
      `The backend answered ${command} with HTTP ${res.status} and no readable body.`,
    );
  }
  if (typeof body === 'object' && body !== null && 'ok' in body) {
    const b = body as { ok: unknown; data?: unknown; error?: unknown };
    if (b.ok === true) return b.data as T;
    if (b.ok === false && isErrorBody(b.error)) {
      if (res.status === 401) {
        throw new AppError('forbidden', `Not authorised: ${b.error.message} Reopen the address printed by the host.`);
      }
      throw AppError.fromBody(b.error);
    }
  }
  throw new AppError('internal', `The backend answered ${command} with an unexpected body (HTTP ${res.status}).`);
}

class ListenerSet {
  private readonly byEvent = new Map<string, Set<Listener>>();
  add(event: string, l: Listener): () => void {
    let set = this.byEvent.get(event);
    if (!set) this.byEvent.set(event, (set = new Set()));
    set.add(l);
    return () => {
      set.delete(l);
    };
  }
  emit(event: string, data: unknown): void {
    for (const l of [...(this.byEvent.get(event) ?? [])]) {
      try {
        (l as (d: unknown) => void)(data);
      } catch (err) {
        console.error(`listener for ${event} failed`, err);
      }
    }
  }
  get size(): number {
    let n = 0;
    for (const s of this.byEvent.values()) n += s.size;
    return n;
  }
}

class StateHub {
  private state: ConnectionState;
  private readonly listeners = new Set<(s: ConnectionState) => void>();
  private readonly resync = new Set<() => void>();
  constructor(initial: ConnectionState) {
    this.state = initial;
  }
  get(): ConnectionState {
    return this.state;
  }
  set(s: ConnectionState): void {
    if (s === this.state) return;
    const wasDown = this.state === 'reconnecting';
    this.state = s;
    for (const l of [...this.listeners]) l(s);
    if (wasDown && s === 'connected') for (const l of [...this.resync]) l();
  }
  on(l: (s: ConnectionState) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  onResync(l: () => void): () => void {
    this.resync.add(l);
    return () => this.resync.delete(l);
  }
}

/** Wrap the Electron preload's bridge. */
export function createElectronApi(bridge: CommandPostApi): ApiClient {
  const hub = new StateHub('connected');
  return {
    transport: 'electron',
    async invoke<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandResult<N>> {
      try {
        return await bridge.invoke(name, input);
      } catch (err) {
        throw toAppError(err, name);
      }
    },
    subscribe: (event, listener) => bridge.subscribe(event, listener),
    connection: () => hub.get(),
    onConnection: (l) => hub.on(l),
    onResync: (l) => hub.onResync(l),
    close: () => undefined,
  };
}

export interface HttpApiOptions {
  /** e.g. http://127.0.0.1:4780 */
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  /** Backoff for WebSocket reconnects: full jitter between 0 and min(maxMs, baseMs·2^attempt). */
  backoff?: { baseMs: number; maxMs: number };
  random?: () => number;
}

const NO_TOKEN_MESSAGE = 'No access token: open the address printed by the host (it ends with ?token=…).';

/** The browser host transport: POST /api/<command> and a WebSocket at /api/events. */
export function createHttpApi(opts: HttpApiOptions): ApiClient {
  const doFetch = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const WS = opts.WebSocket ?? (typeof WebSocket === 'undefined' ? undefined : WebSocket);
  const backoff = opts.backoff ?? { baseMs: 300, maxMs: 10_000 };
  const random = opts.random ?? Math.random;
  const hub = new StateHub(opts.token ? 'connecting' : 'unauthorized');
  const listeners = new ListenerSet();
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let started = false;

  const wsUrl = opts.baseUrl.replace(/^http/, 'ws').replace(/\/$/, '') + '/api/events';

  function connect(): void {
    if (closed || !opts.token || !WS) return;
    started = true;
    let ws: WebSocket;
    try {
      ws = new WS(wsUrl, ['commandpost', `bearer.${opts.token}`]);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onmessage = (msg: MessageEvent) => {
      let env: unknown;
      try {
        env = JSON.parse(String(msg.data));
      } catch {
        return;
      }
      if (typeof env !== 'object' || env === null || typeof (env as { event?: unknown }).event !== 'string') return;
      const { event, data } = env as { event: string; data: unknown };
      if (event === 'host:hello') {
        attempt = 0;
        hub.set('connected');
        return;
      }
      listeners.emit(event, data);
    };
    ws.onopen = () => {
      attempt = 0;
      hub.set('connected');
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      if (!closed) scheduleReconnect();
    };
    ws.onerror = () => {
      /* onclose follows and schedules the reconnect */
    };
  }

  function scheduleReconnect(): void {
    if (closed || timer) return;
    hub.set('reconnecting');
    const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 16));
    attempt++;
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, Math.floor(random() * ceiling));
  }

  function ensureStarted(): void {
    if (!started && !closed) connect();
  }

  return {
    transport: 'http',
    async invoke<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandResult<N>> {
      if (!opts.token) throw new AppError('forbidden', NO_TOKEN_MESSAGE);
      let res: Response;
      try {
        res = await doFetch(`${opts.baseUrl.replace(/\/$/, '')}/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${opts.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
      } catch (err) {
        throw new AppError('unavailable', `Cannot reach the Command Post backend (${name}): ${err instanceof Error ? err.message : String(err)}. Is the host still running?`);
      }
      return readHostResponse<CommandResult<N>>(res, name);
    },
    subscribe<E extends PushedEventName>(event: E, listener: (data: PushedEvents[E]) => void): () => void {
      const off = listeners.add(event, listener as Listener);
      ensureStarted();
      return off;
    },
    connection: () => hub.get(),
    onConnection(l) {
      ensureStarted();
      return hub.on(l);
    },
    onResync: (l) => hub.onResync(l),
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      socket?.close(1000, 'closing');
      socket = null;
    },
  };
}

const TOKEN_KEY = 'commandpost.token';

/**
 * Take the browser host's token from `?token=`, keep it in sessionStorage (so a reload works) and
 * remove it from the address bar and history so it is not shared by copy-paste.
 */
export function takeToken(loc: Location = window.location, storage: Storage = window.sessionStorage, hist: History = window.history): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      storage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      /* storage disabled: the token still works for this page */
    }
    url.searchParams.delete('token');
    hist.replaceState(hist.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return storage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

let current: ApiClient | null = null;

/** Choose the transport once, at start-up. */
export function createApi(win: Window = window): ApiClient {
  const bridge = (win as unknown as { commandPost?: CommandPostApi }).commandPost;
  if (bridge && typeof bridge.invoke === 'function') return createElectronApi(bridge);
  return createHttpApi({ baseUrl: win.location.origin, token: takeToken(win.location, win.sessionStorage, win.history) });
}

/** The process-wide client (tests install their own with setApi). */
export function getApi(): ApiClient {
  if (!current) current = createApi();
  return current;
}

export function setApi(api: ApiClient | null): void {
  current = api;
}

/** Adapt any CommandPostApi (e.g. a fake in tests) to an ApiClient that is always connected. */
export function fromCommandPostApi(api: CommandPostApi): ApiClient {
  const hub = new StateHub('connected');
  return {
    transport: 'custom',
    async invoke(name, input) {
      try {
        return await api.invoke(name, input);
      } catch (err) {
        throw toAppError(err, name);
      }
    },
    subscribe: (e, l) => api.subscribe(e, l),
    connection: () => hub.get(),
    onConnection: (l) => hub.on(l),
    onResync: (l) => hub.onResync(l),
    close: () => undefined,
  };
}
