// The generic API client: what every transport offers the renderer (commands, pushed events, the
// state of the link, streaming endpoints of the browser host), and how any failure becomes an
// AppError whose message names the problem. It knows no domain: a feature that needs more (the
// vault's uploads and native file dialogs) builds it on top (features/vault/upload.ts).
import type { CommandPostApi } from '../../../../shared/contract';
import { AppError, isErrorBody } from '../../../../shared/errors';
import { ipcErrorToAppError } from '../../../../shared/ipcErrors';

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
   * Stream `body` to an endpoint of the browser host and resolve with the `data` of its answer,
   * failing with an AppError like `invoke` (progress comes from XMLHttpRequest). Only the browser
   * host ('http') has such endpoints; the other transports answer 'unavailable'.
   */
  upload<T = unknown>(path: string, body: Blob, query: Record<string, string>, headers?: Record<string, string>, options?: UploadOptions): Promise<T>;
  /** Absolute URL of a GET endpoint of the browser host, e.g. an export's one-time ticket path. */
  downloadUrl(path: string, query?: Record<string, string>): string;
  /** GET a download endpoint with the bearer token (a plain link cannot send it) into a Blob. */
  download(path: string, query?: Record<string, string>): Promise<DownloadedFile>;
  /**
   * Electron only: the preload's bridge (window.commandPost) as it came, for a feature that uses a
   * channel of the preload beyond invoke/subscribe; that feature checks what it finds there.
   */
  readonly preload?: Readonly<Record<string, unknown>>;
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

export type Listener = (data: never) => void;

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

export class ListenerSet {
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

export class StateHub {
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

/** Streaming endpoints and ticket downloads need the browser host's HTTP server. */
export function noHttpServer(): never {
  throw new AppError('unavailable', 'Downloads by ticket exist only on the browser host; the app window exports inline or to a path.');
}

/** The app window and in-process clients have no streaming endpoints. */
export function noStreamingUpload(path: string): Promise<never> {
  return Promise.reject(new AppError('unavailable', `${path} is an endpoint of the browser host; the app window has no streaming uploads.`));
}

/** Adapt any CommandPostApi (e.g. a core in tests) to an ApiClient that is always connected, with no HTTP server. */
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
    upload: noStreamingUpload,
    downloadUrl: noHttpServer,
    download: () => Promise.reject(new AppError('unavailable', 'Downloads by ticket exist only on the browser host.')),
    close: () => undefined,
  };
}
