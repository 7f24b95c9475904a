import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_BODY_BYTES, startHost, type RunningHost } from '../../../main/host/server';
import { rawRequest } from '../../helpers/rawHttp';
import { tempCore, tempDir } from '../../helpers/tempCore';

const TOKEN = 'test-token-0123456789abcdef';
/** Request line and headers of the raw requests below. */
const HEAD_ALLOWANCE = 1024;
/**
 * What a server may read past the body limit before it stops: the socket reads already in flight
 * when the limit is crossed (libuv reads up to 64 KiB at a time).
 */
const OVERREAD_ALLOWANCE = 256 * 1024;
let core: Awaited<ReturnType<typeof tempCore>>;
let host: RunningHost;
let staticDir: string;
let base: string;

beforeAll(async () => {
  core = await tempCore();
  staticDir = tempDir('cp-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Command Post</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(staticDir), 'cp-secret.txt'), 'secret');
  host = await startHost({ core, token: TOKEN, port: 0, staticDir });
  base = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host.close();
  await core.cleanup();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

async function api(name: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

/** Raw request so we control Host/Origin headers exactly. */
function raw(opts: { method?: string; path: string; headers?: Record<string, string | number>; body?: Buffer | string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method: opts.method ?? 'POST', path: opts.path, headers: opts.headers }, (res) => {
      let data = '';
      res.on('data', (d) => (data += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: data }));
    });
    req.on('error', (e) => reject(e));
    req.end(opts.body);
  });
}

describe('browser host', () => {
  it('binds to 127.0.0.1 only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    return new Promise<void>((resolve) => {
      // The port is not reachable on another local address (e.g. 127.0.0.2 is still loopback but not bound).
      const s = net.connect({ host: '127.0.0.2', port: host.port });
      s.on('connect', () => {
        s.destroy();
        throw new Error('reachable on 127.0.0.2');
      });
      s.on('error', () => resolve());
    });
  });

  it('answers health without a token', async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: expect.any(String), schemaVersion: expect.any(Number) });
  });

  it('runs commands with the token and returns typed errors', async () => {
    const declared = await api('incidents:declare', { title: 'Host test', severity: 'SEV-2' });
    expect(declared.status).toBe(200);
    expect(declared.json).toMatchObject({ ok: true, data: { humanId: expect.stringMatching(/^INC-\d{4}-\d{4}$/) } });
    const bad = await api('incidents:declare', { title: '', severity: 'SEV-7' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: expect.arrayContaining([expect.objectContaining({ path: 'severity' }), expect.objectContaining({ path: 'title' })]) } });
    expect((await api('incidents:get', { id: 'INC-1900-0001' })).status).toBe(404);
    expect((await api('incidents:frobnicate', {})).json).toMatchObject({ error: { code: 'unknown_command' } });
    expect((await api('incidents:frobnicate', {})).status).toBe(404);
    const notJson = await api('incidents:list', '{"status": ');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.message).toMatch(/not valid JSON/);
  });

  it('refuses a missing or wrong token with 401 and writes nothing', async () => {
    const before = (await api('incidents:list', {})).json.data.length;
    expect((await api('incidents:declare', { title: 'x', severity: 'SEV-1' }, { Authorization: '' })).status).toBe(401);
    expect((await api('incidents:declare', { title: 'x', severity: 'SEV-1' }, { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await api('incidents:declare', { title: 'x', severity: 'SEV-1' }, { Authorization: `Basic ${TOKEN}` })).status).toBe(401);
    expect((await api('incidents:list', {})).json.data.length).toBe(before);
  });

  it('refuses a foreign Origin or Host with 403', async () => {
    expect((await api('incidents:list', {}, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await api('incidents:list', {}, { Origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
    const rebinding = await raw({ path: '/api/incidents:list', headers: { Host: `attacker.example:${host.port}`, Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(rebinding.status).toBe(403);
  });

  it('requires application/json (blocks cross-site form posts)', async () => {
    const r = await raw({ path: '/api/incidents:list', headers: { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(r.status).toBe(415);
  });

  it('parses the media type exactly: only application/json (UTF-8) is JSON', async () => {
    const send = (type: string) =>
      raw({ path: '/api/incidents:list', headers: { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${TOKEN}`, 'Content-Type': type }, body: '{}' });
    for (const type of ['application/json-evil', 'application/jsonx', 'text/json', 'application/json/x', 'application/json, text/plain', 'application/json; charset=utf-16', 'application/json;charset', 'application/merge-patch+json', ' ']) {
      const r = await send(type);
      expect(r.status, type).toBe(415);
      expect(JSON.parse(r.body).error.message, type).toMatch(/Content-Type must be application\/json/);
    }
    for (const type of ['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json ; charset=UTF-8 ;']) {
      expect((await send(type)).status, type).toBe(200);
    }
  });

  it('answers 400 naming the path for a malformed percent-escape in the command path', async () => {
    const r = await raw({ path: '/api/cmd/%E0%A4%A', headers: { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toContain('/api/cmd/%E0%A4%A');
    expect(body.error.issues).toEqual([{ path: '(path)', message: expect.stringMatching(/percent-encod/) }]);
  });

  it('closes the connection right after a refusal, without waiting for a trickled body', async () => {
    const refusals: Array<[string, Record<string, string>, number]> = [
      ['no token', { 'Content-Type': 'application/json' }, 401],
      ['foreign Origin', { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, Origin: 'https://evil.example' }, 403],
      ['not JSON', { 'Content-Type': 'text/plain', Authorization: `Bearer ${TOKEN}` }, 415],
      ['declared oversize', { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, 'Content-Length': String(50 * 1024 * 1024) }, 413],
    ];
    for (const [what, headers, status] of refusals) {
      const s = net.connect({ host: '127.0.0.1', port: host.port });
      s.on('error', () => undefined); // a reset after the refusal is one way to be closed
      await once(s, 'connect');
      const all: Record<string, string> = { Host: `127.0.0.1:${host.port}`, 'Content-Length': '100000', ...headers };
      s.write(`POST /api/incidents:declare HTTP/1.1\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
      let response = '';
      s.on('data', (d: Buffer) => (response += d.toString('latin1')));
      let trickled = 0;
      const tick = setInterval(() => {
        if (s.writable) {
          s.write('x');
          trickled++;
        }
      }, 20);
      const closed = new Promise<'closed'>((resolve) => s.once('close', () => resolve('closed')));
      const bound = new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 10_000).unref());
      const outcome = await Promise.race([closed, bound]);
      clearInterval(tick);
      s.destroy();
      expect(outcome, what).toBe('closed');
      expect(trickled, what).toBeLessThan(100000); // the client was still sending when the server let go
      expect(response, what).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(response.toLowerCase(), what).toContain('connection: close');
    }
  });

  it('answers 413 for a declared oversize body without reading it', async () => {
    // The client keeps offering the body; the server answers from the headers alone and closes.
    const r = await rawRequest({
      port: host.port,
      head: `POST /api/timeline:append HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}`,
      frame: Buffer.alloc(64 * 1024, 0x61),
      frames: 256,
      everyMs: 5,
    });
    expect(r.status, JSON.stringify(r)).toBe(413);
    expect(JSON.parse(r.body)).toEqual({ ok: false, error: { code: 'invalid_input', message: `Request body is larger than ${MAX_BODY_BYTES} bytes.` } });
    expect(r.headers.connection).toBe('close');
    expect(r.closedByServer).toBe(true);
    // Node's HTTP parser takes what one socket read brings in with the headers; nothing beyond.
    console.log(`declared 413: server read ${r.serverRead} bytes, ${r.serverReadAtAnswer} when the answer arrived; client offered ${r.offered}`);
    expect(r.serverRead).toBeLessThanOrEqual(HEAD_ALLOWANCE + 64 * 1024);
  });

  it('answers 413 for an oversize chunked body and stops reading it', async () => {
    const frame = Buffer.alloc(64 * 1024, 0x61);
    const r = await rawRequest({
      port: host.port,
      head: `POST /api/timeline:append HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked`,
      frame,
      frames: 256, // 16 MiB offered
      everyMs: 0,
      chunked: true,
    });
    // The server's own answer, read from the socket: a dropped connection has none.
    expect(r.status, JSON.stringify({ ...r, body: r.body.slice(0, 200) })).toBe(413);
    expect(JSON.parse(r.body)).toEqual({ ok: false, error: { code: 'invalid_input', message: `Request body is larger than ${MAX_BODY_BYTES} bytes.` } });
    expect(r.headers.connection).toBe('close');
    expect(r.closedByServer).toBe(true);
    // What the server read, counted on its end of the connection: the limit, plus what the reads
    // already under way brought in before it let go; never the 16 MiB offered.
    console.log(`chunked 413: server read ${r.serverRead} bytes (limit ${MAX_BODY_BYTES}), ${r.serverReadAtAnswer} when the answer arrived; client offered ${r.offered}`);
    expect(r.serverRead).toBeGreaterThan(MAX_BODY_BYTES);
    expect(r.serverRead).toBeLessThanOrEqual(MAX_BODY_BYTES + OVERREAD_ALLOWANCE);
  });

  it('serves the renderer with a strict CSP and never outside its folder', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await (await fetch(`${base}/assets/app.js`)).text()).toBe('console.log(1)');
    // A path that climbs out of the folder is resolved inside it: here to a file that does not
    // exist, so the answer is exactly the renderer's index.html (its client-side routes), never
    // the file beside the folder and never an error.
    const index = fs.readFileSync(path.join(staticDir, 'index.html'), 'utf8');
    for (const p of ['/../cp-secret.txt', '/%2e%2e/cp-secret.txt', '/assets/..%2f..%2fcp-secret.txt', '/assets/%2e%2e%2f%2e%2e%2fcp-secret.txt', '/..%5c..%5ccp-secret.txt']) {
      const r = await raw({ method: 'GET', path: p, headers: { Host: `127.0.0.1:${host.port}` } });
      expect(r.status, p).toBe(200);
      expect(r.body, p).toBe(index);
      expect(r.body).not.toContain('secret');
    }
    // Climbing out and back in reaches only files inside the folder.
    const back = await raw({ method: 'GET', path: '/assets/..%2f..%2fassets%2fapp.js', headers: { Host: `127.0.0.1:${host.port}` } });
    expect(back).toMatchObject({ status: 200, body: 'console.log(1)' });
  });

  it('pushes db:changed over the WebSocket to token holders only', async () => {
    const denied = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, ['commandpost', 'bearer.wrong']);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(denied).toBe(401);
    const foreign = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, ['commandpost', `bearer.${TOKEN}`], { origin: 'https://evil.example' });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(foreign).toBe(403);

    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, ['commandpost', `bearer.${TOKEN}`]);
    const messages: any[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (m) => {
        messages.push(JSON.parse(String(m)));
        if (messages.length === 1) resolve();
      });
      ws.on('error', reject);
    });
    expect(ws.protocol).toBe('commandpost');
    const inc = (await api('incidents:declare', { title: 'Pushed', severity: 'SEV-3' })).json.data;
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (messages.some((m) => m.event === 'db:changed' && m.data.incidentId === inc.id)) {
          clearInterval(t);
          resolve();
        }
      }, 10);
      setTimeout(() => {
        clearInterval(t);
        resolve();
      }, 3000);
    });
    ws.close();
    expect(messages[0]).toMatchObject({ event: 'host:hello' });
    expect(messages.find((m) => m.event === 'db:changed')).toEqual({ event: 'db:changed', data: { domains: expect.arrayContaining(['incidents', 'timeline']), incidentId: inc.id } });
  });
});

describe('host process', () => {
  it('prints exactly one line when ready, and closes cleanly on SIGTERM', async () => {
    const dataDir = tempDir('cp-host-');
    // --demo opens the demo's own folder beside dataDir; no vendor sandbox is looked for.
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/host/cli.ts', '--port', '0', '--data-dir', dataDir, '--token', TOKEN, '--demo', '--demo-sandbox', 'off'], {
      cwd: path.resolve(__dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const line = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no listening line: ${stdout}`)), 30_000);
      child.stdout.on('data', () => {
        if (stdout.includes('\n')) {
          clearTimeout(t);
          resolve(stdout.split('\n')[0]!);
        }
      });
    });
    expect(line).toMatch(new RegExp(`^Command Post listening on http://127\\.0\\.0\\.1:(\\d+)/\\?token=${TOKEN}$`));
    const port = Number(/:(\d+)\//.exec(line)![1]);
    const list = await fetch(`http://127.0.0.1:${port}/api/incidents:list`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: '{}' });
    const incidents = ((await list.json()) as any).data;
    expect(incidents).toHaveLength(1);
    expect(incidents[0].mode).toBe('exercise');
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}-demo`, { recursive: true, force: true });
  });

  it('rejects bad arguments with a one-line message and exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/host/cli.ts', '--port', 'eighty'], { cwd: path.resolve(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be an integer from 0 to 65535');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('slow request bodies', () => {
  it('answers 408 to a command body that trickles in past the deadline, but lets a long-running route finish', async () => {
    const c = await tempCore();
    let streamed = 0;
    const h = await startHost({
      core: c,
      token: TOKEN,
      port: 0,
      requestTimeoutMs: 300,
      routes: [
        {
          method: 'POST',
          path: '/api/slow-upload',
          longRunning: true,
          async handle(req, res) {
            for await (const chunk of req) streamed += (chunk as Buffer).length;
            res.writeHead(200, { 'Content-Type': 'application/json' });
            res.end('{"ok":true}');
          },
        },
      ],
    });
    const send = (path: string) =>
      new Promise<number>((resolve) => {
        const req = http.request({ host: '127.0.0.1', port: h.port, method: 'POST', path, headers: { Host: `127.0.0.1:${h.port}`, Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve(-1));
        let n = 0;
        const tick = setInterval(() => {
          if (req.destroyed) return clearInterval(tick);
          if (n++ < 8) req.write(' ');
          else {
            clearInterval(tick);
            req.end('{}');
          }
        }, 100);
      });
    try {
      expect(await send('/api/incidents:list')).toBe(408);
      expect(await send('/api/slow-upload')).toBe(200);
      expect(streamed).toBe(10);
    } finally {
      await h.close();
      await c.cleanup();
    }
  });
});

describe('connection cap', () => {
  /** One keep-alive request on an open socket; resolves with the status line. */
  function request(s: net.Socket, port: number): Promise<string> {
    return new Promise((resolve, reject) => {
      let got = '';
      const onData = (d: Buffer) => {
        got += d.toString('latin1');
        const head = got.indexOf('\r\n\r\n');
        const len = /content-length: (\d+)/i.exec(got);
        if (head >= 0 && len && got.length >= head + 4 + Number(len[1])) {
          s.off('data', onData);
          resolve(got.split('\r\n')[0]!);
        }
      };
      s.on('data', onData);
      s.once('error', reject);
      s.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    });
  }

  it('refuses connections above the cap with a clear 503 while the open ones keep working', async () => {
    const c = await tempCore();
    const h = await startHost({ core: c, token: TOKEN, port: 0, maxConnections: 3 });
    const sockets: net.Socket[] = [];
    const connect = async () => {
      const s = net.connect({ host: '127.0.0.1', port: h.port });
      s.on('error', () => undefined);
      sockets.push(s);
      await once(s, 'connect');
      return s;
    };
    try {
      const open = [await connect(), await connect(), await connect()];
      for (const s of open) expect(await request(s, h.port)).toBe('HTTP/1.1 200 OK');

      const extra = await connect();
      let refusal = '';
      extra.on('data', (d: Buffer) => (refusal += d.toString('latin1')));
      await Promise.race([once(extra, 'close'), new Promise((r) => setTimeout(r, 10_000).unref())]);
      expect(extra.destroyed).toBe(true);
      expect(refusal).toMatch(/^HTTP\/1\.1 503 /);
      expect(refusal.toLowerCase()).toContain('connection: close');
      expect(JSON.parse(refusal.slice(refusal.indexOf('\r\n\r\n') + 4)).error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/too many open connections.*3/i) });

      // The connections that were let in are still served.
      for (const s of open) expect(await request(s, h.port)).toBe('HTTP/1.1 200 OK');

      // Closing one frees a place (the server sees the close asynchronously: bounded retries).
      open[0]!.destroy();
      let admitted = '';
      for (let i = 0; i < 50 && !admitted.startsWith('HTTP/1.1 200'); i++) {
        const s = await connect();
        admitted = await Promise.race([request(s, h.port).catch(() => ''), new Promise<string>((r) => s.once('close', () => r('')))]);
        if (!admitted.startsWith('HTTP/1.1 200')) await new Promise((r) => setTimeout(r, 20));
      }
      expect(admitted).toBe('HTTP/1.1 200 OK');
    } finally {
      for (const s of sockets) s.destroy();
      await h.close();
      await c.cleanup();
    }
  });
});
