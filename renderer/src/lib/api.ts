// THE only module in the renderer that talks to the backend. At start-up it picks a transport:
// the Electron preload (`window.commandPost`) when present, otherwise the browser host (fetch for
// commands, a WebSocket for pushed events). Both answer with the same contract, and every failure
// becomes an AppError whose message names the problem.
import type { CommandInput, CommandName, CommandPostApi, CommandResult } from '../../../shared/contract';
import type { PushedEventName, PushedEvents } from '../../../shared/events';
import type { VaultImportFilesResult, VaultSaveExportResult } from '../../../shared/desktop';
import { AppError, isErrorBody } from '../../../shared/errors';
import { ipcErrorToAppError } from '../../../shared/ipcErrors';
import type { ExportFormat } from '../../../shared/domain/vault';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized';
export type Transport = 'electron' | 'http' | 'custom';

export interface ApiClient extends CommandPostApi {
  readonly transport: Transport;
  /** State of the link to the backend (the WebSocket for the browser host). */
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Called after a reconnect: pushed events may have been missed, so caches must refetch. */
  onResync(listener: () => void): () => void;
  /**
   * Send `body` to a streaming endpoint of the backend (today `/api/vault/upload`) and resolve with
   * the `data` of its answer, failing with an AppError like `invoke`. The browser host streams any
   * size (progress comes from XMLHttpRequest). Electron has no HTTP server: it sends bodies up to
   * INLINE_UPLOAD_MAX_BYTES inline through the matching command, or through the preload's
   * `upload` channel once it offers one (see StreamingBridge).
   */
  upload<T = unknown>(path: string, body: Blob, query: Record<string, string>, headers?: Record<string, string>, options?: UploadOptions): Promise<T>;
  /** Absolute URL of a GET endpoint of the browser host, e.g. an export's one-time ticket path. */
  downloadUrl(path: string, query?: Record<string, string>): string;
  /** GET a download endpoint with the bearer token (a plain link cannot send it) into a Blob. */
  download(path: string, query?: Record<string, string>): Promise<DownloadedFile>;
  /**
   * Electron only (absent on the browser host): the system "open" dialog, then every chosen file is
   * encrypted into the incident's vault by the main process, streamed from its path (any size).
   */
  pickAndImportFiles?(incidentId: string): Promise<VaultImportFilesResult>;
  /** Electron only: the system "save" dialog, then the export is streamed to the chosen file. */
  saveExport?(id: string, format: ExportFormat, passphrase?: string): Promise<VaultSaveExportResult>;
  close(): void;
}

export interface UploadOptions {
  /** Bytes handed to the network so far, and the total. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

export interface DownloadedFile {
  blob: Blob;
  /** From Content-Disposition, when the backend sent one. */
  fileName: string | null;
  contentType: string;
}

/**
 * What a future Electron preload may add next to invoke/subscribe: a streaming upload channel
 * (e.g. a MessagePort fed from Blob.stream()). When present, createElectronApi uses it for every
 * size instead of the inline fallback.
 */
export interface StreamingBridge {
  upload?(path: string, body: Blob, query: Record<string, string>, headers: Record<string, string>, options?: UploadOptions): Promise<unknown>;
  /** The preload's native vault dialogs (main/app/fileDialogs.ts); the main process picks the path. */
  vaultFiles?: {
    importFiles(incidentId: string): Promise<unknown>;
    saveExport(id: string, format: ExportFormat, passphrase?: string): Promise<unknown>;
  };
}

/** Largest body sent inline over IPC: the contract takes 16 MiB of base64, i.e. 12 MiB of bytes. */
export const INLINE_UPLOAD_MAX_BYTES = 12 * 1024 * 1024;

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

const mib = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;

function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) s += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(s);
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

type InlineUpload = (invoke: CommandPostApi['invoke'], dataBase64: string, query: Record<string, string>, headers: Record<string, string>) => Promise<unknown>;

/** Streaming endpoints and the command each one is sent through when there is no HTTP server. */
const INLINE_UPLOADS: Record<string, { command: CommandName; send: InlineUpload }> = {
  '/api/vault/upload': {
    command: 'artifacts:import',
    send: (invoke, dataBase64, query, headers) => {
      const bundlePassphrase = headerValue(headers, 'X-Bundle-Passphrase');
      const source = query.source === 'file' || query.source === 'paste' ? query.source : undefined;
      return invoke('artifacts:import', {
        incidentId: query.incidentId ?? '',
        name: query.name ?? '',
        dataBase64,
        ...(bundlePassphrase ? { bundlePassphrase } : {}),
        ...(source ? { source } : {}),
      });
    },
  },
};

const BIG_FILE_HINT = 'Larger files need the desktop file dialog ("Add files…"), which this app version does not offer; use the browser console (npm run web), which streams any size.';
const BIG_FILE_HINT_NATIVE = 'Choose it with "Add files…": the system file dialog streams any size.';

/** Electron (and test) transports: small bodies go inline through the endpoint's command. */
async function inlineUpload(
  invoke: CommandPostApi['invoke'],
  path: string,
  body: Blob,
  query: Record<string, string>,
  headers: Record<string, string>,
  options: UploadOptions,
  bigFileHint = BIG_FILE_HINT,
): Promise<unknown> {
  const route = INLINE_UPLOADS[path];
  if (!route) throw new AppError('unknown_command', `${path} cannot be reached from the app window (no streaming channel and no inline fallback).`);
  const what = query.name ? `“${query.name}”` : 'This file';
  if (body.size > INLINE_UPLOAD_MAX_BYTES) {
    throw new AppError(
      'invalid_input',
      `${what} is ${mib(body.size)}; the app window sends files up to ${mib(INLINE_UPLOAD_MAX_BYTES)} directly. ${bigFileHint}`,
      [{ path: 'file', message: `is larger than ${INLINE_UPLOAD_MAX_BYTES} bytes` }],
    );
  }
  options.signal?.throwIfAborted();
  const dataBase64 = bytesToBase64(new Uint8Array(await body.arrayBuffer()));
  options.signal?.throwIfAborted();
  try {
    const result = await route.send(invoke, dataBase64, query, headers);
    options.onProgress?.(body.size, body.size);
    return result;
  } catch (err) {
    throw toAppError(err, route.command);
  }
}

function noHttpServer(): never {
  throw new AppError('unavailable', 'Downloads by ticket exist only on the browser host; the app window exports inline or to a path.');
}

/** Wrap the Electron preload's bridge. */
export function createElectronApi(bridge: CommandPostApi & StreamingBridge): ApiClient {
  const hub = new StateHub('connected');
  const files = bridge.vaultFiles;
  const native = !!files && typeof files.importFiles === 'function' && typeof files.saveExport === 'function';
  const client: ApiClient = {
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
    async upload<T>(path: string, body: Blob, query: Record<string, string>, headers: Record<string, string> = {}, options: UploadOptions = {}): Promise<T> {
      if (typeof bridge.upload === 'function') {
        try {
          return (await bridge.upload(path, body, query, headers, options)) as T;
        } catch (err) {
          throw toAppError(err, path);
        }
      }
      return (await inlineUpload((n, i) => bridge.invoke(n, i), path, body, query, headers, options, native ? BIG_FILE_HINT_NATIVE : BIG_FILE_HINT)) as T;
    },
    downloadUrl: noHttpServer,
    download: () => Promise.reject(new AppError('unavailable', 'Downloads by ticket exist only on the browser host; the app window exports inline or to a path.')),
    close: () => undefined,
  };
  if (native && files) {
    client.pickAndImportFiles = async (incidentId) => {
      try {
        return (await files.importFiles(incidentId)) as VaultImportFilesResult;
      } catch (err) {
        throw toAppError(err, 'vault import');
      }
    };
    client.saveExport = async (id, format, passphrase) => {
      try {
        return (await (passphrase === undefined ? files.saveExport(id, format) : files.saveExport(id, format, passphrase))) as VaultSaveExportResult;
      } catch (err) {
        throw toAppError(err, 'vault export');
      }
    };
  }
  return client;
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

let current: ApiClient | null = null;

/** Choose the transport once, at start-up. */
export function createApi(win: Window = window): ApiClient {
  const bridge = (win as unknown as { commandPost?: CommandPostApi }).commandPost;
  if (bridge && typeof bridge.invoke === 'function') return createElectronApi(bridge as CommandPostApi & StreamingBridge);
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

/** Adapt any CommandPostApi (e.g. a fake in tests) to an ApiClient that is always connected; uploads go inline. */
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
    async upload<T>(path: string, body: Blob, query: Record<string, string>, headers: Record<string, string> = {}, options: UploadOptions = {}): Promise<T> {
      return (await inlineUpload((n, i) => api.invoke(n, i), path, body, query, headers, options)) as T;
    },
    downloadUrl: noHttpServer,
    download: () => Promise.reject(new AppError('unavailable', 'Downloads by ticket exist only on the browser host.')),
    close: () => undefined,
  };
}
