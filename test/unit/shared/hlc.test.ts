import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareHlc, decodeHlc, encodeHlc, HybridClock, type Hlc } from '../../../shared/hlc';

const SEED = 424242;

describe('hybrid logical clock', () => {
  it('never goes backwards, whatever the wall clock does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4_000_000_000_000 }), { minLength: 1, maxLength: 300 }), (walls) => {
        let i = 0;
        const clock = new HybridClock('node-a', () => walls[Math.min(i++, walls.length - 1)]!);
        let prev: Hlc | null = null;
        for (let k = 0; k < walls.length; k++) {
          const t = clock.tick();
          if (prev) expect(compareHlc(prev, t)).toBe(-1);
          prev = t;
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('orders encoded strings exactly as it orders clocks', () => {
    const hlc = fc.record({ wall: fc.integer({ min: 0, max: 10 ** 15 - 1 }), counter: fc.integer({ min: 0, max: 99_999 }), node: fc.constantFrom('a1', 'b2', 'ffffff') });
    fc.assert(
      fc.property(hlc, hlc, (a, b) => {
        const lex = encodeHlc(a) < encodeHlc(b) ? -1 : encodeHlc(a) > encodeHlc(b) ? 1 : 0;
        expect(lex).toBe(compareHlc(a, b));
        expect(decodeHlc(encodeHlc(a))).toEqual(a);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('after receiving a remote clock, the next local event is later than both', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), fc.integer({ min: 0, max: 10 ** 13 }), fc.integer({ min: 0, max: 99_998 }), (local, remoteWall, remoteCounter) => {
        const clock = new HybridClock('local', () => local);
        const before = clock.tick();
        const remote: Hlc = { wall: remoteWall, counter: remoteCounter, node: 'remote' };
        const merged = clock.receive(remote);
        expect(compareHlc(merged, before)).toBe(1);
        expect(merged.wall > remote.wall || (merged.wall === remote.wall && merged.counter > remote.counter)).toBe(true);
        expect(compareHlc(clock.tick(), merged)).toBe(1);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('keeps ordering when 100,000+ events share one millisecond', () => {
    const clock = new HybridClock('n', () => 1000);
    let prev = clock.tick();
    for (let i = 0; i < 100_010; i++) {
      const t = clock.tick();
      expect(encodeHlc(t) > encodeHlc(prev)).toBe(true);
      prev = t;
    }
    expect(prev.wall).toBe(1001);
  });

  it('rejects a malformed encoded clock', () => {
    expect(() => decodeHlc('yesterday')).toThrow(/Not a hybrid logical clock/);
  });
});
