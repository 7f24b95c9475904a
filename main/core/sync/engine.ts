// The outbox engine: takes the head item of each incident stream per integration, delivers it
// through the integration's adapter, and writes the outcome back. States: pending → in_flight →
// delivered | failed (retrying, with the next attempt time) | dead (needs a person).
//
// Guarantees, and how they are kept:
// - Exactly one effect per item: every item carries the vendor's idempotency key (or a client-side
//   external id searched for before a retry), and "delivered" is only written after a 2xx. Teams
//   incoming webhooks have neither, so Teams is at least once: a post whose answer was lost after
//   Teams acted is posted again (still in order, since its stream waits for it).
// - Per-incident order: only the oldest undecided item of a stream is ever tried, so a resolve is
//   never sent before its trigger has been delivered or discarded. A dead head keeps blocking its
//   stream until a person retries or discards it (outboxRepo.dueHeads counts dead items as blocking).
// - A locked key store is a wait, like an offline network: integrations whose secret lives in it
//   take no items (nothing is attempted, no attempt is counted, nothing dies), report the state
//   'locked', and resume by themselves once it opens (checked on every pass; vault:unlock also
//   wakes the engine). A secret already read is never used once the store reports itself
//   unavailable: the cache is dropped at that moment, and availability is checked again inside the
//   transaction that records the attempts, so a lock that commits first always wins. Only a secret
//   that is missing from an OPEN store is a person's problem (the head goes dead, and blocks).
// - Claim before deliver: only rows that the attempt transaction actually moved from pending/failed
//   to in_flight are sent. An item discarded (or retried) after the pass read it is left alone, so
//   "discarded: will not be sent" is true even when the discard won a race with the engine.
// - Crash safety: an attempt is recorded (in_flight, attempts+1) BEFORE the request goes out; after
//   a crash those items are retried with "maybe sent before" set, which makes non-idempotent
//   vendors search first. A 2xx whose write-back was lost is repeated harmlessly for the same reason.
// - Connectivity is judged per integration from its own requests; a circuit breaker per integration
//   stops a dead vendor from being hammered, and a 429 pauses that integration for Retry-After.
import { setMaxListeners } from 'node:events';
import type { IntegrationKind, IntegrationSyncState, IntegrationTestResult, OnCallRoster, SyncStatus } from '../../../shared/domain/sync';
import type { Database } from '../db/database';
import type { KeyStore } from '../keystore/keyStore';
import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import { outboxRepo, type AttemptResult, type OutboxRow } from '../repositories/outboxRepo';
import { oncallRepo } from '../repositories/oncallRepo';
import { vendorRefsRepo } from '../repositories/vendorRefsRepo';
import { integrationsRepo, type StoredIntegration } from '../repositories/integrationsRepo';
import { ADAPTERS } from './adapters/registry';
import type { DeliveryOutcome, IntegrationConfig, SyncAdapter } from './adapters/types';
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from './backoff';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerPolicy } from './breaker';
import { realClock, type SyncClock } from './clock';
import { createHttpClient, vendorMessage } from './http';
import { redactor, secretVariants, type Redactor } from './redact';

export interface SyncEngineOptions {
  db: Database;
  keyStore: KeyStore | null;
  clock?: SyncClock;
  /** [0, 1); injectable so jitter is reproducible in tests. */
  random?: () => number;
  logger?: Logger;
  /** Told (throttled) whenever the sync state changes; the host pushes it as `sync:status`. */
  onStatus?: (s: SyncStatus) => void;
  backoff?: Partial<BackoffPolicy>;
  breaker?: Partial<BreakerPolicy>;
  /** Requests in flight per integration. */
  concurrency?: number;
  /** Real milliseconds a request may take before it counts as unanswered. */
  requestTimeoutMs?: number;
  /** Real milliseconds between scheduler passes when nothing wakes it (a safety net). */
  pollIntervalMs?: number;
  /** On-call roster refresh interval on the sync clock; 0 disables. */
  oncallRefreshMs?: number;
  /**
   * While an integration is offline with work queued, how often (sync clock) to check whether its
   * host answers again. An answer makes items that failed for lack of a network due at once,
   * instead of waiting out back-offs that grew while offline.
   */
  reconnectProbeMs?: number;
}

interface Runtime {
  breaker: CircuitBreaker;
  inFlight: Set<string>;
  link: 'online' | 'offline' | 'unknown';
  /** Waiting for the key store to open (its last pass found it locked). */
  locked: boolean;
  lastError: string | null;
  lastCheckedAt: number | null;
  pausedUntil: number;
  lastOncallAt: number;
  lastProbeAt: number;
}

interface Pending {
  result: AttemptResult;
  integration: string;
  stream: string;
  refs?: Record<string, string>;
}

export const SECRET_ACCOUNT_PREFIX = 'integration:';

/** What the engine can use to authenticate an integration right now. */
type SecretLookup =
  | { kind: 'ok'; secret: string | null }
  /** The key store is locked or unavailable: wait, exactly as for a network that is down. */
  | { kind: 'locked'; reason: string | null }
  /** The store is open but does not hold the secret: a person must add it. */
  | { kind: 'missing' };

export const LOCKED_MESSAGE = 'The key store is locked: unlock it to send.';

export class SyncEngine {
  private readonly db: Database;
  private readonly clock: SyncClock;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly backoff: BackoffPolicy;
  private readonly breakerPolicy: BreakerPolicy;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly oncallMs: number;
  private readonly probeMs: number;
  private readonly runtimes = new Map<string, Runtime>();
  private readonly secrets = new Map<string, string>();
  private integrations: StoredIntegration[] | null = null;
  private readonly claimed = new Set<string>();
  private readonly deliveries = new Set<Promise<void>>();
  private results: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private readonly abort = new AbortController();
  private statusTimer: NodeJS.Timeout | null = null;
  private lastPublished = 0;

  constructor(private readonly opts: SyncEngineOptions) {
    this.db = opts.db;
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    this.logger = opts.logger ?? silentLogger;
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    const breaker = { ...DEFAULT_BREAKER, ...opts.breaker };
    const c = this.clock.compress;
    // Cool-downs are waits like any other: compressed together with back-offs.
    this.breakerPolicy = { ...breaker, openMs: breaker.openMs / c, maxOpenMs: breaker.maxOpenMs / c };
    this.concurrency = opts.concurrency ?? 4;
    this.timeoutMs = opts.requestTimeoutMs ?? 15_000;
    this.pollMs = opts.pollIntervalMs ?? 5_000;
    this.oncallMs = (opts.oncallRefreshMs ?? 5 * 60_000) / this.clock.compress;
    this.probeMs = (opts.reconnectProbeMs ?? 15_000) / this.clock.compress;
    // Every request and poll wait listens to the one shutdown signal.
    setMaxListeners(0, this.abort.signal);
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const recovered = await this.db.queue.transaction((tx) => outboxRepo.recoverInFlight(tx, this.iso()));
    if (recovered > 0) this.logger.info(`sync: ${recovered} interrupted deliveries will be retried (checking first where the vendor has no idempotency key)`);
    this.loop = this.run();
  }

  /** Stop scheduling, cancel requests in flight (they are retried next start), write back results. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.abort.abort();
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.deliveries]);
    await this.flush();
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = null;
  }

  /** Something changed (new outbox rows, a retry, new settings): look again now. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Integrations or secrets changed. */
  reload(): void {
    this.integrations = null;
    this.secrets.clear();
    this.wake();
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private runtime(name: string): Runtime {
    let rt = this.runtimes.get(name);
    if (!rt) {
      rt = { breaker: new CircuitBreaker(this.breakerPolicy), inFlight: new Set(), link: 'unknown', locked: false, lastError: null, lastCheckedAt: null, pausedUntil: 0, lastOncallAt: 0, lastProbeAt: 0 };
      this.runtimes.set(name, rt);
    }
    return rt;
  }

  private async loadIntegrations(): Promise<StoredIntegration[]> {
    if (!this.integrations) this.integrations = await integrationsRepo.list(this.db.reader);
    return this.integrations;
  }

  /** Whether this integration needs the key store at all (it has or requires a secret). */
  private needsStore(integ: StoredIntegration): boolean {
    return integ.secretRef !== null || ADAPTERS[integ.kind].secretRequired;
  }

  /** Asked every time a secret may be used: a store can be locked at any moment (vault:lock). */
  private async storeOpen(): Promise<boolean> {
    const ks = this.opts.keyStore;
    if (!ks) return false;
    let open = false;
    try {
      open = await ks.isAvailable();
    } catch {
      open = false;
    }
    // A secret read while the store was open must not outlive its lock.
    if (!open) this.secrets.clear();
    return open;
  }

  private async secretFor(integ: StoredIntegration): Promise<SecretLookup> {
    if (!integ.secretRef) return ADAPTERS[integ.kind].secretRequired ? { kind: 'missing' } : { kind: 'ok', secret: null };
    if (!(await this.storeOpen())) return { kind: 'locked', reason: null };
    const cached = this.secrets.get(integ.name);
    if (cached !== undefined) return { kind: 'ok', secret: cached };
    let buf: Buffer | null;
    try {
      buf = await this.opts.keyStore!.get(integ.secretRef);
    } catch (err) {
      // Locked between the two calls, or the store could not be read: either way a wait, not a death.
      const reason = (await this.storeOpen()) ? `key store error: ${err instanceof Error ? err.message : String(err)}` : null;
      return { kind: 'locked', reason };
    }
    if (!buf) return { kind: 'missing' };
    const value = buf.toString('utf8');
    this.secrets.set(integ.name, value);
    return { kind: 'ok', secret: value };
  }

  /** The secret for requests that are not outbox items (probe, test, on-call); null when unusable. */
  private async usableSecret(integ: StoredIntegration): Promise<string | null> {
    const s = await this.secretFor(integ);
    return s.kind === 'ok' ? s.secret : null;
  }

  /** Vendor text is redacted with the integration's own secret (and account names it is paired with). */
  private redactorFor(integ: StoredIntegration, secret: string | null): Redactor {
    const names = Object.values(integ.settings).filter((v): v is string => typeof v === 'string' && v.length >= 3);
    return redactor(secretVariants(secret, names));
  }

  private missingMessage(integ: StoredIntegration): string {
    return `No credential for "${integ.name}" is available in the key store: add it in Integrations settings, then retry.`;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let waitMs = this.pollMs;
      try {
        waitMs = await this.pass();
      } catch (err) {
        this.logger.error(`sync: scheduler pass failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!this.running) break;
      if (this.woken) {
        this.woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, Math.min(waitMs, this.pollMs)));
        this.wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeUp = null;
      this.woken = false;
    }
  }

  /** One scheduler pass: claim and start due heads. Returns how long (real ms) to sleep. */
  private async pass(): Promise<number> {
    const integrations = (await this.loadIntegrations()).filter((i) => i.enabled);
    const now = this.clock.now();
    let nextAt = Infinity;
    let changed = false;
    const toStart: Array<{ integ: StoredIntegration; row: OutboxRow; secret: string | null }> = [];
    const toRefuse: Array<{ integ: StoredIntegration; row: OutboxRow }> = [];
    for (const integ of integrations) {
      const rt = this.runtime(integ.name);
      // The key store first: while it is locked this integration takes nothing, whatever is due.
      let secret: string | null = null;
      let missing = false;
      if (this.needsStore(integ)) {
        const found = await this.secretFor(integ);
        if ((found.kind === 'locked') !== rt.locked) {
          rt.locked = found.kind === 'locked';
          changed = true;
        }
        if (found.kind === 'locked') {
          if (found.reason) rt.lastError = found.reason;
          continue;
        }
        if (found.kind === 'missing') missing = true;
        else secret = found.secret;
      }
      if (rt.pausedUntil > now) {
        nextAt = Math.min(nextAt, rt.pausedUntil);
        continue;
      }
      const permits = rt.breaker.permits(now, rt.inFlight.size, this.concurrency);
      // Under load, refill in batches (half the slots at once): one "attempt started" transaction
      // then covers several items instead of one each.
      const batchReady = rt.inFlight.size === 0 || permits >= Math.max(1, Math.floor(this.concurrency / 2));
      if (permits > 0 && !batchReady) continue;
      if (permits <= 0) {
        if (rt.breaker.state === 'open') nextAt = Math.min(nextAt, rt.breaker.openUntil);
        continue;
      }
      const heads = (await outboxRepo.dueHeads(this.db.reader, integ.name, now, permits + this.claimed.size)).filter((r) => !this.claimed.has(r.id)).slice(0, permits);
      for (const row of heads) {
        this.claimed.add(row.id);
        if (missing) {
          toRefuse.push({ integ, row });
          continue;
        }
        rt.inFlight.add(row.id);
        rt.breaker.onStart();
        toStart.push({ integ, row, secret });
      }
      if (heads.length === 0) {
        const due = await outboxRepo.nextDue(this.db.reader, integ.name);
        if (due !== null && due > now) nextAt = Math.min(nextAt, due);
        if (due !== null && rt.link === 'offline' && rt.inFlight.size === 0) {
          if (now - rt.lastProbeAt >= this.probeMs) {
            rt.lastProbeAt = now;
            this.track(this.probe(integ));
          }
          nextAt = Math.min(nextAt, rt.lastProbeAt + this.probeMs);
        }
      }
      if (this.oncallMs > 0 && rt.link !== 'offline' && now - rt.lastOncallAt >= this.oncallMs && ADAPTERS[integ.kind].oncall) {
        rt.lastOncallAt = now;
        void this.refreshOncall(integ).catch(() => undefined);
      }
    }
    if (toStart.length > 0 || toRefuse.length > 0) {
      const at = this.iso();
      // Record the attempts before any request leaves (see the header comment). The store is asked
      // again inside the write queue: a vault:lock that committed while this pass was reading wins.
      const { started, open } = await this.db.queue.transaction(async (tx) => {
        const storeOpen = toStart.some((s) => this.needsStore(s.integ)) ? await this.storeOpen() : true;
        const go = storeOpen ? toStart : toStart.filter((s) => !this.needsStore(s.integ));
        const claimed = await outboxRepo.markInFlight(tx, go.map((s) => s.row.id), at);
        for (const r of toRefuse) await outboxRepo.markDead(tx, r.row.id, this.missingMessage(r.integ), at);
        return { started: claimed, open: storeOpen };
      });
      for (const r of toRefuse) {
        this.claimed.delete(r.row.id);
        this.runtime(r.integ.name).lastError = this.missingMessage(r.integ);
      }
      for (const s of toStart) {
        if (started.has(s.row.id)) {
          this.track(this.deliver(s.integ, s.row, s.secret));
          continue;
        }
        // Not claimed: the store locked meanwhile, or a person discarded (or otherwise decided) the
        // item after it was read. No request goes out and nothing is counted.
        const rt = this.runtime(s.integ.name);
        this.claimed.delete(s.row.id);
        rt.inFlight.delete(s.row.id);
        rt.breaker.onNeutral();
        if (!open && this.needsStore(s.integ)) rt.locked = true;
      }
      changed = true;
    }
    if (changed) this.scheduleStatus();
    return nextAt === Infinity ? this.pollMs : Math.max(0, nextAt - this.clock.now());
  }

  private track(p: Promise<void>): void {
    this.deliveries.add(p);
    void p.finally(() => this.deliveries.delete(p));
  }

  private config(integ: StoredIntegration): IntegrationConfig {
    return { name: integ.name, kind: integ.kind, baseUrl: integ.baseUrl, settings: integ.settings, routing: integ.routing };
  }

  private sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      // Stopping must not wait out a wait that begins after the stop (Jira's is a minute).
      if (this.abort.signal.aborted) return resolve();
      const onAbort = () => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        this.abort.signal.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms / this.clock.compress));
      this.abort.signal.addEventListener('abort', onAbort, { once: true });
    });

  private async deliver(integ: StoredIntegration, row: OutboxRow, secret: string | null): Promise<void> {
    const adapter = ADAPTERS[integ.kind];
    const rt = this.runtime(integ.name);
    const redact = this.redactorFor(integ, secret);
    let outcome: DeliveryOutcome;
    try {
      outcome = await adapter.deliver({
        item: { id: row.id, operation: row.operation, vendorKey: row.vendor_key, payload: JSON.parse(row.payload) as Record<string, unknown>, previousAttempts: row.attempts, stream: row.stream, createdAt: row.created_at },
        config: this.config(integ),
        secret,
        http: createHttpClient({ timeoutMs: this.timeoutMs, signal: this.abort.signal, redact }),
        refs: { get: (kind) => vendorRefsRepo.get(this.db.reader, integ.name, row.stream, kind) },
        now: () => this.clock.now(),
        sleep: this.sleep,
      });
    } catch (err) {
      outcome = { kind: 'retry', status: null, error: `adapter error: ${err instanceof Error ? err.message : String(err)}` };
    }
    // Before it is stored, shown or counted anywhere: no credential a vendor echoed survives.
    if (outcome.kind !== 'delivered') outcome = { ...outcome, error: redact(outcome.error) };
    const now = this.clock.now();
    const at = new Date(now).toISOString();
    const cancelled = !this.running && outcome.kind === 'retry' && outcome.status === null;
    this.observe(rt, outcome, now, cancelled);

    let result: AttemptResult;
    if (outcome.kind === 'delivered') {
      result = { id: row.id, outcome: 'delivered', status: outcome.status, at };
    } else if (outcome.kind === 'dead') {
      result = { id: row.id, outcome: 'dead', status: outcome.status, error: vendorMessage(outcome.error, 500), at };
    } else {
      const answered = outcome.status !== null && outcome.status !== 429 && outcome.status !== 420;
      const failures = row.answered_failures + (answered ? 1 : 0);
      if (answered && failures >= this.backoff.maxAnsweredFailures) {
        result = { id: row.id, outcome: 'dead', status: outcome.status, error: vendorMessage(`gave up after ${failures} failed answers; last: ${outcome.error}`, 500), at };
      } else {
        const attempt = row.attempts + 1;
        const delay = cancelled ? 0 : retryDelay(this.backoff, attempt - 1, this.random, outcome.retryAfterMs ?? null) / this.clock.compress;
        // Whole milliseconds: the column is a STRICT INTEGER, and compressed waits are fractional.
        result = { id: row.id, outcome: 'retry', status: outcome.status, error: vendorMessage(outcome.error, 500), nextAttemptAt: Math.ceil(now + delay), answered, at };
      }
    }
    this.results.push({ result, integration: integ.name, stream: row.stream, ...(outcome.kind === 'delivered' && outcome.refs ? { refs: outcome.refs } : {}) });
    await this.flush();
  }

  /** Is the vendor's host answering at all? Any HTTP answer counts; only the origin is asked. */
  private async probe(integ: StoredIntegration): Promise<void> {
    let target = integ.baseUrl;
    if (!target && integ.kind === 'teams') {
      const secret = await this.usableSecret(integ);
      try {
        target = secret ? new URL(secret).origin : '';
      } catch {
        target = '';
      }
    }
    let origin: string;
    try {
      origin = new URL(target).origin;
    } catch {
      return;
    }
    try {
      await createHttpClient({ timeoutMs: Math.min(this.timeoutMs, 5_000), signal: this.abort.signal })({ method: 'GET', url: `${origin}/` });
    } catch {
      return; // still offline
    }
    const rt = this.runtime(integ.name);
    rt.link = 'online';
    rt.lastCheckedAt = this.clock.now();
    rt.breaker.onSuccess();
    rt.pausedUntil = 0;
    await this.db.queue.transaction((tx) => outboxRepo.dueNowAfterReconnect(tx, integ.name, this.iso()));
    this.logger.info(`sync: ${integ.name} answers again; sending what was queued`);
    this.scheduleStatus();
    this.wake();
  }

  /** Connectivity and the breaker learn from every real request. */
  private observe(rt: Runtime, outcome: DeliveryOutcome, now: number, cancelled: boolean): void {
    if (cancelled) {
      rt.breaker.onNeutral();
      return;
    }
    rt.lastCheckedAt = now;
    const status = outcome.status;
    if (status === null && outcome.kind === 'retry') {
      rt.link = 'offline';
      rt.lastError = outcome.error;
      rt.breaker.onFailure(now);
      return;
    }
    if (status !== null) rt.link = 'online';
    if (outcome.kind === 'retry' && (status === 429 || status === 420)) {
      rt.pausedUntil = Math.max(rt.pausedUntil, Math.ceil(now + (outcome.retryAfterMs ?? 1_000) / this.clock.compress));
      rt.lastError = outcome.error;
      rt.breaker.onNeutral();
      return;
    }
    if (outcome.kind === 'retry' && status !== null && status >= 500) {
      rt.lastError = outcome.error;
      rt.breaker.onFailure(now);
      return;
    }
    rt.breaker.onSuccess();
    rt.lastError = outcome.kind === 'dead' ? outcome.error : outcome.kind === 'retry' ? outcome.error : null;
  }

  /** Write results back in batches: one transaction for however many finished meanwhile. */
  private async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.results.length === 0) return;
    const batch = this.results;
    this.results = [];
    let recorded = false;
    this.flushing = (async () => {
      try {
        await this.db.queue.transaction(async (tx) => {
          await outboxRepo.applyResults(tx, batch.map((b) => b.result));
          const at = this.iso();
          for (const b of batch) {
            for (const [kind, value] of Object.entries(b.refs ?? {})) await vendorRefsRepo.set(tx, b.integration, b.stream, kind, value, at);
          }
          const synced = [...new Set(batch.filter((b) => b.result.outcome === 'delivered').map((b) => b.integration))];
          if (synced.length) await integrationsRepo.setLastSynced(tx, synced, at);
        });
        recorded = true;
      } catch (err) {
        // Keep the items claimed (so nothing is sent again meanwhile) and try to record them again
        // shortly; if the process dies first, the rows are still in_flight and the next start
        // retries them idempotently.
        this.logger.error(`sync: could not record ${batch.length} results: ${err instanceof Error ? err.message : String(err)}`);
        this.results.unshift(...batch);
        if (this.running) setTimeout(() => void this.flush(), 1_000).unref();
      } finally {
        if (recorded) {
          for (const b of batch) {
            this.claimed.delete(b.result.id);
            this.runtimes.get(b.integration)?.inFlight.delete(b.result.id);
          }
          if (batch.some((b) => b.result.outcome === 'delivered')) this.integrations = null; // refresh lastSyncedAt
        }
      }
    })();
    await this.flushing;
    this.flushing = null;
    this.scheduleStatus();
    this.wake();
  }

  // --- status, test, on-call ----------------------------------------------------------------

  private scheduleStatus(): void {
    if (!this.opts.onStatus || this.statusTimer) return;
    const wait = Math.max(0, 250 - (Date.now() - this.lastPublished));
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.lastPublished = Date.now();
      void this.status()
        .then((s) => this.opts.onStatus?.(s))
        .catch(() => undefined);
    }, wait);
  }

  async status(): Promise<SyncStatus> {
    const integrations = await integrationsRepo.list(this.db.reader);
    const counts = await outboxRepo.countsByIntegration(this.db.reader);
    const now = this.clock.now();
    // Asked now rather than remembered from the last pass, so an unlock shows at once.
    const open = await this.storeOpen();
    let pending = 0;
    let dead = 0;
    const list: IntegrationSyncState[] = integrations.map((integ) => {
      const rt = this.runtime(integ.name);
      const mine = counts.filter((c) => c.integration === integ.name);
      const live = mine.filter((c) => c.state !== 'dead');
      const byOp = new Map<string, number>();
      for (const c of live) byOp.set(c.operation, (byOp.get(c.operation) ?? 0) + c.n);
      const p = live.reduce((a, c) => a + c.n, 0);
      const d = mine.filter((c) => c.state === 'dead').reduce((a, c) => a + c.n, 0);
      pending += p;
      dead += d;
      const paused = Math.max(rt.pausedUntil, rt.breaker.state === 'open' ? rt.breaker.openUntil : 0);
      return {
        name: integ.name,
        kind: integ.kind,
        state: !integ.enabled ? 'unknown' : this.needsStore(integ) && (!open || rt.locked) ? 'locked' : rt.link,
        lastSyncedAt: integ.lastSyncedAt,
        breaker: rt.breaker.state,
        pending: p,
        dead: d,
        lastError: rt.lastError,
        lastCheckedAt: rt.lastCheckedAt ? new Date(rt.lastCheckedAt).toISOString() : null,
        pausedUntil: paused > now ? new Date(paused).toISOString() : null,
        queued: [...byOp].map(([operation, count]) => ({ operation, count })),
      };
    });
    // Items for integrations that were removed still count.
    for (const c of counts) {
      if (integrations.some((i) => i.name === c.integration)) continue;
      if (c.state === 'dead') dead += c.n;
      else pending += c.n;
    }
    return { pending, dead, offline: list.some((i) => i.state === 'offline' && i.pending > 0), locked: list.some((i) => i.state === 'locked'), integrations: list };
  }

  async test(name: string): Promise<IntegrationTestResult | null> {
    const integ = await integrationsRepo.get(this.db.reader, name);
    if (!integ) return null;
    const adapter: SyncAdapter = ADAPTERS[integ.kind];
    const found = this.needsStore(integ) ? await this.secretFor(integ) : ({ kind: 'ok', secret: null } as const);
    const started = Date.now();
    if (found.kind === 'locked') return { ok: false, status: null, message: found.reason ?? LOCKED_MESSAGE, latencyMs: 0 };
    if (found.kind === 'missing') return { ok: false, status: null, message: `No credential for "${name}" is available in the key store.`, latencyMs: 0 };
    const secret = found.secret;
    const redact = this.redactorFor(integ, secret);
    const raw = await adapter.test({
      config: this.config(integ),
      secret,
      http: createHttpClient({ timeoutMs: Math.min(this.timeoutMs, 10_000), signal: this.abort.signal, redact }),
      now: () => this.clock.now(),
      sleep: this.sleep,
    });
    const out = { ...raw, message: redact(raw.message) };
    const rt = this.runtime(name);
    rt.lastCheckedAt = this.clock.now();
    rt.link = out.status === null ? 'offline' : 'online';
    if (!out.ok) rt.lastError = out.message;
    if (out.status !== null && rt.breaker.state !== 'closed' && out.status < 500) rt.breaker.onSuccess();
    if (out.status !== null) this.wake();
    this.scheduleStatus();
    return { ...out, message: vendorMessage(out.message, 500), latencyMs: Date.now() - started };
  }

  async refreshOncall(integ: StoredIntegration): Promise<void> {
    const adapter = ADAPTERS[integ.kind];
    if (!adapter.oncall) return;
    const secret = await this.usableSecret(integ);
    if (!secret) return;
    const entries = await adapter.oncall({
      config: this.config(integ),
      secret,
      http: createHttpClient({ timeoutMs: Math.min(this.timeoutMs, 10_000), signal: this.abort.signal, redact: this.redactorFor(integ, secret) }),
      now: () => this.clock.now(),
      sleep: this.sleep,
    });
    if (entries === null) return;
    await this.db.queue.transaction((tx) => oncallRepo.set(tx, integ.name, this.iso(), entries));
  }

  async oncall(): Promise<OnCallRoster[]> {
    const integrations = await integrationsRepo.list(this.db.reader);
    const out: OnCallRoster[] = [];
    const now = this.clock.now();
    for (const integ of integrations) {
      if (!ADAPTERS[integ.kind].oncall) continue;
      const cached = await oncallRepo.get(this.db.reader, integ.name);
      const rt = this.runtime(integ.name);
      out.push({
        integration: integ.name,
        kind: integ.kind as IntegrationKind,
        fetchedAt: cached?.fetchedAt ?? null,
        ageSeconds: cached ? Math.max(0, Math.round((now - Date.parse(cached.fetchedAt)) / 1000)) : null,
        stale: rt.link !== 'online',
        entries: (cached?.roster as OnCallRoster['entries'] | undefined) ?? [],
      });
    }
    return out;
  }

  /** For tests and benchmarks: resolve once nothing is pending, in flight or retrying. */
  async whenDrained(opts: { timeoutMs: number; pollMs?: number }): Promise<boolean> {
    const deadline = Date.now() + opts.timeoutMs;
    while (Date.now() < deadline) {
      const c = await outboxRepo.countsByState(this.db.reader);
      if ((c.pending ?? 0) + (c.in_flight ?? 0) + (c.failed ?? 0) === 0 && this.claimed.size === 0) return true;
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 25));
    }
    return false;
  }
}
