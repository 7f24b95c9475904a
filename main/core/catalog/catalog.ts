// Service catalog and per-incident impact: import/export, the dependency graph, failover flips and
// the blast radius (everything that depends on an impacted service, transitively).
import { ulid } from 'ulid';
import type { ParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { buildAdjacency, COMPONENT_STATUS_LABELS, dependenciesOf, dependentsOf, findCycles, type Adjacency, type BlastRadius, type CatalogGraph, type CatalogImportResult, type Service } from '../../../shared/domain/catalog';
import type { SqlRunner } from '../db/sqlite';
import { catalogRepo } from '../repositories/catalogRepo';
import { metaRepo } from '../repositories/metaRepo';
import type { CommandContext } from '../command';
import { requireIncident } from '../incidents/incidents';
import { projectEntry } from '../timeline/timeline';
import { exportCatalog, parseCatalog } from './catalogFormats';

const VERSION_KEY = 'catalog_version';

// The adjacency of the last catalog read, keyed by a version that changes with every import (and is
// unique per database), so a blast radius does not re-read 5,000 edges for each request.
let cached: { version: string; adj: Adjacency } | null = null;

async function adjacency(db: SqlRunner): Promise<Adjacency> {
  const version = (await metaRepo.get(db, VERSION_KEY)) ?? 'empty';
  if (cached?.version === version) return cached.adj;
  const adj = buildAdjacency(await catalogRepo.edges(db));
  if (version !== 'empty') cached = { version, adj };
  return adj;
}

export async function importCatalog(input: ParsedInput<'catalog:import'>, ctx: CommandContext): Promise<CatalogImportResult> {
  // Parse everything first: a malformed file throws here, before a single row is touched.
  const parsed = parseCatalog(input.format, input.content);
  // Failover state is operational, not catalog data: keep the live choice across a re-import.
  const previous = new Map((await catalogRepo.services(ctx.db)).map((s) => [s.id, s]));
  const services = parsed.services.map((s) => {
    const live = previous.get(s.id)?.failover?.active;
    return s.failover && live && s.failover.options.includes(live) ? { ...s, failover: { ...s.failover, active: live } } : s;
  });
  await catalogRepo.replace(ctx.db, services, parsed.edges, parsed.unknownRefs);
  const at = new Date(ctx.now()).toISOString();
  await metaRepo.set(ctx.db, VERSION_KEY, ulid(ctx.now()));
  await metaRepo.set(ctx.db, 'catalog_imported_at', at);
  await metaRepo.set(ctx.db, 'catalog_source', input.format);
  await ctx.log.append(ctx, {
    incidentId: null,
    actor: ctx.actor,
    kind: 'catalog.imported',
    payload: { format: input.format, services: services.length, edges: parsed.edges.length, unknownRefs: parsed.unknownRefs.length, ignored: parsed.ignored.length },
  });
  ctx.changed('catalog');
  ctx.changed('impact');
  const cycles = findCycles(
    services.map((s) => s.id),
    buildAdjacency(parsed.edges),
  );
  return { services: services.length, edges: parsed.edges.length, unknownRefs: parsed.unknownRefs, cycles, ignored: parsed.ignored };
}

export async function catalogGraph(_input: ParsedInput<'catalog:graph'>, ctx: CommandContext): Promise<CatalogGraph> {
  const [services, edges, unknownRefs, importedAt, source] = await Promise.all([
    catalogRepo.services(ctx.db),
    catalogRepo.edges(ctx.db),
    catalogRepo.unknownRefs(ctx.db),
    metaRepo.get(ctx.db, 'catalog_imported_at'),
    metaRepo.get(ctx.db, 'catalog_source'),
  ]);
  const cycles = findCycles(
    services.map((s) => s.id),
    await adjacency(ctx.db),
  );
  return { services, edges, unknownRefs, cycles, importedAt, source };
}

export async function exportCatalogCommand(input: ParsedInput<'catalog:export'>, ctx: CommandContext) {
  const [services, edges] = await Promise.all([catalogRepo.services(ctx.db), catalogRepo.edges(ctx.db)]);
  const filename = input.format === 'backstage' ? 'catalog-info.yaml' : input.format === 'json' ? 'services.json' : 'services.yaml';
  return { format: input.format, filename, content: exportCatalog(input.format, services, edges) };
}

/** A service by id, or by bare name when that names exactly one. */
export async function requireService(db: SqlRunner, ref: string): Promise<Service> {
  const found = await catalogRepo.findByRef(db, ref);
  const exact = found.find((s) => s.id === ref);
  if (exact) return exact;
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new AppError('invalid_input', `“${ref}” names several services (${found.map((s) => s.id).join(', ')}); use the full id.`, [{ path: 'service', message: 'is ambiguous' }]);
  }
  throw new AppError('not_found', `No service ${ref} in the catalog.`, [{ path: 'service', message: 'is not in the catalog' }]);
}

export async function flipFailover(input: ParsedInput<'catalog:failover'>, ctx: CommandContext): Promise<Service> {
  const inc = await requireIncident(ctx.db, input.incidentId);
  if (inc.status === 'closed') throw new AppError('conflict', `${inc.humanId} is closed; record the failover on an open incident.`);
  const svc = await requireService(ctx.db, input.service);
  if (!svc.failover) throw new AppError('conflict', `${svc.title} has no failover configured in the catalog.`);
  if (!svc.failover.options.includes(input.active)) {
    throw new AppError('invalid_input', `${svc.title} can fail over to ${svc.failover.options.join(' or ')}.`, [{ path: 'active', message: `must be one of ${svc.failover.options.join(', ')}` }]);
  }
  if (svc.failover.active === input.active) throw new AppError('conflict', `${svc.title} is already active in ${input.active}.`);
  const failover = { ...svc.failover, active: input.active };
  const ev = await ctx.log.append(ctx, { incidentId: inc.id, actor: ctx.actor, kind: 'service.failover', payload: { service: svc.id, from: svc.failover.active, to: input.active } });
  await catalogRepo.setFailover(ctx.db, svc.id, failover);
  await projectEntry(ctx, ev, 'action', `Failover: ${svc.title} ${svc.failover.active} → ${input.active}`);
  ctx.changed('catalog');
  return { ...svc, failover };
}

export async function computeBlastRadius(db: SqlRunner, incidentId: string): Promise<BlastRadius> {
  const statuses = await catalogRepo.impacts(db, incidentId);
  const impacted = statuses.filter((s) => s.status !== 'operational').map((s) => s.service);
  const adj = await adjacency(db);
  return { incidentId, statuses, impacted, dependents: dependentsOf(impacted, adj), dependencies: dependenciesOf(impacted, adj) };
}

export async function blastRadius(input: ParsedInput<'impact:blast-radius'>, ctx: CommandContext): Promise<BlastRadius> {
  const inc = await requireIncident(ctx.db, input.incidentId);
  return computeBlastRadius(ctx.db, inc.id);
}

export async function setImpact(input: ParsedInput<'impact:set'>, ctx: CommandContext): Promise<BlastRadius> {
  const inc = await requireIncident(ctx.db, input.incidentId);
  if (inc.status === 'closed') throw new AppError('conflict', `${inc.humanId} is closed; reopen it to change component statuses.`);
  const svc = await requireService(ctx.db, input.service);
  const before = (await catalogRepo.impact(ctx.db, inc.id, svc.id)) ?? 'operational';
  if (before === input.status) throw new AppError('conflict', `${svc.title} is already ${COMPONENT_STATUS_LABELS[input.status].toLowerCase()} in ${inc.humanId}.`);
  const ev = await ctx.log.append(ctx, { incidentId: inc.id, actor: ctx.actor, kind: 'service.impact', payload: { service: svc.id, from: before, to: input.status } });
  await catalogRepo.setImpact(ctx.db, inc.id, svc.id, input.status, ev.at, ctx.actor);
  const radius = await computeBlastRadius(ctx.db, inc.id);
  const direct = dependentsOf([svc.id], await adjacency(ctx.db)).length;
  const reach = input.status === 'operational' ? '' : direct ? `; ${direct} service${direct === 1 ? '' : 's'} depend on it` : '';
  await projectEntry(ctx, ev, 'system', `${svc.title}: ${COMPONENT_STATUS_LABELS[before]} → ${COMPONENT_STATUS_LABELS[input.status]}${reach}`);
  ctx.changed('impact', inc.id);
  return radius;
}
