// The browser host: the built renderer and the command contract over HTTP + WebSocket on 127.0.0.1,
// guarded by a per-launch token, an Origin/Host check, body limits and a connection cap. A request
// refused before its body is read (401, 403, 405, 413, 415, a malformed path) closes its connection,
// so a client cannot hold a socket open by trickling a body nobody will read.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PushedEnvelope } from '../../shared/events';
import type { ErrorBody, ErrorCode } from '../../shared/errors';
import type { Core } from '../core/createCore';
import { SCHEMA_VERSION } from '../core/db/migrations';
import { APP_VERSION } from '../core/version';
import { isMediaType, securityHeaders, tokenMatches } from './security';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Time to receive a whole request (headers have their own 15 s) unless its route is longRunning. */
export const REQUEST_TIMEOUT_MS = 60_000;
export const BIND_ADDRESS = '127.0.0.1';
/**
 * Concurrent TCP connections (HTTP keep-alive and WebSocket alike). A browser opens about six per
 * origin and a facilitator's tools a few more; the cap keeps a runaway or hostile local client from
 * exhausting file descriptors and memory.
 */
export const MAX_CONNECTIONS = 256;

export interface HostOptions {
  core: Core;
  token: string;
  port?: number;
  /** The built renderer (out/renderer); when missing, only the API is served. */
  staticDir?: string | null;
  /** Extra routes (e.g. streaming uploads) tried after auth, before the command API. */
  routes?: HostRoute[];
  /** Override REQUEST_TIMEOUT_MS (tests). */
  requestTimeoutMs?: number;
  /** Override MAX_CONNECTIONS. */
  maxConnections?: number;
}

export interface HostRoute {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /**
   * The body may take longer than REQUEST_TIMEOUT_MS to arrive (multi-GiB streaming uploads).
   * Only authenticated requests get the exemption; the route must bound its own body size.
   */
  longRunning?: boolean;
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void>;
}

export interface RunningHost {
  readonly port: number;
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  unknown_command: 404,
  conflict: 409,
  profile_required: 409,
  forbidden: 403,
  unavailable: 503,
  storage_error: 507,
  internal: 500,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

export function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

export function sendError(res: http.ServerResponse, status: number, error: ErrorBody, extra: Record<string, string> = {}): void {
  sendJson(res, status, { ok: false, error }, extra);
}

/** Read a request body up to `limit` bytes; answers 413 itself (without buffering) when over. */
export function readBody(req: http.IncomingMessage, res: http.ServerResponse, limit = MAX_BODY_BYTES): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    tooLarge(req, res, limit);
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        tooLarge(req, res, limit);
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', () => {
      if (!done) {
        done = true;
        resolve(null);
      }
    });
  });
}

/**
 * Answer without reading the body, then drop the connection once the answer is flushed: the rest of
 * the body is never read or buffered, and a client trickling it cannot keep the socket.
 */
export function refuseAndClose(req: http.IncomingMessage, res: http.ServerResponse, status: number, error: ErrorBody, extra: Record<string, string> = {}): void {
  res.once('finish', () => req.socket.destroy());
  sendError(res, status, error, { ...extra, Connection: 'close' });
}

function tooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
  refuseAndClose(req, res, 413, { code: 'invalid_input', message: `Request body is larger than ${limit} bytes.` });
}

function clipPath(p: string): string {
  return p.length <= 200 ? p : `${p.slice(0, 200)}…`;
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const { core, token } = opts;
  const staticDir = opts.staticDir && fs.existsSync(path.join(opts.staticDir, 'index.html')) ? path.resolve(opts.staticDir) : null;
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  /** DNS-rebinding and cross-site guard: Host must be ours; Origin, when sent, must be ours. */
  function foreign(req: http.IncomingMessage): string | null {
    const host = req.headers.host;
    if (!host || !allowedHosts().has(host.toLowerCase())) return 'Host header is not this console';
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return 'Origin is not this console';
    return null;
  }

  function bearer(req: http.IncomingMessage): string | null {
    const h = req.headers.authorization;
    if (!h) return null;
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    return m ? m[1]! : null;
  }

  const requestTimeoutMs = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;

  /**
   * Node's server.requestTimeout is one value for every request and cannot be lifted for one, so it
   * is off and this per-request deadline does its job (408, then the connection is dropped) for
   * everything except authenticated requests to longRunning routes. Headers keep Node's 15 s limit.
   */
  function requestDeadline(req: http.IncomingMessage, res: http.ServerResponse): () => void {
    const timer = setTimeout(() => {
      if (req.complete) return;
      if (!res.headersSent) {
        sendError(res, 408, { code: 'unavailable', message: `The request was not received within ${Math.round(requestTimeoutMs / 1000)} s.` }, { Connection: 'close' });
        res.on('finish', () => req.destroy());
      } else req.destroy();
    }, requestTimeoutMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    req.once('close', clear);
    return clear;
  }

  // Connections over the cap get a plain 503 and are closed before the HTTP parser sees a request.
  // The 'connection' listener runs before Node's HTTP one (prepended), so the count is exact.
  const maxConnections = opts.maxConnections ?? MAX_CONNECTIONS;
  let openConnections = 0;
  let refusing = false;
  const overCap = new WeakSet<Socket>();
  function refuseConnection(socket: Socket): void {
    overCap.add(socket);
    if (!refusing) {
      refusing = true;
      process.stderr.write(`host: refusing connections: ${openConnections} open, the cap is ${maxConnections}\n`);
    }
    const body = JSON.stringify({ ok: false, error: { code: 'unavailable', message: `Too many open connections to this console (the cap is ${maxConnections}); close other tabs or clients and retry.` } });
    socket.on('error', () => undefined);
    socket.end(
      `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      () => socket.destroy(),
    );
  }

  const server = http.createServer((req, res) => {
    if (overCap.has(req.socket)) {
      req.socket.destroy();
      return;
    }
    const exempt = requestDeadline(req, res);
    handle(req, res, exempt).catch((err: unknown) => {
      process.stderr.write(`host: request failed: ${err instanceof Error ? err.message : String(err)}\n`);
      if (!res.headersSent) sendError(res, 500, { code: 'internal', message: 'Internal error; nothing was saved.' });
      else res.destroy();
    });
  });
  server.headersTimeout = 15_000;
  server.requestTimeout = 0; // see requestDeadline
  server.prependListener('connection', (socket: Socket) => {
    if (openConnections >= maxConnections) return refuseConnection(socket);
    openConnections++;
    socket.once('close', () => {
      openConnections--;
      if (openConnections < maxConnections) refusing = false;
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, exemptFromDeadline: () => void): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      const target = clipPath(req.url ?? '');
      return refuseAndClose(req, res, 400, { code: 'invalid_input', message: `The request target "${target}" is not a valid URL.`, issues: [{ path: '(path)', message: 'is not a valid URL' }] });
    }
    const method = req.method ?? 'GET';

    if (url.pathname === '/api/health' && method === 'GET') {
      sendJson(res, 200, { ok: true, version: APP_VERSION, schemaVersion: SCHEMA_VERSION });
      return;
    }

    if (url.pathname.startsWith('/api/')) {
      const bad = foreign(req);
      if (bad) return refuseAndClose(req, res, 403, { code: 'forbidden', message: `${bad}.` });
      if (!tokenMatches(token, bearer(req))) {
        return refuseAndClose(req, res, 401, { code: 'forbidden', message: 'Missing or wrong token: use Authorization: Bearer <token> from the launch URL.' }, { 'WWW-Authenticate': 'Bearer' });
      }
      for (const r of opts.routes ?? []) {
        if (r.method === method && r.path === url.pathname) {
          if (r.longRunning) exemptFromDeadline();
          return r.handle(req, res, url);
        }
      }
      if (method !== 'POST') return refuseAndClose(req, res, 405, { code: 'invalid_input', message: `Use POST for commands.` }, { Allow: 'POST' });
      let name: string;
      try {
        name = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        const p = clipPath(url.pathname);
        return refuseAndClose(req, res, 400, { code: 'invalid_input', message: `The command path "${p}" is not valid percent-encoding (UTF-8).`, issues: [{ path: '(path)', message: `"${p}" is not valid percent-encoding` }] });
      }
      if (!isMediaType(req.headers['content-type'], 'application/json', { utf8Only: true })) {
        // Also blocks "simple" cross-site form posts, which cannot send application/json.
        return refuseAndClose(req, res, 415, { code: 'invalid_input', message: 'Content-Type must be application/json (UTF-8), e.g. "application/json; charset=utf-8".' });
      }
      const body = await readBody(req, res);
      if (body === null) return;
      let input: unknown = {};
      if (body.length > 0) {
        try {
          input = JSON.parse(body.toString('utf8'));
        } catch (err) {
          return sendError(res, 400, { code: 'invalid_input', message: `Body is not valid JSON: ${(err as Error).message.slice(0, 200)}`, issues: [{ path: '(body)', message: 'is not valid JSON' }] });
        }
      }
      const result = await core.dispatch(name, input, { transport: 'http' });
      if (result.ok) return sendJson(res, 200, result);
      return sendError(res, STATUS_BY_CODE[result.error.code] ?? 500, result.error);
    }

    if (method !== 'GET' && method !== 'HEAD') return refuseAndClose(req, res, 405, { code: 'invalid_input', message: 'Method not allowed.' }, { Allow: 'GET' });
    return serveStatic(url, res);
  }

  function serveStatic(url: URL, res: http.ServerResponse): void {
    const headers = securityHeaders(port);
    if (!staticDir) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end('The renderer has not been built. Run `npm run build`, then start the host again.\n');
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, headers);
      res.end();
      return;
    }
    let file = path.resolve(staticDir, '.' + path.posix.normalize('/' + rel));
    if (!file.startsWith(staticDir + path.sep) && file !== staticDir) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(staticDir, 'index.html');
    const ext = path.extname(file);
    const cache = file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-store';
    res.writeHead(200, { 'Content-Type': MIME[ext] ?? 'application/octet-stream', 'Cache-Control': cache, ...headers });
    fs.createReadStream(file).pipe(res);
  }

  // Pushed events over WebSocket. Browsers cannot set headers on a WebSocket, so the token comes as
  // a subprotocol "bearer.<token>" (kept out of URLs and logs) or, for tools, ?token=.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, handleProtocols: (protocols) => (protocols.has('commandpost') ? 'commandpost' : false) });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    if (overCap.has(req.socket)) return socket.destroy();
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return reject(400, 'Bad Request');
    }
    if (url.pathname !== '/api/events') return reject(404, 'Not Found');
    if (foreign(req)) return reject(403, 'Forbidden');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim());
    const fromProtocol = offered.find((p) => p.startsWith('bearer.'))?.slice('bearer.'.length);
    if (!tokenMatches(token, fromProtocol ?? url.searchParams.get('token'))) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', () => undefined);
      ws.send(JSON.stringify({ event: 'host:hello', data: { version: APP_VERSION } }));
    });
  });
  const unsubscribe = core.subscribe((e: PushedEnvelope) => {
    const text = JSON.stringify(e);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });
  const heartbeat = setInterval(() => {
    for (const ws of sockets) ws.ping();
  }, 15_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, BIND_ADDRESS, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://${BIND_ADDRESS}:${port}/?token=${token}`,
    async close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const ws of sockets) ws.close(1001, 'host shutting down');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
