// Finding people on the roster: every word of the query must appear in the name, handle or team.
import type { Person } from '../../../../shared/domain/roles';

/** People whose name, handle or team contains every word of the query (case-insensitive). */
export function matchPeople<P extends Pick<Person, 'name' | 'handle' | 'team'>>(people: readonly P[], query: string): P[] {
  const words = query.toLowerCase().replace(/@/g, '').split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...people];
  return people.filter((p) => {
    const hay = `${p.name} ${p.handle} ${p.team}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
