// Properties of the retry timing (quality.md item 8), with fixed fast-check seeds.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { backoffCeiling, DEFAULT_BACKOFF, fullJitter, parseRetryAfter, retryDelay, type BackoffPolicy } from '../../../../main/core/sync/backoff';
import { mulberry32 } from '../../../fakes/faultProxy';

const SEED = 5_2026;
const policyArb = fc.record({
  baseMs: fc.integer({ min: 1, max: 10_000 }),
  capMs: fc.integer({ min: 1, max: 3_600_000 }),
  maxAnsweredFailures: fc.integer({ min: 1, max: 20 }),
});
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('exponential back-off with full jitter', () => {
  test('a delay is always within [0, min(cap, base·2^n))', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 0, max: 200 }), unit, (p, n, r) => {
        const d = fullJitter(p, n, () => r);
        const ceiling = backoffCeiling(p, n);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.max(1, ceiling));
        expect(ceiling).toBeLessThanOrEqual(p.capMs);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });

  test('the ceiling doubles until the cap and never decreases', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 0, max: 100 }), (p, n) => {
        const a = backoffCeiling(p, n);
        const b = backoffCeiling(p, n + 1);
        expect(b).toBeGreaterThanOrEqual(a);
        if (a * 2 <= p.capMs) expect(b).toBe(a * 2);
        else expect(b).toBe(p.capMs);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });

  test('Retry-After is a floor: the next attempt is never earlier than the vendor asked', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 0, max: 60 }), unit, fc.integer({ min: 0, max: 86_400_000 }), (p, n, r, ra) => {
        const d = retryDelay(p, n, () => r, ra);
        expect(d).toBeGreaterThanOrEqual(ra);
        expect(d).toBe(Math.max(ra, fullJitter(p, n, () => r)));
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });

  test('full jitter spreads retries: mean near half the ceiling, both halves used', () => {
    const p: BackoffPolicy = { ...DEFAULT_BACKOFF, baseMs: 1_000, capMs: 64_000 };
    const rnd = mulberry32(42);
    const samples = Array.from({ length: 20_000 }, () => fullJitter(p, 6, rnd));
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(mean / 64_000).toBeGreaterThan(0.47);
    expect(mean / 64_000).toBeLessThan(0.53);
    expect(samples.filter((s) => s < 32_000).length / samples.length).toBeGreaterThan(0.45);
  });
});

describe('Retry-After parsing (RFC 9110: seconds or HTTP-date)', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  test('delay-seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400 }), (s) => {
        expect(parseRetryAfter(String(s), now)).toBe(s * 1000);
      }),
      { seed: SEED },
    );
  });
  test('an HTTP-date is measured against the response Date header, not the local clock', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_600 }), fc.integer({ min: -3_600_000, max: 3_600_000 }), (ahead, skew) => {
        const serverNow = now + skew;
        const at = new Date(serverNow + ahead * 1000).toUTCString();
        expect(parseRetryAfter(at, now, new Date(serverNow).toUTCString())).toBe(ahead * 1000);
      }),
      { seed: SEED },
    );
  });
  test('a date in the past means now; garbage and absence mean "not given"', () => {
    expect(parseRetryAfter('Tue, 24 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('Tue, 24 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    for (const v of ['', 'soon', '-5', '1.5', null, undefined]) expect(parseRetryAfter(v, now)).toBeNull();
  });
});
