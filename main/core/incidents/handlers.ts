// The incident commands: declare, list, edit, severity, status, milestones.
import { compareForTriage } from '../../../shared/domain/incidents';
import { defineHandlers } from '../command';
import { incidentsRepo } from '../repositories/incidentsRepo';
import { declareIncident, recordMilestone, setSeverity, setStatus, updateIncident } from './incidents';
import { requireIncident } from './lookup';

export const incidentsHandlers = defineHandlers(['incidents'], () => ({
  'incidents:declare': declareIncident,
  'incidents:list': async (i, ctx) =>
    (await incidentsRepo.list(ctx.db, { ...(i.status ? { status: i.status } : {}), ...(i.mode ? { mode: i.mode } : {}) })).sort(compareForTriage),
  'incidents:get': (i, ctx) => requireIncident(ctx.db, i.id),
  'incidents:update': updateIncident,
  'incidents:set-severity': setSeverity,
  'incidents:set-status': setStatus,
  'incidents:milestone': recordMilestone,
}));
