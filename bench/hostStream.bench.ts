// Streaming evidence through the browser host (quality bar 10): one large artifact goes up
// (POST /api/vault/upload) and comes back (GET /api/vault/download) while the process's resident
// memory is sampled. The figure is the peak growth against the size of the stream: a streamed path
// stays flat however large the file, a buffered one grows with it. The bytes are generated on the fly
// and checked end to end (SHA-256), so the figure is of a round trip that worked.
//   npx tsx bench/hostStream.bench.ts            (alone)     npm run bench -- hostStream
// HOST_STREAM_BENCH_MIB sets the size (default 512, as test/integration/vault/stream.test.ts).
import { createHash } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHost } from '../main/host/server';
import { vaultRoutes } from '../main/host/vaultRoutes';
import { mulberry32 } from '../test/helpers/prng';
import { PASSPHRASE, vaultCore } from '../test/integration/vault/helpers';
import type { BenchResult } from './types';

const MiB = 1024 * 1024;
const SIZE_MIB = Number(process.env.HOST_STREAM_BENCH_MIB ?? 512);
const TOKEN = 'host-stream-bench-token-0123456789';

function* blocks(total: number, seed: number): Generator<Buffer> {
  const r = mulberry32(seed);
  const block = Buffer.alloc(MiB);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((r() * 2 ** 32) >>> 0, i);
  for (let off = 0, n = 0; off < total; off += block.length, n++) {
    const b = Buffer.from(block.subarray(0, Math.min(block.length, total - off)));
    if (b.length >= 4) b.writeUInt32LE(n, 0);
    yield b;
  }
}

export async function run(): Promise<BenchResult[]> {
  const core = await vaultCore();
  await core.invoke('vault:create', { mode: 'passphrase', passphrase: PASSPHRASE });
  const host = await startHost({ core, token: TOKEN, port: 0, staticDir: null, routes: vaultRoutes(core) });
  const total = SIZE_MIB * MiB;
  try {
    (globalThis as { gc?: () => void }).gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    let upMs = 0;
    let downMs = 0;
    try {
      const sent = createHash('sha256');
      const t0 = performance.now();
      const up = await new Promise<{ status: number; body: { data: { id: string; size: number; plaintextSha256: string } } }>((resolve, reject) => {
        const req = http.request(
          `http://127.0.0.1:${host.port}/api/vault/upload?incidentId=${core.incident.id}&name=capture.pcap`,
          { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream', 'Content-Length': String(total) } },
          (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (d: string) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as never }));
          },
        );
        req.on('error', reject);
        const it = blocks(total, 512);
        const pump = () => {
          for (let r = it.next(); !r.done; r = it.next()) {
            sent.update(r.value);
            if (!req.write(r.value)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      upMs = performance.now() - t0;
      const digest = sent.digest('hex');
      if (up.status !== 200 || up.body.data.size !== total || up.body.data.plaintextSha256 !== digest) throw new Error(`upload failed: ${up.status}`);

      const ex = await core.invoke('artifacts:export', { id: up.body.data.id, destination: 'download', format: 'plain' });
      const back = createHash('sha256');
      let bytes = 0;
      const t1 = performance.now();
      await new Promise<void>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${host.port}${ex.downloadPath}`, { headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
            if (res.statusCode !== 200) reject(new Error(`download answered ${res.statusCode}`));
            res.on('data', (d: Buffer) => {
              back.update(d);
              bytes += d.length;
            });
            res.on('end', resolve);
            res.on('error', reject);
          })
          .on('error', reject);
      });
      downMs = performance.now() - t1;
      if (bytes !== total || back.digest('hex') !== digest) throw new Error('the download differs from the upload');
    } finally {
      clearInterval(sampler);
    }
    const growth = (peak - base) / MiB;
    return [
      {
        name: `peak RSS growth, ${SIZE_MIB} MiB up and down through the browser host (one process: host, core, client)`,
        value: growth,
        unit: 'MiB',
        reference: { name: 'data streamed each way', value: SIZE_MIB },
        ratio: growth / SIZE_MIB,
        target: '< 100 MiB',
        pass: growth < 100,
      },
      { name: 'RSS before the stream', value: base / MiB, unit: 'MiB' },
      { name: `upload ${SIZE_MIB} MiB (POST, encrypt, fsync)`, value: SIZE_MIB / (upMs / 1000), unit: 'MiB/s' },
      { name: `download ${SIZE_MIB} MiB (verify pass, decrypt, GET)`, value: SIZE_MIB / (downMs / 1000), unit: 'MiB/s' },
    ];
  } finally {
    await host.close();
    await core.cleanup();
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  void run().then((rows) => {
    for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}${r.reference ? ` | ref ${r.reference.name}: ${r.reference.value}` : ''}${r.ratio !== undefined ? ` | ratio ${r.ratio.toFixed(3)}` : ''}`);
    process.exit(0);
  });
}
