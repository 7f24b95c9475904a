// A tiny base for the fake vendor servers: a real HTTP server on 127.0.0.1, JSON helpers, an
// effects ledger (what the vendor actually did, counted by idempotency key) and an inspection API:
//   GET  /__fake/effects  → { effects: {key: count}, log: [...] }
//   POST /__fake/reset    → forget everything
//   POST /__fake/config   → { rateLimit?: boolean, fail?: {status, times} } for contract tests
// Every request that reaches a fake is also logged with the ledger keys it carries (requestIds), so
// a test can compare a retry with its first attempt at the vendor itself.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeKind } from './index';
import { requestIds } from './ledger';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  raw: string;
  json: unknown;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send this exact text instead of JSON (Teams answers "1"). */
  text?: string;
}

export type Route = (req: FakeRequest) => FakeResponse | Promise<FakeResponse> | null;

export interface EffectLog {
  at: number;
  key: string;
  effect: string;
  detail?: unknown;
}

export class Effects {
  readonly counts = new Map<string, number>();
  readonly log: EffectLog[] = [];
  /** Every request that reached the vendor (after the proxy), for ordering checks. */
  received = 0;
  record(key: string, effect: string, detail?: unknown): void {
    const k = `${effect}:${key}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    this.log.push({ at: Date.now(), key, effect, ...(detail !== undefined ? { detail } : {}) });
  }
  reset(): void {
    this.counts.clear();
    this.log.length = 0;
    this.received = 0;
  }
  toJSON(): { effects: Record<string, number>; log: EffectLog[]; received: number } {
    return { effects: Object.fromEntries(this.counts), log: this.log, received: this.received };
  }
}

/** One request as the fake vendor saw it. */
export interface ReceivedRequest {
  seq: number;
  /** Arrival time (Date.now()). */
  at: number;
  method: string;
  path: string;
  write: boolean;
  /** Ledger keys the request carries (see ledger.ts). */
  ids: string[];
  /** For a read: the ledger keys its answer showed to exist. */
  found: string[];
  /** The fault the fake itself injected, if any. */
  fault: WriteFault | 'failNext' | null;
  /** The status the fake answered; null when it dropped the response. */
  status: number | null;
}

/**
 * Injected at the vendor, for writes only: `error500` answers 500 without acting; `dropResponse`
 * acts, then closes the connection without answering (the client cannot know it worked).
 */
export type WriteFault = 'error500' | 'dropResponse';

export interface FakeOptions {
  name: string;
  port?: number;
  /** Apply the vendor's documented rate limit (off in fault runs, where the proxy injects 429s). */
  rateLimit?: boolean;
}

export interface RunningFake {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly effects: Effects;
  /** Every request that reached the fake (after any proxy), in arrival order. */
  readonly requests: ReceivedRequest[];
  /** Per-test switches: make the next `times` requests answer `status` (contract tests). */
  failNext(status: number, times: number, body?: unknown, headers?: Record<string, string>): void;
  /**
   * Fault the first write of each ledger key (a key never written before), at most `limit` times:
   * every item's first attempt fails and its retry goes through. Bounded, so a retry that carries
   * a different key fails the test's key checks instead of looping forever.
   */
  faultFirstWrites(fault: WriteFault, limit: number): void;
  setRateLimit(on: boolean): void;
  close(): Promise<void>;
}

export async function startFake(opts: FakeOptions, build: (ctx: { effects: Effects; rateLimited: () => boolean }) => Route[]): Promise<RunningFake> {
  const effects = new Effects();
  let rateLimit = opts.rateLimit ?? false;
  let fail: { status: number; times: number; body?: unknown; headers?: Record<string, string> } | null = null;
  const routes = build({ effects, rateLimited: () => rateLimit });
  const sockets = new Set<Socket>();
  const requests: ReceivedRequest[] = [];
  const written = new Set<string>();
  let writeFault: { fault: WriteFault; left: number } | null = null;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 2 * 1024 * 1024) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const raw = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        let badJson = false;
        if (raw.length) {
          try {
            json = JSON.parse(raw);
          } catch {
            badJson = true;
          }
        }
        const send = (r: FakeResponse) => {
          const text = r.text ?? (r.body === undefined ? '' : JSON.stringify(r.body));
          res.writeHead(r.status, {
            'Content-Type': r.text !== undefined ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(text),
            Date: new Date().toUTCString(),
            ...r.headers,
          });
          res.end(text);
        };
        if (url.pathname === '/__fake/effects') return send({ status: 200, body: effects.toJSON() });
        if (url.pathname === '/__fake/reset' && req.method === 'POST') {
          effects.reset();
          requests.length = 0;
          written.clear();
          return send({ status: 204 });
        }
        effects.received++;
        const wire = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: raw };
        const asked = requestIds(opts.name as FakeKind, wire);
        const entry: ReceivedRequest = { seq: requests.length + 1, at: Date.now(), method: wire.method, path: url.pathname, write: asked.write, ids: asked.ids, found: [], fault: null, status: null };
        requests.push(entry);
        const answer = (r: FakeResponse) => {
          entry.status = r.status;
          if (!entry.write) entry.found = requestIds(opts.name as FakeKind, wire, { status: r.status, body: r.text ?? (r.body === undefined ? '' : JSON.stringify(r.body)) }).found;
          send(r);
        };
        if (fail && fail.times > 0) {
          fail.times--;
          const f = fail;
          if (fail.times === 0) fail = null;
          entry.fault = 'failNext';
          return answer({ status: f.status, body: f.body ?? { message: 'injected failure' }, ...(f.headers ? { headers: f.headers } : {}) });
        }
        let injected: WriteFault | null = null;
        if (entry.write && writeFault && writeFault.left > 0 && entry.ids.length > 0 && !entry.ids.some((id) => written.has(id))) {
          writeFault.left--;
          injected = writeFault.fault;
          entry.fault = injected;
        }
        if (entry.write) for (const id of entry.ids) written.add(id);
        if (injected === 'error500') return answer({ status: 500, body: { message: 'injected internal error (before acting)' } });
        if (badJson) return answer({ status: 400, body: { message: 'Request body is not valid JSON' } });
        const fr: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, raw, json };
        for (const route of routes) {
          const out = await route(fr);
          if (!out) continue;
          if (injected === 'dropResponse') {
            // The vendor acted; the answer never reaches the client.
            req.socket.destroy();
            return;
          }
          return answer(out);
        }
        answer({ status: 404, body: { message: `No route for ${fr.method} ${fr.path}` } });
      })().catch((err: unknown) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`fake crashed: ${String(err)}`);
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    name: opts.name,
    url: `http://127.0.0.1:${port}`,
    port,
    effects,
    requests,
    faultFirstWrites(fault, limit) {
      writeFault = { fault, left: limit };
    },
    failNext(status, times, body, headers) {
      fail = { status, times, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) };
    },
    setRateLimit(on) {
      rateLimit = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A token bucket per key: `perSecond` requests, answering false when empty. */
export function limiter(perSecond: number, burst = perSecond) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (key: string): boolean => {
    const now = Date.now();
    const b = buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
}

export function route(method: string, pattern: RegExp, fn: (req: FakeRequest, m: RegExpMatchArray) => FakeResponse | Promise<FakeResponse>): Route {
  return (req) => {
    if (req.method !== method) return null;
    const m = req.path.match(pattern);
    return m ? fn(req, m) : null;
  };
}
