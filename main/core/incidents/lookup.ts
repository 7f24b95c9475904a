import type { Incident } from '../../../shared/domain/incidents';
import { AppError } from '../../../shared/errors';
import type { SqlRunner } from '../db/sqlite';
import { incidentsRepo } from '../repositories/incidentsRepo';

/** Resolve a ULID or human id (INC-2026-0042) to the incident, or fail with not_found. */
export async function requireIncident(db: SqlRunner, ref: string): Promise<Incident> {
  const inc = await incidentsRepo.find(db, ref);
  if (!inc) throw new AppError('not_found', `No incident ${ref}.`);
  return inc;
}
