// A fault-injecting HTTP proxy in front of one fake vendor, seeded so a failing run can be
// replayed: drop the request, drop the response after the server acted, duplicate, reorder, delay,
// reset the connection, answer 500 or 429 (Retry-After as seconds or an HTTP date). `setDown(true)`
// resets every connection (and every open one) for network flapping. It keeps the port bound on
// purpose: a released ephemeral port can be taken by another listener (the host itself), which
// would then "answer" for the vendor.
import { mulberry32 } from '../helpers/prng';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeKind } from './index';
import { requestIds } from './ledger';

export interface FaultProfile {
  dropRequest: number;
  dropResponse: number;
  duplicate: number;
  reorder: number;
  delay: number;
  reset: number;
  http500: number;
  http429: number;
  /** Upper bound of an injected delay, real ms (keep it below the client's timeout). */
  maxDelayMs: number;
}

export const NO_FAULTS: FaultProfile = { dropRequest: 0, dropResponse: 0, duplicate: 0, reorder: 0, delay: 0, reset: 0, http500: 0, http429: 0, maxDelayMs: 0 };

/** quality.md item 6. */
export const QUALITY_PROFILE: FaultProfile = { dropRequest: 0.1, dropResponse: 0.1, duplicate: 0.05, reorder: 0.05, delay: 0.05, reset: 0.02, http500: 0.05, http429: 0.05, maxDelayMs: 40 };

export interface ProxyStats {
  requests: number;
  forwarded: number;
  droppedRequests: number;
  droppedResponses: number;
  duplicates: number;
  reordered: number;
  delayed: number;
  resets: number;
  injected500: number;
  injected429: number;
  refusedWhileDown: number;
  /** 2xx answers that actually reached the client. */
  delivered2xx: number;
}

/** One request through the proxy, with the ledger keys it carried (when the vendor kind is known). */
export interface ProxiedRequest {
  method: string;
  url: string;
  write: boolean;
  ids: string[];
  /** For a read: what the vendor's answer showed to exist. */
  found: string[];
  fault: Fault;
  /** What the vendor answered (the first answer of a duplicate); null when it never got the request. */
  upstream: number | null;
  /** What the client was sent; null when it got no answer (dropped, reset). */
  client: number | null;
}

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  readonly seed: number;
  readonly stats: ProxyStats;
  /** Every request, in arrival order; ids and found stay empty unless `kind` was given. */
  readonly log: ProxiedRequest[];
  setProfile(p: FaultProfile): void;
  setDown(down: boolean): Promise<void>;
  close(): Promise<void>;
}

// mulberry32 makes fault sequences reproducible from the printed seed.
export { mulberry32 };

export type Fault = 'dropRequest' | 'reset' | 'http500' | 'http429' | 'dropResponse' | 'duplicate' | 'reorder' | 'delay' | 'none';
const ORDER: Exclude<Fault, 'none'>[] = ['dropRequest', 'reset', 'http500', 'http429', 'dropResponse', 'duplicate', 'reorder', 'delay'];

export async function startFaultProxy(opts: { target: string; seed: number; profile?: FaultProfile; port?: number; kind?: FakeKind }): Promise<FaultProxy> {
  const target = new URL(opts.target);
  const rng = mulberry32(opts.seed);
  let profile = opts.profile ?? NO_FAULTS;
  const stats: ProxyStats = { requests: 0, forwarded: 0, droppedRequests: 0, droppedResponses: 0, duplicates: 0, reordered: 0, delayed: 0, resets: 0, injected500: 0, injected429: 0, refusedWhileDown: 0, delivered2xx: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<Socket>();
  let held: (() => void) | null = null;
  let down = false;
  const log: ProxiedRequest[] = [];

  const pick = (): Fault => {
    const r = rng();
    let acc = 0;
    for (const f of ORDER) {
      acc += profile[f];
      if (r < acc) return f;
    }
    return 'none';
  };

  const wireOf = (req: http.IncomingMessage, body: Buffer) => ({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: body.toString('utf8') });

  const forward = (req: http.IncomingMessage, body: Buffer, entry: ProxiedRequest): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      stats.forwarded++;
      const up = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host, 'content-length': String(body.length) }, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    }).then((r) => {
      if (entry.upstream === null) {
        entry.upstream = r.status;
        if (opts.kind && !entry.write) entry.found = requestIds(opts.kind, wireOf(req, body), { status: r.status, body: r.body.toString('utf8') }).found;
      }
      return r;
    });

  const reply = (res: http.ServerResponse, r: { status: number; headers: http.IncomingHttpHeaders; body: Buffer }, entry: ProxiedRequest) => {
    entry.client = r.status;
    const headers = { ...r.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    headers['content-length'] = String(r.body.length);
    res.writeHead(r.status, headers);
    res.end(r.body);
    if (r.status >= 200 && r.status < 300) stats.delivered2xx++;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> => {
    stats.requests++;
    // A request arriving releases one that was held back: the two reach the server out of order.
    const release = held;
    held = null;
    const fault = pick();
    const asked = opts.kind ? requestIds(opts.kind, wireOf(req, body)) : { write: req.method !== 'GET', ids: [], found: [] };
    const entry: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', write: asked.write, ids: asked.ids, found: [], fault, upstream: null, client: null };
    log.push(entry);
    try {
      switch (fault) {
        case 'dropRequest':
          stats.droppedRequests++;
          req.socket.destroy();
          return;
        case 'reset':
          stats.resets++;
          req.socket.resetAndDestroy();
          return;
        case 'http500':
          stats.injected500++;
          reply(res, { status: 500, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"message":"injected internal error"}') }, entry);
          return;
        case 'http429': {
          stats.injected429++;
          const retryAfter = rng() < 0.5 ? '1' : new Date(Date.now() + 1000).toUTCString();
          reply(res, { status: 429, headers: { 'content-type': 'application/json', 'retry-after': retryAfter, date: new Date().toUTCString() }, body: Buffer.from('{"message":"injected rate limit"}') }, entry);
          return;
        }
        case 'dropResponse': {
          stats.droppedResponses++;
          await forward(req, body, entry);
          req.socket.destroy();
          return;
        }
        case 'duplicate': {
          stats.duplicates++;
          const [first] = await Promise.all([forward(req, body, entry), forward(req, body, entry)]);
          reply(res, first, entry);
          return;
        }
        case 'reorder': {
          stats.reordered++;
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, Math.max(5, profile.maxDelayMs));
            held = () => {
              clearTimeout(t);
              setTimeout(resolve, 2);
            };
          });
          reply(res, await forward(req, body, entry), entry);
          return;
        }
        case 'delay':
          stats.delayed++;
          await new Promise((r) => setTimeout(r, Math.floor(rng() * profile.maxDelayMs)));
          reply(res, await forward(req, body, entry), entry);
          return;
        default:
          reply(res, await forward(req, body, entry), entry);
      }
    } catch {
      // The vendor is unreachable from the proxy: the client sees a dropped connection.
      req.socket.destroy();
    } finally {
      release?.();
    }
  };

  const server = http.createServer((req, res) => {
    if (down) {
      stats.refusedWhileDown++;
      req.socket.resetAndDestroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)));
  });
  server.keepAliveTimeout = 2_000;
  server.on('connection', (s) => {
    if (down) {
      stats.refusedWhileDown++;
      s.resetAndDestroy();
      return;
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seed: opts.seed,
    stats,
    log,
    setProfile(p) {
      profile = p;
    },
    async setDown(d) {
      down = d;
      if (d) for (const s of sockets) s.resetAndDestroy();
    },
    async close() {
      down = true;
      if (server.listening) await stop();
      agent.destroy();
    },
  };
}
