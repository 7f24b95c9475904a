// The browser host transport: fetch for commands (POST /api/<command>), a WebSocket at /api/events
// for pushed events (reconnecting with full-jitter backoff), streaming uploads and ticket downloads
// to endpoints of this host only, and the access token taken from the launch address.
import type { CommandInput, CommandName, CommandResult } from '../../../../shared/contract';
import type { PushedEventName, PushedEvents } from '../../../../shared/events';
import { AppError } from '../../../../shared/errors';
import { ListenerSet, readHostResponse, StateHub, type ApiClient, type DownloadedFile, type Listener, type UploadOptions } from './client';

export interface HttpApiOptions {
  /** e.g. http://127.0.0.1:4780 */
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  /** Backoff for WebSocket reconnects: full jitter between 0 and min(maxMs, baseMs·2^attempt). */
  backoff?: { baseMs: number; maxMs: number };
  random?: () => number;
  /** Used for uploads that report progress (fetch cannot); defaults to the global one unless fetch is injected. */
  XMLHttpRequest?: typeof XMLHttpRequest;
}

/** The file name of a Content-Disposition header (RFC 6266: filename* wins over filename). */
export function fileNameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[2]!.trim());
    } catch {
      /* fall back to the plain parameter */
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  if (!plain) return null;
  return plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2]!;
}

function isAbort(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

/** POST with XMLHttpRequest for its upload progress events; the answer comes back as a Response. */
function xhrPost(XHR: typeof XMLHttpRequest, url: string, headers: Record<string, string>, body: Blob, options: UploadOptions): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XHR();
    const onAbort = () => xhr.abort();
    const done = () => options.signal?.removeEventListener('abort', onAbort);
    xhr.open('POST', url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.lengthComputable ? e.total : body.size);
    xhr.onload = () => {
      done();
      const nullBody = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
      resolve(new Response(nullBody ? null : xhr.responseText, { status: xhr.status, headers: { 'Content-Type': xhr.getResponseHeader('Content-Type') ?? 'application/json' } }));
    };
    xhr.onerror = () => {
      done();
      reject(new Error('the connection failed or was closed'));
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
    };
    if (options.signal?.aborted) return reject(new DOMException('The upload was cancelled.', 'AbortError'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    xhr.send(body);
  });
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
  // A caller that injects fetch owns the network: the global XMLHttpRequest would go around it.
  const XHR = opts.XMLHttpRequest ?? (opts.fetch || typeof XMLHttpRequest === 'undefined' ? undefined : XMLHttpRequest);

  /** An endpoint of this host only: the bearer token must never be sent to another origin. */
  function endpoint(path: string, query: Record<string, string>): URL {
    const base = new URL(opts.baseUrl);
    const url = new URL(path, base);
    if (url.origin !== base.origin || !url.pathname.startsWith('/api/')) throw new AppError('invalid_input', `${path} is not an endpoint of this console.`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  }

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
    async upload<T>(path: string, body: Blob, query: Record<string, string>, headers: Record<string, string> = {}, options: UploadOptions = {}): Promise<T> {
      if (!opts.token) throw new AppError('forbidden', NO_TOKEN_MESSAGE);
      const url = endpoint(path, query).toString();
      const all = { ...headers, Authorization: `Bearer ${opts.token}`, 'Content-Type': 'application/octet-stream' };
      let res: Response;
      try {
        res = options.onProgress && XHR ? await xhrPost(XHR, url, all, body, options) : await doFetch(url, { method: 'POST', headers: all, body, ...(options.signal ? { signal: options.signal } : {}) });
      } catch (err) {
        if (isAbort(err)) throw new AppError('unavailable', 'The upload was cancelled; nothing was added.');
        throw new AppError(
          'unavailable',
          `The upload to the Command Post backend broke off (${path}): ${err instanceof Error ? err.message : String(err)}. Is the host still running and the vault unlocked?`,
        );
      }
      return readHostResponse<T>(res, `upload ${path}`);
    },
    downloadUrl: (path, query = {}) => endpoint(path, query).toString(),
    async download(path: string, query: Record<string, string> = {}): Promise<DownloadedFile> {
      if (!opts.token) throw new AppError('forbidden', NO_TOKEN_MESSAGE);
      const url = endpoint(path, query).toString();
      let res: Response;
      try {
        res = await doFetch(url, { method: 'GET', headers: { Authorization: `Bearer ${opts.token}` } });
      } catch (err) {
        throw new AppError('unavailable', `Cannot reach the Command Post backend (download): ${err instanceof Error ? err.message : String(err)}. Is the host still running?`);
      }
      if (!res.ok) {
        await readHostResponse<unknown>(res, `download ${path}`);
        throw new AppError('internal', `The backend answered download ${path} with HTTP ${res.status}.`);
      }
      let blob: Blob;
      try {
        blob = await res.blob();
      } catch (err) {
        // The host destroys the connection on a mid-stream failure: never hand back a short file.
        throw new AppError('unavailable', `The download broke off before the end (${err instanceof Error ? err.message : String(err)}); export again.`);
      }
      return { blob, fileName: fileNameFromDisposition(res.headers.get('Content-Disposition')), contentType: res.headers.get('Content-Type') ?? 'application/octet-stream' };
    },
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
