// Time as the sync engine sees it. Backoff, Retry-After and breaker cool-downs are computed on
// `now()`; `realDelay()` turns a wait on that clock into real milliseconds for a timer. Tests and
// benchmarks use a scaled clock so a 30-second PagerDuty back-off takes 30 ms of real time while
// every computation stays in vendor-visible seconds.
export interface SyncClock {
  now(): number;
  realDelay(ms: number): number;
}

export const realClock: SyncClock = { now: () => Date.now(), realDelay: (ms) => ms };

export function scaledClock(factor: number, start = Date.now()): SyncClock {
  if (!(factor > 0)) throw new Error('scaledClock factor must be positive');
  const realStart = Date.now();
  return { now: () => start + (Date.now() - realStart) * factor, realDelay: (ms) => ms / factor };
}
