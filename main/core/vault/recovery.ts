// The recovery key: 256 random bits shown once, printed and kept apart from the laptop. It wraps a
// copy of the master key, so it can open the vault when the key store is lost or the passphrase is
// forgotten. Its own entropy makes a slow KDF unnecessary; HKDF separates it from other uses.
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U
const PREFIX = 'CPRK';

function toBase32(b: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(s: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of s) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

export function newRecoverySecret(): Buffer {
  return randomBytes(32);
}

/** "CPRK-XXXXX-…": 32 bytes + 2 check bytes so a mistyped key is caught before any crypto runs. */
export function formatRecoveryKey(secret: Buffer): string {
  const check = createHash('sha256').update(secret).digest().subarray(0, 2);
  const body = toBase32(Buffer.concat([secret, check]));
  return [PREFIX, ...(body.match(/.{1,5}/g) ?? [])].join('-');
}

export function parseRecoveryKey(text: string): Buffer {
  const norm = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const body = norm.startsWith(PREFIX) ? norm.slice(PREFIX.length) : norm;
  const raw = fromBase32(body);
  const bad = () => new AppError('invalid_input', 'That is not a valid recovery key (check for typos).', [{ path: 'recoveryKey', message: 'is not a valid recovery key' }]);
  if (!raw || raw.length !== 34) throw bad();
  const secret = raw.subarray(0, 32);
  const check = createHash('sha256').update(secret).digest().subarray(0, 2);
  if (!check.equals(raw.subarray(32))) throw bad();
  return Buffer.from(secret);
}

export function recoveryWrappingKey(secret: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'command-post vault recovery v1', 32));
}
