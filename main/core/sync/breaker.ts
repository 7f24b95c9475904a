// A circuit breaker per integration. Closed: requests flow. After `failureThreshold` failures in a
// row (no answer, or 5xx) it opens: nothing is sent until `openMs` has passed. Then it is half-open:
// exactly one request (a probe) may go; success closes it, failure re-opens it for twice as long
// (up to `maxOpenMs`). This keeps a dead vendor from being hammered by a queue of thousands.
import type { BreakerState } from '../../../shared/domain/sync';

export interface BreakerPolicy {
  failureThreshold: number;
  openMs: number;
  maxOpenMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = { failureThreshold: 5, openMs: 5_000, maxOpenMs: 2 * 60_000 };

export class CircuitBreaker {
  private _state: BreakerState = 'closed';
  private failures = 0;
  private openFor: number;
  private _openUntil = 0;
  private probing = false;

  constructor(private readonly policy: BreakerPolicy = DEFAULT_BREAKER) {
    this.openFor = policy.openMs;
  }

  get state(): BreakerState {
    return this._state;
  }
  get openUntil(): number {
    return this._openUntil;
  }
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** How many requests may start now, given `inFlight` already running and a per-integration cap. */
  permits(now: number, inFlight: number, cap: number): number {
    if (this._state === 'open') {
      if (now < this._openUntil) return 0;
      this._state = 'half_open';
      this.probing = false;
    }
    if (this._state === 'half_open') return this.probing || inFlight > 0 ? 0 : 1;
    return Math.max(0, cap - inFlight);
  }

  /** Called when a request actually starts; in half-open that request is the probe. */
  onStart(): void {
    if (this._state === 'half_open') this.probing = true;
  }

  onSuccess(): void {
    this._state = 'closed';
    this.failures = 0;
    this.probing = false;
    this.openFor = this.policy.openMs;
  }

  onFailure(now: number): void {
    if (this._state === 'half_open') {
      this.openFor = Math.min(this.openFor * 2, this.policy.maxOpenMs);
      this.trip(now);
      return;
    }
    if (this._state === 'open') return;
    this.failures++;
    if (this.failures >= this.policy.failureThreshold) this.trip(now);
  }

  /** A request that ended without telling us anything about the vendor (e.g. cancelled at shutdown). */
  onNeutral(): void {
    this.probing = false;
  }

  private trip(now: number): void {
    this._state = 'open';
    this._openUntil = now + this.openFor;
    this.probing = false;
  }
}
