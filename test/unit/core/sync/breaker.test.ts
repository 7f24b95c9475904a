// The circuit breaker against a reference model, over random sequences of outcomes and time.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { CircuitBreaker, type BreakerPolicy } from '../../../../main/core/sync/breaker';

const SEED = 5_2027;
type Op = { t: 'ok' } | { t: 'fail' } | { t: 'wait'; ms: number } | { t: 'start' };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ t: 'ok' }),
  fc.constant<Op>({ t: 'fail' }),
  fc.constant<Op>({ t: 'start' }),
  fc.integer({ min: 0, max: 20_000 }).map<Op>((ms) => ({ t: 'wait', ms })),
);

test('breaker matches its model: opens after N failures, waits, lets exactly one probe through', () => {
  fc.assert(
    fc.property(
      fc.record({ failureThreshold: fc.integer({ min: 1, max: 8 }), openMs: fc.integer({ min: 1, max: 10_000 }), maxOpenMs: fc.integer({ min: 10_000, max: 60_000 }) }),
      fc.array(opArb, { maxLength: 200 }),
      (policy: BreakerPolicy, ops) => {
        const b = new CircuitBreaker(policy);
        // The model.
        // A holder object so TypeScript does not narrow the state across the model's closures.
        const m: { state: 'closed' | 'open' | 'half_open' } = { state: 'closed' };
        let failures = 0;
        let openFor = policy.openMs;
        let until = 0;
        let probing = false;
        let now = 0;
        const cap = 4;
        const modelPermits = () => {
          if (m.state === 'open' && now >= until) {
            m.state = 'half_open';
            probing = false;
          }
          if (m.state === 'open') return 0;
          if (m.state === 'half_open') return probing ? 0 : 1;
          return cap;
        };
        for (const op of ops) {
          if (op.t === 'wait') now += op.ms;
          else if (op.t === 'start') {
            const p = modelPermits();
            expect(b.permits(now, 0, cap)).toBe(p);
            if (p > 0) {
              b.onStart();
              if (m.state === 'half_open') probing = true;
            }
          } else if (op.t === 'ok') {
            b.onSuccess();
            m.state = 'closed';
            failures = 0;
            probing = false;
            openFor = policy.openMs;
          } else {
            b.onFailure(now);
            if (m.state === 'half_open') {
              openFor = Math.min(openFor * 2, policy.maxOpenMs);
              m.state = 'open';
              until = now + openFor;
              probing = false;
            } else if (m.state === 'closed') {
              failures++;
              if (failures >= policy.failureThreshold) {
                m.state = 'open';
                until = now + openFor;
              }
            }
          }
          expect(b.state).toBe(m.state);
          if (m.state === 'open') {
            expect(b.openUntil).toBe(until);
            expect(b.openUntil - now).toBeLessThanOrEqual(policy.maxOpenMs);
          }
        }
      },
    ),
    { seed: SEED, numRuns: 1_000 },
  );
});

test('never more than the cap in flight while closed, never more than one probe while half-open', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 32 }), (cap, inFlight) => {
      const b = new CircuitBreaker({ failureThreshold: 1, openMs: 10, maxOpenMs: 100 });
      expect(b.permits(0, inFlight, cap)).toBe(Math.max(0, cap - inFlight));
      b.onFailure(0);
      expect(b.permits(5, 0, cap)).toBe(0);
      expect(b.permits(10, inFlight, cap)).toBe(inFlight > 0 ? 0 : 1);
    }),
    { seed: SEED },
  );
});
