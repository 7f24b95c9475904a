// Handlers of the war room commands; spread into the core's handler table (handlers.ts).
import type { Handler } from '../handlers';
import { blastRadius, catalogGraph, exportCatalogCommand, flipFailover, importCatalog, setImpact } from '../catalog/catalog';
import { assignRole, draftBrief, handOver, releaseRole, roleBoard, tickChecklist } from '../roles/roles';
import { importRoster, removePerson, upsertPerson } from '../roles/roster';
import { listPolicies, listTimers, resolveTimer, setPolicy, startCadence, startTimer } from '../timers/timers';
import { rosterRepo } from '../repositories/rolesRepo';

type WarroomCommand =
  | 'roles:list'
  | 'roles:assign'
  | 'roles:release'
  | 'roles:handover'
  | 'roles:brief'
  | 'roles:checklist'
  | 'roster:list'
  | 'roster:upsert'
  | 'roster:remove'
  | 'roster:import'
  | 'timers:start'
  | 'timers:list'
  | 'timers:resolve'
  | 'cadence:policies'
  | 'cadence:set-policy'
  | 'cadence:start'
  | 'catalog:import'
  | 'catalog:graph'
  | 'catalog:export'
  | 'catalog:failover'
  | 'impact:set'
  | 'impact:blast-radius';

export const warroomHandlers: { [N in WarroomCommand]: Handler<N> } = {
  'roles:list': roleBoard,
  'roles:assign': assignRole,
  'roles:release': releaseRole,
  'roles:handover': handOver,
  'roles:brief': draftBrief,
  'roles:checklist': tickChecklist,
  'roster:list': (_i, ctx) => rosterRepo.list(ctx.db),
  'roster:upsert': upsertPerson,
  'roster:remove': removePerson,
  'roster:import': importRoster,
  'timers:start': startTimer,
  'timers:list': listTimers,
  'timers:resolve': resolveTimer,
  'cadence:policies': listPolicies,
  'cadence:set-policy': setPolicy,
  'cadence:start': startCadence,
  'catalog:import': importCatalog,
  'catalog:graph': catalogGraph,
  'catalog:export': exportCatalogCommand,
  'catalog:failover': flipFailover,
  'impact:set': setImpact,
  'impact:blast-radius': blastRadius,
};
