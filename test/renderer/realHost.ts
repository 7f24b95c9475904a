// The REAL browser host (main/host/server.ts with its vault routes) on 127.0.0.1 in front of a real
// core, and the renderer's real HTTP + WebSocket transport (createHttpApi) talking to it. The network
// clients are Node's fetch (the page's fetch in a browser) and the `ws` client (Node 20 has no
// WebSocket); a recording wrapper lists what the page sent without answering anything itself.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { Core } from '../../main/core/createCore';
import { startHost, type RunningHost } from '../../main/host/server';
import { vaultRoutes, type VaultRouteOptions } from '../../main/host/vaultRoutes';
import { createHttpApi, type ApiClient, type HttpApiOptions } from '../../renderer/src/lib/api';
import type { RealCores } from './realApi';

export const HOST_TOKEN = 'tok-0123456789abcdef';

export interface RecordedRequest {
  url: string;
  /** The very object the page passed (so a test can check the body was not copied). */
  init: RequestInit | undefined;
  /** The HTTP status of the answer, once it came (undefined while pending or when the request failed). */
  status?: number;
}

export interface RecordingFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  readonly calls: RecordedRequest[];
  /** Settles when every request sent so far has been answered (or has failed). */
  idle(): Promise<void>;
}

export function recordingFetch(): RecordingFetch {
  const calls: RecordedRequest[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const f = ((input: string | URL | Request, init?: RequestInit) => {
    const call: RecordedRequest = { url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, init };
    calls.push(call);
    const p = fetch(input, init).then((res) => {
      call.status = res.status;
      return res;
    });
    inFlight.add(p);
    const forget = () => inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }) as RecordingFetch;
  Object.assign(f, {
    calls,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  });
  return f;
}

export interface RealHost {
  readonly core: Core;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  readonly port: number;
  readonly token: string;
  /** What every client made by `client()` sent, in order. */
  readonly fetch: RecordingFetch;
  /** The renderer's HTTP transport to this host (closed after the test). */
  client(opts?: Partial<HttpApiOptions>): ApiClient;
  /** The backend goes away: the host closes its sockets and its port. */
  stop(): Promise<void>;
  /** The host comes back on the same port with the same token and core. */
  restart(): Promise<void>;
}

export interface RealHostOptions extends VaultRouteOptions {
  token?: string;
}

/** Start the browser host for `core`; it and its clients are closed after the test, before the core. */
export async function realHost(real: RealCores, core: Core, opts: RealHostOptions = {}): Promise<RealHost> {
  const token = opts.token ?? HOST_TOKEN;
  const routes = () => vaultRoutes(core, opts.maxUploadBytes !== undefined ? { maxUploadBytes: opts.maxUploadBytes } : {});
  let running: RunningHost | null = await startHost({ core, token, port: 0, staticDir: null, routes: routes() });
  const port = running.port;
  const base = `http://127.0.0.1:${port}`;
  const recorder = recordingFetch();
  const clients: ApiClient[] = [];

  const host: RealHost = {
    core,
    base,
    port,
    token,
    fetch: recorder,
    client(o = {}) {
      const c = createHttpApi({ baseUrl: base, token, fetch: recorder, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, ...o });
      clients.push(c);
      return c;
    },
    async stop() {
      const r = running;
      running = null;
      await r?.close();
    },
    async restart() {
      if (running) throw new Error('the host is still running');
      running = await startHost({ core, token, port, staticDir: null, routes: routes() });
    },
  };
  real.teardown(async () => {
    for (const c of clients) c.close();
    await recorder.idle();
    await host.stop();
  });
  return host;
}

/**
 * A plain HTTP server on 127.0.0.1 that is NOT the host (e.g. a proxy answering 502 with an HTML
 * page), for the answers the host never gives but a page can still receive. Closed after the test.
 */
export async function otherServer(real: RealCores, handler: http.RequestListener): Promise<{ base: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  real.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A loopback port with nothing listening (a host that has gone away for good). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
