// Seed an incident's timeline with many entries through the core's own write path (event log +
// projection, in large transactions, as a bulk import would), for tests that need a long incident
// without sending tens of thousands of commands one by one. Within a batch the statements are issued
// without waiting for each answer: the connection runs them in order (ids, clocks and seqs are taken
// in that order), and a round trip per statement would triple the time.
import type { EntryKind } from '../../shared/domain/timeline';
import type { Core } from '../../main/core/createCore';
import { timelineRepo } from '../../main/core/repositories/timelineRepo';

export interface SeedOptions {
  /** Text of the i-th seeded entry (0-based). */
  text: (i: number) => string;
  kind?: (i: number) => Extract<EntryKind, 'note' | 'decision' | 'action'>;
  actor?: string;
  batch?: number;
}

export async function seedTimeline(core: Core, incidentId: string, count: number, opts: SeedOptions): Promise<void> {
  const batch = opts.batch ?? 10_000;
  const actor = opts.actor ?? 'tester';
  for (let start = 0; start < count; start += batch) {
    const end = Math.min(count, start + batch);
    await core.db.queue.transaction(async (tx) => {
      const entries: Array<Promise<void>> = [];
      for (let i = start; i < end; i++) {
        const kind = opts.kind?.(i) ?? 'note';
        const text = opts.text(i);
        entries.push(
          core.log.append({ db: tx, changed: () => undefined }, { incidentId, actor, kind: `timeline.${kind}`, payload: { text } }).then((ev) =>
            timelineRepo.insert(tx, { eventId: ev.id, incidentId, seq: ev.seq, kind, text, actor, at: ev.at, hlc: ev.hlc }),
          ),
        );
      }
      await Promise.all(entries);
    });
  }
}
