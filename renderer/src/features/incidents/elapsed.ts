import type { Incident } from '../../../../shared/domain/incidents';

/** When the incident started for the clock: declared (or created). */
export function startedAt(inc: Incident): number {
  return Date.parse(inc.milestones.declared ?? inc.createdAt);
}

/** The clock stops once resolved. */
export function endedAt(inc: Incident): number | null {
  if (inc.status !== 'resolved' && inc.status !== 'closed') return null;
  const r = inc.milestones.resolved ?? inc.updatedAt;
  return Date.parse(r);
}

export function elapsedMs(inc: Incident, now: number): number {
  return (endedAt(inc) ?? now) - startedAt(inc);
}
