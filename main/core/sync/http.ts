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
  text: string;
  /** Parsed JSON body, or null when the body is not JSON. */
  json: unknown;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export type HttpClient = (req: HttpRequest) => Promise<HttpResponse>;

const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

export function createHttpClient(opts: { timeoutMs: number; signal?: AbortSignal; userAgent?: string }): HttpClient {
  return async (req) => {
    const signals = [AbortSignal.timeout(opts.timeoutMs)];
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
    let text: string;
    try {
      const buf = await res.arrayBuffer();
      text = Buffer.from(buf.byteLength > MAX_RESPONSE_BYTES ? buf.slice(0, MAX_RESPONSE_BYTES) : buf).toString('utf8');
    } catch (err) {
      // The status line arrived but the body did not: we cannot know what the vendor decided.
      throw new TransportError(`response cut off: ${describeTransport(err)}`);
    }
    let json: unknown = null;
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    return { status: res.status, headers: res.headers, text, json };
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
