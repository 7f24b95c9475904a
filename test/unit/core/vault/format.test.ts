// The streaming AEAD format on its own: round trips and every tampering case of quality.md item 11.
import { createCipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect, fromBuffer } from '../../../../main/core/vault/bytes';
import { mulberry32 } from '../../../helpers/prng';
import {
  HEADER_BYTES,
  IntegrityError,
  NONCE_BYTES,
  TAG_BYTES,
  chunkAad,
  decryptChunk,
  decryptStream,
  encryptStream,
  encryptedSize,
  recordBytes,
} from '../../../../main/core/vault/format';

const SEED = 0x5eed_0006;
const rng = mulberry32;
const key = randomBytes(32);
const ID = '01JDVAULTTESTARTIFACT00000';

async function enc(plain: Buffer, chunkSize: number, k = key, id = ID, piece = 7919): Promise<Buffer> {
  return collect(encryptStream(k, id, fromBuffer(plain, piece), chunkSize));
}
async function dec(blob: Buffer, k = key, id = ID, piece = 4099): Promise<Buffer> {
  return collect(decryptStream(k, id, fromBuffer(blob, piece)));
}
async function fails(blob: Buffer, k = key, id = ID): Promise<void> {
  await expect(dec(blob, k, id)).rejects.toBeInstanceOf(IntegrityError);
}
function records(blob: Buffer, chunkSize: number): Buffer[] {
  const out: Buffer[] = [];
  const rec = recordBytes(chunkSize);
  for (let o = HEADER_BYTES; o < blob.length; o += rec) out.push(blob.subarray(o, Math.min(blob.length, o + rec)));
  return out;
}
const join = (blob: Buffer, recs: Buffer[]) => Buffer.concat([blob.subarray(0, HEADER_BYTES), ...recs]);

describe('chunked AES-256-GCM format', () => {
  it('round-trips sizes around chunk boundaries, with the predicted length', async () => {
    const cs = 16;
    for (const size of [0, 1, 15, 16, 17, 31, 32, 33, 100, 1000]) {
      const plain = randomBytes(size);
      const blob = await enc(plain, cs, key, ID, 5);
      expect(blob.length).toBe(encryptedSize(size, cs));
      expect((await dec(blob, key, ID, 3)).equals(plain)).toBe(true);
    }
  });

  it(`property: any plaintext and chunk size round-trips, any single-byte change fails (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 1, max: 97 }), fc.nat(), fc.integer({ min: 1, max: 255 }), async (data, cs, where, delta) => {
        const plain = Buffer.from(data);
        const blob = await enc(plain, cs, key, ID, 13);
        expect((await dec(blob)).equals(plain)).toBe(true);
        const bad = Buffer.from(blob);
        const i = where % bad.length;
        bad[i] = bad[i]! ^ delta;
        await fails(bad);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('every flipped byte of a small artifact fails to decrypt and releases no plaintext', async () => {
    const plain = Buffer.from('small artifact: secret canary 9f2c, spread over several chunks');
    const blob = await enc(plain, 16);
    for (let i = 0; i < blob.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const bad = Buffer.from(blob);
        bad[i] = bad[i]! ^ bit;
        const released: Buffer[] = [];
        // Chunks before the damaged one may verify; nothing from the damaged one or later is released.
        await expect(
          (async () => {
            for await (const c of decryptStream(key, ID, fromBuffer(bad, 64))) released.push(c);
          })(),
        ).rejects.toBeInstanceOf(IntegrityError);
        const damagedChunk = i < HEADER_BYTES ? 0 : Math.floor((i - HEADER_BYTES) / recordBytes(16));
        expect(Buffer.concat(released).equals(plain.subarray(0, damagedChunk * 16))).toBe(true);
      }
    }
  });

  it(`sampled flipped bytes of an 8 MiB artifact fail (seed ${SEED})`, async () => {
    const plain = randomBytes(8 * 1024 * 1024);
    const blob = await enc(plain, 64 * 1024, key, ID, 1024 * 1024);
    const r = rng(SEED);
    for (let n = 0; n < 40; n++) {
      const i = Math.floor(r() * blob.length);
      const bad = Buffer.from(blob);
      bad[i] = bad[i]! ^ (1 + Math.floor(r() * 255));
      await expect(dec(bad, key, ID, 1024 * 1024), `offset ${i}`).rejects.toBeInstanceOf(IntegrityError);
    }
    expect((await dec(blob, key, ID, 1024 * 1024)).equals(plain)).toBe(true);
  });

  it('truncation at every chunk boundary (and inside chunks) fails', async () => {
    const cs = 16;
    const blob = await enc(randomBytes(16 * 5), cs);
    const rec = recordBytes(cs);
    for (let k = 0; k < 5; k++) await fails(blob.subarray(0, HEADER_BYTES + k * rec));
    for (let len = 0; len < blob.length; len += 7) await fails(blob.subarray(0, len));
    // An exact multiple of the chunk size has no empty trailer: dropping the last full record must fail too.
    const exact = await enc(randomBytes(32), cs);
    await fails(exact.subarray(0, HEADER_BYTES + rec));
  });

  it('reordered, duplicated, dropped and appended chunks fail', async () => {
    const cs = 16;
    const blob = await enc(randomBytes(16 * 4 + 5), cs);
    const recs = records(blob, cs);
    await fails(join(blob, [recs[1]!, recs[0]!, ...recs.slice(2)]));
    await fails(join(blob, [recs[0]!, recs[0]!, ...recs.slice(1)]));
    await fails(join(blob, [recs[0]!, ...recs.slice(2)]));
    await fails(join(blob, [...recs, recs[recs.length - 1]!]));
    await fails(join(blob, [...recs.slice(0, -1), recs[2]!]));
  });

  it('ciphertext swapped between artifacts or keys fails', async () => {
    const a = await enc(Buffer.from('artifact A content'), 16, key, 'A');
    const b = await enc(Buffer.from('artifact B content'), 16, key, 'B');
    await fails(a, key, 'B');
    await fails(b, key, 'A');
    await fails(a, randomBytes(32), 'A');
    // A chunk lifted from B into A at the same index fails too.
    const ra = records(a, 16);
    const rb = records(b, 16);
    await fails(join(a, [rb[0]!, ...ra.slice(1)]), key, 'A');
  });

  it('4-, 8- and 12-byte tags are rejected even when they are a correct truncation of the real tag', async () => {
    const plain = Buffer.from('short tag attempt');
    for (const tagLen of [4, 8, 12]) {
      const nonce = randomBytes(NONCE_BYTES);
      const aad = chunkAad(ID, 1, 64 * 1024, 0, true);
      const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: tagLen });
      c.setAAD(aad);
      const ct = Buffer.concat([c.update(plain), c.final()]);
      const record = Buffer.concat([nonce, ct, c.getAuthTag()]);
      expect(() => decryptChunk(key, record, aad, 0)).toThrow();
      // And a genuine 16-byte tag cut short is refused as well.
      const full = await enc(plain, 64 * 1024);
      await fails(full.subarray(0, full.length - (TAG_BYTES - tagLen)));
    }
  });

  it('rejects foreign headers', async () => {
    const blob = await enc(Buffer.from('x'), 16);
    await fails(Buffer.concat([Buffer.from('NOTVAULT'), blob.subarray(8)]));
    const v2 = Buffer.from(blob);
    v2[7] = 2;
    await fails(v2);
    await fails(Buffer.alloc(0));
  });
});
