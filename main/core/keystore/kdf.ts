// Passphrase → key derivation with scrypt (Node built-in). Parameters are tuned on this machine so
// one derivation costs at least 250 ms (quality.md item 12), then stored next to the salt so the
// same key can be derived later, on this or a faster machine.
import { randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { AppError } from '../../../shared/errors';

export const KDF_TARGET_MS = 250;
export const KEY_BYTES = 32;
/**
 * The most this app ever chooses: memory per derivation is 128·N·r bytes (64 MiB at N = 2^16), and
 * beyond that the tuner adds parallelism p, which costs time only. A file from elsewhere (an
 * evidence bundle) may ask for no more than this, so a 368-byte file cannot demand gigabytes of
 * memory or minutes of CPU; a wrong passphrase pays the same bounded cost.
 */
export const APP_KDF_CEILING = { logN: 16, r: 8, p: 16 } as const;
const MAX_LOG_N = APP_KDF_CEILING.logN;
const R = APP_KDF_CEILING.r;

export interface ScryptParams {
  name: 'scrypt';
  /** log2 of the CPU/memory cost N. */
  logN: number;
  r: number;
  p: number;
  /** base64, 16 bytes. */
  salt: string;
  /** Measured cost of one derivation when the parameters were chosen, for the record. */
  tunedMs?: number;
}

function scryptAsync(passphrase: string | Buffer, salt: Buffer, keyLen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(passphrase, salt, keyLen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

function options(logN: number, r: number, p: number): ScryptOptions {
  const N = 2 ** logN;
  // maxmem must cover 128·N·r plus scrypt's own small buffers.
  return { N, r, p, maxmem: 128 * N * r * p + 32 * 1024 * 1024 };
}

/** Reject parameters that a damaged or hostile file could use to exhaust memory or time. */
export function checkParams(p: unknown): ScryptParams {
  const o = p as Partial<ScryptParams> | null;
  const ok =
    !!o &&
    o.name === 'scrypt' &&
    Number.isInteger(o.logN) &&
    o.logN! >= 14 &&
    o.logN! <= 20 &&
    Number.isInteger(o.r) &&
    o.r! >= 8 &&
    o.r! <= 32 &&
    Number.isInteger(o.p) &&
    o.p! >= 1 &&
    o.p! <= 64 &&
    typeof o.salt === 'string' &&
    Buffer.from(o.salt, 'base64').length >= 16;
  if (!ok) throw new AppError('storage_error', 'The stored key-derivation parameters are invalid or out of range; refusing to use them.');
  return { name: 'scrypt', logN: o.logN!, r: o.r!, p: o.p!, salt: o.salt!, ...(o.tunedMs !== undefined ? { tunedMs: o.tunedMs } : {}) };
}

/**
 * Parameters from an untrusted file: checked like stored ones, then capped at what this app itself
 * would choose. Refused before any derivation runs.
 */
export function checkUntrustedParams(p: unknown, what: string): ScryptParams {
  let params: ScryptParams;
  try {
    params = checkParams(p);
  } catch {
    throw new AppError('invalid_input', `The ${what}'s key-derivation parameters are malformed or out of range; refused before deriving.`);
  }
  const { logN, r, p: par } = APP_KDF_CEILING;
  if (params.logN > logN || params.r !== r || params.p > par) {
    throw new AppError(
      'invalid_input',
      `The ${what} asks for a key-derivation cost above what this app uses (scrypt N=2^${params.logN}, r=${params.r}, p=${params.p}; at most N=2^${logN}, r=${r}, p=${par}); refused before deriving.`,
    );
  }
  return params;
}

export async function deriveKey(passphrase: string, params: ScryptParams): Promise<Buffer> {
  const p = checkParams(params);
  return scryptAsync(passphrase.normalize('NFKC'), Buffer.from(p.salt, 'base64'), KEY_BYTES, options(p.logN, p.r, p.p));
}

let tuned: { logN: number; r: number; p: number; ms: number } | null = null;

/**
 * Parameters whose derivation takes ≥ targetMs here, with a fresh salt. The cost search runs once
 * per process (the machine does not change); every call still gets its own salt.
 */
export async function tuneScrypt(targetMs = KDF_TARGET_MS): Promise<ScryptParams> {
  if (!tuned || tuned.ms < targetMs) {
    const probeSalt = randomBytes(16);
    let logN = 14;
    let p = 1;
    for (;;) {
      const t0 = performance.now();
      await scryptAsync('tuning probe', probeSalt, KEY_BYTES, options(logN, R, p));
      const ms = performance.now() - t0;
      // At the ceiling we stop even below the target: sixteen 64 MiB derivations are far above it on
      // any machine that exists, and a higher choice would make our own bundles unreadable elsewhere.
      if (ms >= targetMs || (logN === MAX_LOG_N && p === APP_KDF_CEILING.p)) {
        tuned = { logN, r: R, p, ms: Math.round(ms) };
        break;
      }
      // Grow by the factor still missing (at least ×2 on N, or +p beyond the memory ceiling).
      if (logN < MAX_LOG_N) logN++;
      else p = Math.min(APP_KDF_CEILING.p, Math.max(p + 1, Math.ceil((p * targetMs * 1.15) / Math.max(ms, 1))));
    }
  }
  return { name: 'scrypt', logN: tuned.logN, r: tuned.r, p: tuned.p, salt: randomBytes(16).toString('base64'), tunedMs: tuned.ms };
}
