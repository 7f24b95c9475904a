// Shared set-up for the sync tests: a real core on a temp SQLite file, a real passphrase key store
// holding the integration secrets, and a sync clock running 100× faster than
// real time so vendor-visible back-offs (PagerDuty's 30 s) pass in milliseconds.
import path from 'node:path';
import type { KeyStore } from '../../../main/core/keystore/keyStore';
import { PassphraseKeyStore } from '../../../main/core/keystore/passphraseKeyStore';
import { scaledClock, type SyncClock } from '../../../main/core/sync/clock';
import type { SyncEngineOptions } from '../../../main/core/sync/engine';
import { mulberry32 } from '../../fakes/faultProxy';
import type { FakeKind, Fakes } from '../../fakes';
import { effectLedgerKey, ledgerKey } from '../../fakes/ledger';
import { tempCore, tempDir } from '../../helpers/tempCore';
import type { Core } from '../../../main/core/createCore';

export const TEST_PASSPHRASE = 'sandbox passphrase for sync tests';

export async function unlockedKeyStore(dir: string): Promise<PassphraseKeyStore> {
  const ks = new PassphraseKeyStore(dir);
  if (ks.exists()) await ks.unlock(TEST_PASSPHRASE);
  else await ks.create(TEST_PASSPHRASE);
  return ks;
}

export type SyncCore = Core & { cleanup(): Promise<void>; clock: SyncClock; keyStore: KeyStore };

export interface SyncCoreOptions {
  seed?: number;
  factor?: number;
  dataDir?: string;
  engine?: Partial<Omit<SyncEngineOptions, 'db' | 'keyStore' | 'onStatus'>>;
  start?: boolean;
  /**
   * 'console': integration secrets live in the console's own passphrase store, the one vault:create,
   * vault:unlock and vault:lock act on, and which starts locked on every start (as in the browser
   * host). Default: a separate store under sync-keys/, unlocked before the core starts.
   */
  keyStore?: 'sync-keys' | 'console';
}

export async function syncCore(opts: SyncCoreOptions = {}): Promise<SyncCore> {
  const dataDir = opts.dataDir ?? tempDir('cp-sync-');
  const own = opts.keyStore === 'console' ? null : await unlockedKeyStore(path.join(dataDir, 'sync-keys'));
  const clock = scaledClock(opts.factor ?? 100);
  const core = await tempCore({
    dataDir,
    keyStore: null,
    sync: {
      ...(own ? { keyStore: own } : {}),
      ...(opts.start !== undefined ? { start: opts.start } : {}),
      engine: {
        clock,
        random: mulberry32(opts.seed ?? 1),
        requestTimeoutMs: 3_000,
        pollIntervalMs: 100,
        oncallRefreshMs: 0,
        ...opts.engine,
      },
    },
  });
  return Object.assign(core, { clock, keyStore: own ?? core.keyStores.selected });
}

export async function drained(core: Core, timeoutMs = 30_000): Promise<void> {
  const ok = await core.sync.engine!.whenDrained({ timeoutMs });
  if (!ok) {
    const items = await core.invoke('outbox:list', { limit: 20 });
    const live = items.filter((i) => ['pending', 'failed', 'in_flight'].includes(i.state));
    throw new Error(`outbox not drained after ${timeoutMs} ms: ${JSON.stringify(live.slice(0, 5), null, 1)}`);
  }
}

export async function effects(url: string): Promise<{ effects: Record<string, number>; log: Array<{ key: string; effect: string; detail?: unknown }>; received: number }> {
  const res = await fetch(`${url}/__fake/effects`);
  return (await res.json()) as never;
}

/** Poll until `check` holds (bounded); returns false when it never did. */
/**
 * Let the core's own background writes finish: the integrity seal writes a checkpoint a moment after
 * every commit, and a test that counts the write queue's depth must not have it arrive mid-count.
 */
export async function quiesce(core: SyncCore): Promise<void> {
  await core.integrity.flush();
  await core.db.queue.drain();
}

export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, pollMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return false;
}

/** An outbox row next to what its fake vendor recorded for it. */
export interface RowAtFake {
  id: string;
  seq: number;
  incidentId: string | null;
  integration: string;
  kind: FakeKind;
  operation: string;
  vendorKey: string;
  state: string;
  lastStatus: number | null;
  /** The key of this row's effect in its fake's ledger (ledger.ts). */
  ledger: string;
  /** How many times the fake recorded that effect. */
  effects: number;
}

/** Every outbox row (all of them, in queue order), each matched with its effect at the fakes. */
export async function rowsAtFakes(core: Core, fakes: Pick<Fakes, FakeKind>): Promise<RowAtFake[]> {
  const rows = await core.db.reader.all<{ id: string; seq: number; incident_id: string | null; integration: string; kind: FakeKind; operation: string; vendor_key: string; state: string; last_status: number | null }>(
    'SELECT o.id, o.seq, o.incident_id, o.integration, g.kind, o.operation, o.vendor_key, o.state, o.last_status FROM outbox o JOIN integrations g ON g.name = o.integration ORDER BY o.seq',
  );
  return rows.map((r) => {
    const ledger = ledgerKey(r.kind, r.operation, r.vendor_key);
    return {
      id: r.id,
      seq: r.seq,
      incidentId: r.incident_id,
      integration: r.integration,
      kind: r.kind,
      operation: r.operation,
      vendorKey: r.vendor_key,
      state: r.state,
      lastStatus: r.last_status,
      ledger,
      effects: fakes[r.kind].effects.counts.get(ledger) ?? 0,
    };
  });
}

/** Effects a fake recorded that no outbox row asked for (a repeat the vendor absorbed is not one). */
export function strayEffects(fakes: Pick<Fakes, FakeKind>, rows: RowAtFake[], kinds: FakeKind[]): string[] {
  const asked = new Set(rows.map((r) => `${r.kind} ${r.ledger}`));
  const out: string[] = [];
  for (const k of kinds) {
    for (const e of fakes[k].effects.log) {
      const { ledger, repeat } = effectLedgerKey(k, e.effect, e.key);
      if (!repeat && !asked.has(`${k} ${ledger}`)) out.push(`${k} ${ledger}`);
    }
  }
  return out;
}

/**
 * Per-incident order at the vendors: for each incident and fake, the effects in the order the fake
 * recorded them must be that incident's rows in outbox order (which is the order of the events).
 * An at-least-once repeat (Teams) comes right after the post it repeats, because the stream waits
 * for it, so immediate repeats are collapsed; a repeat after a later item is an order problem.
 */
export function orderProblems(fakes: Pick<Fakes, FakeKind>, rows: RowAtFake[], kinds: FakeKind[]): string[] {
  const problems: string[] = [];
  for (const kind of kinds) {
    const mine = rows.filter((r) => r.kind === kind && r.incidentId !== null);
    const byLedger = new Map(mine.map((r) => [r.ledger, r]));
    const seen = new Map<string, number[]>();
    for (const e of fakes[kind].effects.log) {
      const { ledger, repeat } = effectLedgerKey(kind, e.effect, e.key);
      if (repeat) continue;
      const row = byLedger.get(ledger);
      if (!row) continue; // an effect no row asked for: strayEffects reports it
      seen.set(row.incidentId!, [...(seen.get(row.incidentId!) ?? []), row.seq]);
    }
    for (const incidentId of new Set(mine.map((r) => r.incidentId!))) {
      const want = mine.filter((r) => r.incidentId === incidentId).map((r) => r.seq);
      const got = (seen.get(incidentId) ?? []).filter((s, i, all) => i === 0 || all[i - 1] !== s);
      if (got.join() !== want.join()) problems.push(`${kind}: incident ${incidentId}: effects of rows ${want.join(',')} expected in that order, the fake saw ${got.join(',') || 'none'}`);
    }
  }
  return problems;
}
