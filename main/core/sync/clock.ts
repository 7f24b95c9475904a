// Time as the sync engine sees it. Timestamps are always real wall-clock time; `compress` divides
// every wait the engine computes (back-off, Retry-After, breaker cool-down, reconnect probe,
// Opsgenie polling). Tests, benchmarks and `--sync-clock-rate` compress time so a 30-second
// PagerDuty back-off takes 30 ms, while what people see ("last synced just now") stays true.
export interface SyncClock {
  now(): number;
  /** ≥ 1; a wait of `ms` as the vendor asked for it lasts `ms / compress` real milliseconds. */
  readonly compress: number;
}

export const realClock: SyncClock = { now: () => Date.now(), compress: 1 };

export function scaledClock(factor: number): SyncClock {
  if (!(factor >= 1)) throw new Error('scaledClock factor must be at least 1');
  return { now: () => Date.now(), compress: factor };
}
