import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAdjacency, dependenciesOf, dependentsOf, findCycles, safeExternalUrl } from '../../../shared/domain/catalog';
import { timerState } from '../../../shared/domain/timers';

describe('dependency graph rules', () => {
  const edges = [
    { from: 'web', to: 'api' },
    { from: 'api', to: 'auth' },
    { from: 'api', to: 'orders' },
    { from: 'orders', to: 'payments' },
    { from: 'payments', to: 'fraud' },
    { from: 'fraud', to: 'orders' }, // cycle orders → payments → fraud → orders
    { from: 'auth', to: 'users-db' },
  ];
  const adj = buildAdjacency(edges);

  it('finds transitive dependents, terminating on cycles, with depth and the edge it came through', () => {
    const d = dependentsOf(['payments'], adj);
    expect(d.map((x) => x.id).sort()).toEqual(['api', 'fraud', 'orders', 'web']);
    expect(d.find((x) => x.id === 'orders')).toEqual({ id: 'orders', depth: 1, via: 'payments' });
    expect(d.find((x) => x.id === 'fraud')).toEqual({ id: 'fraud', depth: 2, via: 'orders' });
    expect(d.find((x) => x.id === 'web')!.depth).toBe(3);
    expect(dependentsOf(['users-db'], adj).map((x) => x.id)).toEqual(['auth', 'api', 'web']);
  });

  it('finds what a service depends on', () => {
    expect(dependenciesOf(['api'], adj).map((x) => x.id).sort()).toEqual(['auth', 'fraud', 'orders', 'payments', 'users-db']);
  });

  it('reports cycles (strongly connected groups), including self-loops', () => {
    expect(findCycles(['web', 'api', 'auth', 'orders', 'payments', 'fraud', 'users-db'], adj)).toEqual([['fraud', 'orders', 'payments']]);
    expect(findCycles(['a'], buildAdjacency([{ from: 'a', to: 'a' }]))).toEqual([['a']]);
  });

  it('never reports a root as its own dependent and visits each node once (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 })), { maxLength: 120 }), fc.integer({ min: 0, max: 30 }), (pairs, root) => {
        const a = buildAdjacency(pairs.map(([f, t]) => ({ from: `s${f}`, to: `s${t}` })));
        const got = dependentsOf([`s${root}`], a);
        const ids = got.map((x) => x.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).not.toContain(`s${root}`);
        // Brute-force reachability over reversed edges agrees.
        const reach = new Set<string>();
        let changed = true;
        while (changed) {
          changed = false;
          for (const [f, t] of pairs) {
            if ((t === root || reach.has(`s${t}`)) && `s${f}` !== `s${root}` && !reach.has(`s${f}`)) {
              reach.add(`s${f}`);
              changed = true;
            }
          }
        }
        expect(new Set(ids)).toEqual(reach);
      }),
      { seed: 4242, numRuns: 200 },
    );
  });

  it('handles a 2,000-node chain without recursion limits', () => {
    const chain = Array.from({ length: 2000 }, (_, i) => ({ from: `n${i}`, to: `n${(i + 1) % 2000}` }));
    const a = buildAdjacency(chain);
    expect(findCycles(chain.map((e) => e.from), a)[0]).toHaveLength(2000);
    expect(dependentsOf(['n0'], a)).toHaveLength(1999);
  });
});

describe('timer state from a stored deadline', () => {
  const t = { state: 'open' as const, startedMs: 0, dueMs: 100_000 };
  it('is running, then warning at 80%, then expired at the deadline', () => {
    expect(timerState(t, 79_999)).toBe('running');
    expect(timerState(t, 80_000)).toBe('warning');
    expect(timerState(t, 100_000)).toBe('expired');
    expect(timerState({ ...t, state: 'resolved' }, 1e9)).toBe('resolved');
  });
  it('keeps a recorded expiry even when the clock is set back', () => {
    expect(timerState({ ...t, expiredAt: '2026-11-24T09:00:00Z' }, 10)).toBe('expired');
  });
});

describe('safe external links', () => {
  it('accepts plain https and refuses everything else', () => {
    expect(safeExternalUrl('https://runbooks.example.com/payments#failover')).toBe('https://runbooks.example.com/payments#failover');
    for (const bad of ['http://example.com', 'javascript:alert(1)', 'https://user:pw@example.com/', 'file:///etc/passwd', 'https://exa mple.com', 'https://example.com/\u0000', 'data:text/html,x', '  ', 'https://']) {
      expect(safeExternalUrl(bad), bad).toBeNull();
    }
  });
});
