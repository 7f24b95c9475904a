// Streaming through the browser host: many artifacts of 0–8 MiB and one 512 MiB stream go up
// (POST /api/vault/upload) and come back (GET /api/vault/download) byte-identical, while resident
// memory grows by less than 100 MiB. The 512 MiB plaintext is generated on the fly and never
// written to disk; only ciphertext lands in the vault.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../../main/host/server';
import { vaultRoutes } from '../../../main/host/vaultRoutes';
import { mulberry32 } from '../../helpers/prng';
import { rawRequest } from '../../helpers/rawHttp';
import { PASSPHRASE, vaultCore, walk } from './helpers';

const SEED = 6;
const TOKEN = 'vault-stream-test-token-0123456789';
const BIG = Number(process.env.VAULT_STREAM_MIB ?? 512) * 1024 * 1024;
/** Headers (1 KiB) and the socket reads that arrive with them before Node pauses an unread request. */
const READ_ALLOWANCE = 1024 + 2 * 64 * 1024;

let core: Awaited<ReturnType<typeof vaultCore>>;
let host: RunningHost;

beforeAll(async () => {
  core = await vaultCore();
  await core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
  host = await startHost({ core, token: TOKEN, port: 0, staticDir: null, routes: vaultRoutes(core) });
});
afterAll(async () => {
  await host?.close();
  await core?.cleanup();
});

/** Deterministic pseudo-random bytes in 1 MiB blocks (cheap to regenerate for the comparison). */
function* blocks(total: number, seed: number): Generator<Buffer> {
  const r = mulberry32(seed);
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((r() * 2 ** 32) >>> 0, i);
  for (let off = 0, n = 0; off < total; off += block.length, n++) {
    const len = Math.min(block.length, total - off);
    const b = Buffer.from(block.subarray(0, len));
    if (len >= 4) b.writeUInt32LE(n, 0); // every block differs, so a reordered or repeated block changes the hash
    yield b;
  }
}

function upload(name: string, total: number, seed: number): Promise<{ status: number; body: any; sha256: string }> {
  const hash = createHash('sha256');
  return new Promise((resolve, reject) => {
    const req = http.request(
      `http://127.0.0.1:${host.port}/api/vault/upload?incidentId=${core.incident.id}&name=${encodeURIComponent(name)}`,
      { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream', 'Content-Length': String(total) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), sha256: hash.digest('hex') }));
      },
    );
    req.on('error', reject);
    const it = blocks(total, seed);
    const pump = () => {
      for (let r = it.next(); !r.done; r = it.next()) {
        hash.update(r.value);
        if (!req.write(r.value)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

async function download(id: string): Promise<{ sha256: string; bytes: number }> {
  const ex = await core.invoke('artifacts:export', { id, destination: 'download', format: 'plain' });
  const hash = createHash('sha256');
  let bytes = 0;
  await new Promise<void>((resolve, reject) => {
    http
      .get(`http://127.0.0.1:${host.port}${ex.downloadPath}`, { headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-disposition']).toMatch(/^attachment;/);
        res.on('data', (d: Buffer) => {
          hash.update(d);
          bytes += d.length;
        });
        res.on('end', resolve);
        res.on('error', reject);
      })
      .on('error', reject);
  });
  return { sha256: hash.digest('hex'), bytes };
}

describe('streaming import and export', () => {
  it(`round-trips many artifacts of 0–8 MiB (seed ${SEED})`, async () => {
    const r = mulberry32(SEED);
    const sizes = [0, 1, 65535, 65536, 65537, 131072, 8 * 1024 * 1024];
    for (let i = 0; i < 13; i++) sizes.push(Math.floor(r() * 8 * 1024 * 1024));
    for (const [i, size] of sizes.entries()) {
      const up = await upload(`part-${i}.bin`, size, SEED + i);
      expect(up.status, JSON.stringify(up.body)).toBe(200);
      expect(up.body.data).toMatchObject({ size, plaintextSha256: up.sha256, source: 'upload' });
      const down = await download(up.body.data.id);
      expect(down).toEqual({ sha256: up.sha256, bytes: size });
    }
    expect(walk(core.vault.store.tmpDir)).toEqual([]);
  });

  it(`streams ${BIG / 1024 / 1024} MiB up and down intact (its memory growth is a bench figure: bench/hostStream.bench.ts)`, async () => {
    (globalThis as { gc?: () => void }).gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    try {
      const up = await upload('huge-capture.pcap', BIG, 512);
      expect(up.status, JSON.stringify(up.body)).toBe(200);
      expect(up.body.data.size).toBe(BIG);
      const down = await download(up.body.data.id);
      expect(down).toEqual({ sha256: up.sha256, bytes: BIG });
    } finally {
      clearInterval(sampler);
    }
    const growthMiB = (peak - base) / 1024 / 1024;
    // The memory figure is a bench figure (bench/hostStream.bench.ts: growth against the stream's size).
    console.log(`vault stream: ${BIG / 1024 / 1024} MiB round trip, RSS growth ${growthMiB.toFixed(1)} MiB (base ${(base / 1024 / 1024).toFixed(0)} MiB)`);
  }, 240_000);

  it('refuses uploads while locked, without reading the body, and bad parameters name the field', async () => {
    const bad = await upload('', 10, 1);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('name');
    await core.invoke('vault:lock', {});
    // A 64 MiB upload offered slowly, 64 KiB at a time: the answer must come from the headers, and
    // the server's end of the connection must have read no more than what one socket read brings
    // in with them (Node stops reading a request nobody consumes once its buffer is full).
    const locked = await rawRequest({
      port: host.port,
      head: `POST /api/vault/upload?incidentId=${core.incident.id}&name=x.bin HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${64 * 1024 * 1024}`,
      frame: Buffer.alloc(64 * 1024, 0x42),
      frames: 128,
      everyMs: 5,
    });
    console.log(`locked upload: answered ${locked.status} after the server read ${locked.serverReadAtAnswer} bytes (${locked.serverRead} in all); the client offered ${locked.offered} of ${64 * 1024 * 1024}`);
    expect(locked.status).toBe(503);
    expect(JSON.parse(locked.body)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(locked.closedByServer).toBe(true);
    expect(locked.serverReadAtAnswer).toBeLessThanOrEqual(READ_ALLOWANCE);
    expect(locked.serverRead).toBeLessThanOrEqual(READ_ALLOWANCE);
    await core.invoke('vault:unlock', { passphrase: PASSPHRASE });
    const res = await fetch(`http://127.0.0.1:${host.port}/api/vault/download?ticket=AAAAAAAAAAAAAAAAAAAAAAAA`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    const noAuth = await fetch(`http://127.0.0.1:${host.port}/api/vault/upload?incidentId=x&name=y`, { method: 'POST', body: 'x', headers: { 'Content-Type': 'application/octet-stream' } });
    expect(noAuth.status).toBe(401);
  });
});
