// The incident commands: declare, list, edit, severity, status, milestones, and the demo exercise.
import { defineHandlers } from '../command';
import { incidentsRepo } from '../repositories/incidentsRepo';
import { loadDemo } from './demo';
import { declareIncident, recordMilestone, setSeverity, setStatus, updateIncident } from './incidents';
import { requireIncident } from './lookup';

export const incidentsHandlers = defineHandlers(['incidents', 'demo'], () => ({
  'demo:load': (_i, ctx) => loadDemo(ctx),
  'incidents:declare': declareIncident,
  'incidents:list': (i, ctx) => incidentsRepo.list(ctx.db, { ...(i.status ? { status: i.status } : {}), ...(i.mode ? { mode: i.mode } : {}) }),
  'incidents:get': (i, ctx) => requireIncident(ctx.db, i.id),
  'incidents:update': updateIncident,
  'incidents:set-severity': setSeverity,
  'incidents:set-status': setStatus,
  'incidents:milestone': recordMilestone,
}));
