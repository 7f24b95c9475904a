// The vault's streaming encryption format (one file per artifact):
//
//   header   'CPVAULT' ‖ version u8 ‖ chunkSize u32be ‖ reserved u32 (16 bytes)
//   records  nonce(12, random) ‖ AES-256-GCM ciphertext of ≤ chunkSize bytes ‖ tag(16)
//
// Every record's associated data binds the artifact id, the format version, the chunk size, the
// chunk index and a final-chunk flag. Reordering, duplication or dropping records changes an index;
// truncation at a chunk boundary turns a non-final record into the last one; moving a blob to
// another artifact changes the id (and the data key). Each of these fails authentication.
// Plaintext of a chunk is released only after its tag verified.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { ByteQueue } from './bytes';

export const FORMAT_VERSION = 1;
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
export const MAX_CHUNK_SIZE = 16 * 1024 * 1024;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const HEADER_BYTES = 16;
const MAGIC = Buffer.from('CPVAULT', 'ascii');

export class IntegrityError extends AppError {
  constructor(
    message: string,
    readonly chunk: number | null = null,
  ) {
    super('storage_error', message);
    this.name = 'IntegrityError';
  }
}

export function recordBytes(chunkSize: number): number {
  return NONCE_BYTES + chunkSize + TAG_BYTES;
}

/** Ciphertext length for a plaintext of `size` bytes. */
export function encryptedSize(size: number, chunkSize = DEFAULT_CHUNK_SIZE): number {
  const chunks = Math.max(1, Math.ceil(size / chunkSize));
  return HEADER_BYTES + size + chunks * (NONCE_BYTES + TAG_BYTES);
}

export function chunkAad(id: string, version: number, chunkSize: number, index: number, final: boolean): Buffer {
  const idBytes = Buffer.from(id, 'utf8');
  const b = Buffer.alloc(3 + 1 + 4 + 8 + 1 + 2 + idBytes.length);
  let o = b.write('cpv', 0, 'ascii');
  o = b.writeUInt8(version, o);
  o = b.writeUInt32BE(chunkSize, o);
  o = b.writeBigUInt64BE(BigInt(index), o);
  o = b.writeUInt8(final ? 1 : 0, o);
  o = b.writeUInt16BE(idBytes.length, o);
  idBytes.copy(b, o);
  return b;
}

function header(chunkSize: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(h, 0);
  h.writeUInt8(FORMAT_VERSION, 7);
  h.writeUInt32BE(chunkSize, 8);
  return h;
}

/** Nonces come from a pooled CSPRNG read: one syscall per 4,096 chunks instead of one per chunk. */
class NoncePool {
  private pool = Buffer.alloc(0);
  private off = 0;
  next(): Buffer {
    if (this.off + NONCE_BYTES > this.pool.length) {
      this.pool = randomBytes(NONCE_BYTES * 4096);
      this.off = 0;
    }
    const n = this.pool.subarray(this.off, this.off + NONCE_BYTES);
    this.off += NONCE_BYTES;
    return n;
  }
}

export function encryptChunk(key: Buffer, nonce: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  c.setAAD(aad);
  const ct = c.update(plaintext);
  c.final();
  return Buffer.concat([nonce, ct, c.getAuthTag()], NONCE_BYTES + ct.length + TAG_BYTES);
}

export function decryptChunk(key: Buffer, record: Buffer, aad: Buffer, index: number): Buffer {
  if (record.length < NONCE_BYTES + TAG_BYTES) throw new IntegrityError(`Chunk ${index} is truncated.`, index);
  // authTagLength pins the tag to 16 bytes: Node would otherwise accept 4-, 8- or 12-byte tags.
  const d = createDecipheriv('aes-256-gcm', key, record.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
  d.setAAD(aad);
  d.setAuthTag(record.subarray(record.length - TAG_BYTES));
  const pt = d.update(record.subarray(NONCE_BYTES, record.length - TAG_BYTES));
  try {
    d.final();
  } catch {
    throw new IntegrityError(`Chunk ${index} failed authentication: the artifact was altered, truncated, reordered or belongs to another key.`, index);
  }
  return pt;
}

/** Encrypt a plaintext stream. Holds at most one chunk of plaintext plus what the source yields. */
export async function* encryptStream(key: Buffer, id: string, source: AsyncIterable<Uint8Array>, chunkSize = DEFAULT_CHUNK_SIZE): AsyncGenerator<Buffer> {
  if (key.length !== 32) throw new Error('data key must be 32 bytes');
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) throw new Error('bad chunk size');
  const nonces = new NoncePool();
  yield header(chunkSize);
  const q = new ByteQueue();
  let index = 0;
  for await (const piece of source) {
    q.push(piece);
    // Strictly more than one chunk buffered: the chunk we emit is certainly not the last one.
    while (q.length > chunkSize) {
      yield encryptChunk(key, nonces.next(), q.take(chunkSize), chunkAad(id, FORMAT_VERSION, chunkSize, index, false));
      index++;
    }
  }
  yield encryptChunk(key, nonces.next(), q.length ? q.takeAll() : Buffer.alloc(0), chunkAad(id, FORMAT_VERSION, chunkSize, index, true));
}

export function parseHeader(h: Buffer): { version: number; chunkSize: number } {
  if (h.length < HEADER_BYTES || !h.subarray(0, 7).equals(MAGIC)) throw new IntegrityError('Not a vault blob (bad magic or truncated header).');
  const version = h.readUInt8(7);
  if (version !== FORMAT_VERSION) throw new IntegrityError(`Unsupported vault format version ${version}.`);
  const chunkSize = h.readUInt32BE(8);
  if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE || h.readUInt32BE(12) !== 0) throw new IntegrityError('Vault blob header is invalid.');
  return { version, chunkSize };
}

/** Decrypt a blob stream; yields each chunk's plaintext only after that chunk authenticated. */
export async function* decryptStream(key: Buffer, id: string, source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const q = new ByteQueue();
  let hdr: { version: number; chunkSize: number } | null = null;
  let rec = 0;
  let index = 0;
  for await (const piece of source) {
    q.push(piece);
    if (!hdr) {
      if (q.length < HEADER_BYTES) continue;
      hdr = parseHeader(q.take(HEADER_BYTES));
      rec = recordBytes(hdr.chunkSize);
    }
    // One byte of lookahead tells a full record that is not the last from the final one.
    while (q.length > rec) {
      yield decryptChunk(key, q.take(rec), chunkAad(id, hdr.version, hdr.chunkSize, index, false), index);
      index++;
    }
  }
  if (!hdr) throw new IntegrityError('Vault blob is truncated (no header).');
  if (q.length < NONCE_BYTES + TAG_BYTES) throw new IntegrityError(`Vault blob is truncated after chunk ${index - 1}.`, index);
  yield decryptChunk(key, q.takeAll(), chunkAad(id, hdr.version, hdr.chunkSize, index, true), index);
}
