// The role board and roster commands: exactly one Incident Commander, handovers with an ICS-201
// brief, role checklists, and the people who can hold a role.
import { defineHandlers } from '../command';
import { rosterRepo } from '../repositories/rosterRepo';
import { assignRole, draftBrief, handOver, releaseRole, roleBoard, tickChecklist } from './roles';
import { importRoster, removePerson, upsertPerson } from './roster';

export const rolesHandlers = defineHandlers(['roles', 'roster'], () => ({
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
}));
