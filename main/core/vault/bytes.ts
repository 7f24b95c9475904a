// Byte-stream plumbing for the vault: everything is a pull-based AsyncIterable<Buffer>, so a slow
// consumer (disk, socket) throttles the producer and memory stays bounded by a few chunks.
import { createHash, type Hash } from 'node:crypto';

/** A FIFO of buffers that hands out exact-size slices, copying only when a slice spans buffers. */
export class ByteQueue {
  private bufs: Buffer[] = [];
  private head = 0;
  length = 0;

  push(b: Uint8Array): void {
    if (b.length === 0) return;
    this.bufs.push(Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length));
    this.length += b.length;
  }

  take(n: number): Buffer {
    if (n > this.length) throw new RangeError('ByteQueue underflow');
    const first = this.bufs[0];
    if (first && first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) {
        this.bufs.shift();
        this.head = 0;
      }
      this.length -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    while (off < n) {
      const b = this.bufs[0]!;
      const avail = b.length - this.head;
      const k = Math.min(avail, n - off);
      b.copy(out, off, this.head, this.head + k);
      off += k;
      this.head += k;
      if (this.head === b.length) {
        this.bufs.shift();
        this.head = 0;
      }
    }
    this.length -= n;
    return out;
  }

  takeAll(): Buffer {
    return this.take(this.length);
  }
}

/** Read exactly n bytes from the front of a stream; returns them and the rest of the stream. */
export async function readPrefix(source: AsyncIterable<Uint8Array>, n: number): Promise<{ prefix: Buffer; rest: AsyncIterable<Buffer> }> {
  const it = source[Symbol.asyncIterator]();
  const q = new ByteQueue();
  while (q.length < n) {
    const r = await it.next();
    if (r.done) break;
    q.push(r.value);
  }
  const prefix = q.take(Math.min(n, q.length));
  const leftover = q.length > 0 ? q.takeAll() : null;
  async function* rest(): AsyncGenerator<Buffer> {
    if (leftover) yield leftover;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
    }
  }
  return { prefix, rest: rest() };
}

export interface Tapped {
  bytes: number;
  sha256(): string;
  /** The first bytes seen (for content sniffing), at most `keepHead`. */
  head(): Buffer;
}

/** Count, hash and keep the head of a stream as it passes through. */
export function tap(source: AsyncIterable<Uint8Array>, keepHead = 0, limit = Number.POSITIVE_INFINITY, onLimit?: () => Error): { stream: AsyncIterable<Buffer>; info: Tapped } {
  const hash: Hash = createHash('sha256');
  const headQ = new ByteQueue();
  let digest: string | null = null;
  const info: Tapped = {
    bytes: 0,
    sha256: () => (digest ??= hash.digest('hex')),
    head: () => (headQ.length ? headQ.take(headQ.length) : Buffer.alloc(0)),
  };
  async function* run(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      info.bytes += b.length;
      if (info.bytes > limit) throw onLimit ? onLimit() : new RangeError('stream is larger than allowed');
      hash.update(b);
      if (headQ.length < keepHead) headQ.push(Buffer.from(b.subarray(0, keepHead - headQ.length)));
      yield b;
    }
  }
  return { stream: run(), info };
}

export async function* fromBuffer(b: Buffer, piece = 1024 * 1024): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += piece) yield b.subarray(i, Math.min(b.length, i + piece));
}

export async function collect(source: AsyncIterable<Uint8Array>, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const q = new ByteQueue();
  for await (const c of source) {
    q.push(c);
    if (q.length > limit) throw new RangeError('stream is larger than allowed');
  }
  return q.length ? q.takeAll() : Buffer.alloc(0);
}

/** Consume a stream without keeping it (used to authenticate every chunk before releasing any). */
export async function drain(source: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const c of source) n += c.length;
  return n;
}
