// Retry timing: exponential back-off with full jitter (AWS Architecture Blog, "Exponential Backoff
// and Jitter"), a bounded number of answered failures, and the vendor's Retry-After honoured.
export interface BackoffPolicy {
  /** First ceiling; the n-th retry waits uniformly in [0, min(cap, base·2^n)). */
  baseMs: number;
  capMs: number;
  /**
   * Answered failures (the vendor replied 5xx) before an item is dead-lettered. Transport failures
   * and 429s do not count: being offline for a day must never dead-letter a page.
   */
  maxAnsweredFailures: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000, maxAnsweredFailures: 8 };

export function backoffCeiling(policy: BackoffPolicy, attempt: number): number {
  const n = Math.max(0, Math.min(attempt, 52));
  return Math.min(policy.capMs, policy.baseMs * 2 ** n);
}

/** Full jitter: uniform over [0, ceiling). `random` returns [0, 1). */
export function fullJitter(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * backoffCeiling(policy, attempt));
}

/** The wait before the next attempt: the jittered back-off, but never earlier than Retry-After. */
export function retryDelay(policy: BackoffPolicy, attempt: number, random: () => number, retryAfterMs: number | null): number {
  const jitter = fullJitter(policy, attempt, random);
  return retryAfterMs === null ? jitter : Math.max(jitter, retryAfterMs);
}

const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

/**
 * Retry-After (RFC 9110 §10.2.3) is either delay-seconds or an HTTP-date. A date is measured
 * against the response's own Date header when present, so a skewed local clock cannot turn
 * "in 30 s" into "now" or "in an hour". Returns null when absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number, responseDate?: string | null): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(v);
  if (!Number.isFinite(at) || !/[a-z]/i.test(v)) return null;
  const ref = responseDate ? Date.parse(responseDate) : NaN;
  const base = Number.isFinite(ref) ? ref : nowMs;
  return Math.min(Math.max(0, at - base), MAX_RETRY_AFTER_MS);
}
