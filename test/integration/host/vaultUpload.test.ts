// The streamed vault upload on the real browser host: every failure answers (507 on a full disk,
// 500 with a reason on any other I/O error, never silence), a client that goes away is told apart
// by its socket, and every refusal is audited like a refused command.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../../main/host/server';
import { vaultRoutes } from '../../../main/host/vaultRoutes';
import { mountSmallDisk, type SmallDisk } from '../../helpers/fullDisk';
import { rawRequest } from '../../helpers/rawHttp';
import { InMemoryOsKeyStore, vaultCore, walk } from '../vault/helpers';

const TOKEN = 'vault-upload-test-token-0123456789';
type VCore = Awaited<ReturnType<typeof vaultCore>>;
let core: VCore | null = null;
let host: RunningHost | null = null;
let disk: SmallDisk | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
  if (core) {
    if (disk) await core.close().catch(() => undefined);
    else await core.cleanup();
  }
  core = null;
  disk?.cleanup();
  disk = null;
});

async function setUp(opts: { onSmallDisk?: boolean; maxUploadBytes?: number } = {}): Promise<{ core: VCore; host: RunningHost }> {
  if (opts.onSmallDisk) disk = mountSmallDisk(16 * 1024);
  core = await vaultCore({ keyStore: new InMemoryOsKeyStore(), ...(disk ? { dataDir: path.join(disk.dir, 'data') } : {}) });
  await core.invoke('vault:create', { mode: 'keystore' });
  host = await startHost({ core, token: TOKEN, port: 0, staticDir: null, routes: vaultRoutes(core, opts.maxUploadBytes ? { maxUploadBytes: opts.maxUploadBytes } : {}) });
  return { core, host };
}

interface Answer {
  status: number;
  body: { ok: boolean; error?: { code: string; message: string } };
}

/** POST an upload; rejects if no answer arrives (the failure this file guards against). */
function upload(h: RunningHost, opts: { query: string; body: Buffer; headers?: Record<string, string> }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: h.port, method: 'POST', path: `/api/vault/upload?${opts.query}`, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream', 'Content-Length': String(opts.body.length), ...opts.headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] });
          } catch {
            reject(new Error(`HTTP ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('the host never answered the upload')));
    req.on('error', reject);
    req.end(opts.body);
  });
}

const q = (c: VCore, name = 'x.bin') => `incidentId=${c.incident.id}&name=${encodeURIComponent(name)}`;
const rows = async (c: VCore) => (await c.db.reader.get<{ n: number }>('SELECT count(*) AS n FROM artifacts'))!.n;
const lastAudit = (c: VCore) => c.db.reader.get<{ seq: number; command: string; outcome: string; transport: string }>('SELECT seq, command, outcome, transport FROM audit_log ORDER BY seq DESC LIMIT 1');
const auditCount = async (c: VCore) => (await c.db.reader.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;

describe('upload failures answer', () => {
  it('507 with a reason when the disk is full, for 10 bytes and for a body still streaming', async () => {
    const { core, host } = await setUp({ onSmallDisk: true });
    disk!.fill();
    for (const size of [10, 3 * 1024 * 1024]) {
      const res = await upload(host, { query: q(core), body: Buffer.alloc(size, 0x41) });
      expect(res.status, JSON.stringify(res.body)).toBe(507);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'storage_error', message: expect.stringMatching(/disk .*is full/) } });
    }
    expect(walk(core.vault.store.tmpDir)).toEqual([]);
    disk!.free();
    expect(await rows(core)).toBe(0);
    // Space again: the same upload goes through.
    expect((await upload(host, { query: q(core), body: Buffer.from('0123456789') })).status).toBe(200);
  });

  it('500 with a reason on any other I/O error', async () => {
    const { core, host } = await setUp();
    // The staging folder vanished under the vault: opening the temp file fails with ENOENT.
    fs.rmSync(core.vault.store.tmpDir, { recursive: true });
    const res = await upload(host, { query: q(core), body: Buffer.from('0123456789') });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/ENOENT/) } });
    expect(await rows(core)).toBe(0);
    fs.mkdirSync(core.vault.store.tmpDir, { mode: 0o700 });
  });

  it('a client that goes away mid-upload gets nothing and leaves nothing', async () => {
    const { core, host } = await setUp();
    await new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, method: 'POST', path: `/api/vault/upload?${q(core)}`, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream', 'Content-Length': String(8 * 1024 * 1024) } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(256 * 1024, 0x42), () => setTimeout(() => req.destroy(), 50));
    });
    // Bounded wait for the host to notice the closed socket and clean the staging up.
    for (let i = 0; i < 100 && walk(core.vault.store.tmpDir).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(walk(core.vault.store.tmpDir)).toEqual([]);
    expect(await rows(core)).toBe(0);
  });
});

describe('upload refusals are audited like refused commands', () => {
  it('locked, too large, wrong content type, bad parameters, unknown incident, not a bundle: one audit row each', async () => {
    const { core, host } = await setUp({ maxUploadBytes: 1024 });
    const cases: Array<[string, () => Promise<Answer>, number, string]> = [
      ['wrong content type', () => upload(host, { query: q(core), body: Buffer.from('x'), headers: { 'Content-Type': 'text/plain' } }), 415, 'invalid_input'],
      ['look-alike content type', () => upload(host, { query: q(core), body: Buffer.from('x'), headers: { 'Content-Type': 'application/octet-stream-evil' } }), 415, 'invalid_input'],
      ['too large (declared)', () => upload(host, { query: q(core), body: Buffer.alloc(2048) }), 413, 'invalid_input'],
      ['bad parameters', () => upload(host, { query: `incidentId=${core.incident.id}&name=`, body: Buffer.from('x') }), 400, 'invalid_input'],
      ['unknown incident', () => upload(host, { query: 'incidentId=INC-2026-9999&name=x.bin', body: Buffer.from('x') }), 404, 'not_found'],
      ['not a bundle', () => upload(host, { query: q(core), body: Buffer.from('plain bytes'), headers: { 'X-Bundle-Passphrase': 'some passphrase' } }), 400, 'invalid_input'],
      [
        'locked',
        async () => {
          await core.invoke('vault:lock', {});
          return upload(host, { query: q(core), body: Buffer.from('x') });
        },
        503,
        'unavailable',
      ],
    ];
    for (const [label, send, status, code] of cases) {
      const before = await auditCount(core);
      const res = await send();
      expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.error?.code, label).toBe(code);
      const audits = (await auditCount(core)) - before - (label === 'locked' ? 1 : 0);
      expect(audits, `${label}: audit rows`).toBe(1);
      expect(await lastAudit(core), label).toMatchObject({ command: 'artifacts:import', outcome: `error:${code}`, transport: 'http' });
    }
    expect(await rows(core)).toBe(0);
    expect(walk(core.vault.store.tmpDir)).toEqual([]);
  });

  it('an unknown incident or a locked vault is refused before the body is read', async () => {
    const { core, host } = await setUp();
    /**
     * Sends headers and one chunk of a declared 64 MiB body, never the rest: only an early refusal
     * answers. Counts what the server's end of the connection read: at most that one chunk.
     */
    const partial = async (query: string) => {
      const r = await rawRequest({
        port: host.port,
        head: `POST /api/vault/upload?${query} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${64 * 1024 * 1024}`,
        frame: Buffer.alloc(64 * 1024, 0x43),
        frames: 1,
        everyMs: 0,
      });
      expect(r.closedByServer, query).toBe(true);
      expect(r.serverRead, query).toBeLessThanOrEqual(1024 + 64 * 1024);
      return r.status;
    };
    expect(await partial('incidentId=INC-2026-9999&name=x.bin')).toBe(404);
    await core.invoke('vault:lock', {});
    expect(await partial(q(core))).toBe(503);
    expect(walk(core.vault.store.tmpDir)).toEqual([]);
  });
});
