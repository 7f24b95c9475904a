// Small AES-256-GCM sealed boxes for keys and secrets: nonce(12) ‖ ciphertext ‖ tag(16), with
// associated data naming what the box is for, so a box cannot be moved to another purpose.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const NONCE = 12;
const TAG = 16;

export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const nonce = randomBytes(NONCE);
  const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG });
  c.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([nonce, ct, c.getAuthTag()]);
}

/** Returns null when the box does not authenticate (wrong key, wrong purpose or tampering). */
export function open(key: Buffer, box: Buffer, aad: string): Buffer | null {
  if (box.length < NONCE + TAG) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', key, box.subarray(0, NONCE), { authTagLength: TAG });
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(box.subarray(box.length - TAG));
    return Buffer.concat([d.update(box.subarray(NONCE, box.length - TAG)), d.final()]);
  } catch {
    return null;
  }
}
