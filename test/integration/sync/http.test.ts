// The vendor HTTP client reads a response body only up to its cap: a vendor (or anything posing as
// one) streaming an endless body costs about the cap, not the whole stream. Measured as the bytes the
// server managed to hand to its socket before the client went away, not as time.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { createHttpClient } from '../../../main/core/sync/http';

/** The client's documented cap on a vendor's response body. */
const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

/** Where the server gives up on its own, so a client that never stops cannot run the test forever. */
const SERVER_LIMIT = 256 * 1024 * 1024;
/** Kernel socket buffers on loopback may hold a few MiB the client never read. */
const SLACK = 16 * 1024 * 1024;

let server: http.Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = null;
});

/** A server that streams `chunk` until the client goes away (or SERVER_LIMIT), honouring backpressure. */
async function streamingServer(status: number, chunk: Buffer): Promise<{ url: string; written: Promise<number> }> {
  let resolveWritten!: (n: number) => void;
  const written = new Promise<number>((r) => (resolveWritten = r));
  server = http.createServer((req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    const socket = res.socket!;
    let offered = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolveWritten(socket.bytesWritten);
    };
    res.on('close', finish);
    const pump = () => {
      while (!done && offered < SERVER_LIMIT) {
        offered += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!done) res.end(finish);
    };
    req.resume();
    pump();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/enqueue`, written };
}

test('an endless 200 body: the client stops at the cap and the server gets to write about that much', async () => {
  const srv = await streamingServer(200, Buffer.alloc(64 * 1024, 'a'));
  const res = await createHttpClient({ timeoutMs: 60_000 })({ method: 'POST', url: srv.url, body: '{}' });
  const written = await srv.written;
  expect(written, `bytes the server wrote (cap ${MAX_RESPONSE_BYTES})`).toBeLessThan(MAX_RESPONSE_BYTES + SLACK);
  expect(res.status).toBe(200);
  expect(res.truncated).toBe(true);
  expect(Buffer.byteLength(res.text)).toBe(MAX_RESPONSE_BYTES);
  expect(res.json).toBeNull();
});

test('an endless error body: the status and the start of the text still arrive', async () => {
  const srv = await streamingServer(500, Buffer.from('{"message":"upstream exploded"} '.repeat(2048)));
  const res = await createHttpClient({ timeoutMs: 60_000 })({ method: 'GET', url: srv.url });
  const written = await srv.written;
  expect(written).toBeLessThan(MAX_RESPONSE_BYTES + SLACK);
  expect(res.status).toBe(500);
  expect(res.truncated).toBe(true);
  expect(res.text.startsWith('{"message":"upstream exploded"}')).toBe(true);
});

test('a body within the cap is read whole and parsed', async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(202, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', message: 'Event processed', pad: 'x'.repeat(1024 * 1024) }));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const res = await createHttpClient({ timeoutMs: 10_000 })({ method: 'GET', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
  expect(res.status).toBe(202);
  expect(res.truncated).toBe(false);
  expect((res.json as { message: string }).message).toBe('Event processed');
});
