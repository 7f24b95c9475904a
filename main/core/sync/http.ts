// The one way adapters reach a vendor: fetch with a timeout and an abort signal, and a clear
// distinction between "the vendor answered" (a status, however bad) and "no answer" (transport).
export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The body as text, at most MAX_RESPONSE_BYTES of it. */
  text: string;
  /** Parsed JSON body, or null when the body is not JSON (or was cut at the cap). */
  json: unknown;
  /** The body was longer than MAX_RESPONSE_BYTES: the rest was never read. */
  truncated: boolean;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export type HttpClient = (req: HttpRequest) => Promise<HttpResponse>;

/** No vendor answer we act on is anywhere near this; anything longer is cut off unread. */
export const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

/**
 * Read at most `cap` bytes of a body, chunk by chunk as they arrive, then stop: the rest is never
 * buffered (a hostile or broken server streaming gigabytes costs about the cap, not the stream).
 */
async function readCapped(body: ReadableStream<Uint8Array> | null, cap: number, stop: () => void): Promise<{ buf: Buffer; truncated: boolean }> {
  if (!body) return { buf: Buffer.alloc(0), truncated: false };
  const reader = body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { buf: Buffer.concat(chunks, size), truncated: false };
    const room = cap - size;
    if (value.byteLength > room) {
      if (room > 0) chunks.push(Buffer.from(value.buffer, value.byteOffset, room));
      // Cancel the stream and abort the request, so the connection is closed instead of drained.
      await reader.cancel().catch(() => undefined);
      stop();
      return { buf: Buffer.concat(chunks, cap), truncated: true };
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    size += value.byteLength;
  }
}

export interface HttpClientOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  userAgent?: string;
  /**
   * Applied to the body text before anyone sees it (credentials a vendor echoes back); the JSON is
   * parsed from the body as received, and whatever is built from it is redacted by the engine.
   */
  redact?: (text: string) => string;
}

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  return async (req) => {
    const cut = new AbortController();
    const signals = [AbortSignal.timeout(opts.timeoutMs), cut.signal];
    if (opts.signal) signals.push(opts.signal);
    let res: Response;
    try {
      res = await fetch(req.url, {
        method: req.method,
        headers: { 'User-Agent': opts.userAgent ?? 'CommandPost/0.1', ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...req.headers },
        ...(req.body !== undefined ? { body: req.body } : {}),
        signal: AbortSignal.any(signals),
        redirect: 'manual',
      });
    } catch (err) {
      throw new TransportError(describeTransport(err));
    }
    let raw: string;
    let truncated: boolean;
    try {
      const read = await readCapped(res.body, MAX_RESPONSE_BYTES, () => cut.abort());
      raw = read.buf.toString('utf8');
      truncated = read.truncated;
    } catch (err) {
      // The status line arrived but the body did not: we cannot know what the vendor decided.
      throw new TransportError(`response cut off: ${describeTransport(err)}`);
    }
    let json: unknown = null;
    if (raw.length > 0 && !truncated) {
      try {
        json = JSON.parse(raw);
      } catch {
        json = null;
      }
    }
    return { status: res.status, headers: res.headers, text: opts.redact ? opts.redact(raw) : raw, json, truncated };
  };
}

function describeTransport(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no answer before the timeout';
  if (e?.name === 'AbortError') return 'cancelled';
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  return code ? `network error ${code}` : `network error (${e?.cause?.message ?? e?.message ?? 'unknown'})`;
}

/** Shorten a vendor's message for storage and display; never more than one screen line. */
export function vendorMessage(text: string, max = 300): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
