// Incident use cases. Each mutation appends one or more events and updates the projections in the
// caller's transaction.
import { ulid } from 'ulid';
import type { ParsedInput } from '../../../shared/contract';
import { formatHumanId, severityRank, type Incident, type IncidentStatus, type Milestone } from '../../../shared/domain/incidents';
import { AppError } from '../../../shared/errors';
import { incidentsRepo } from '../repositories/incidentsRepo';
import type { CommandContext } from '../command';
import { requireIncident } from './lookup';
import { projectEntry } from '../timeline/timeline';
import { formatStamp, UTC } from '../../../shared/time';

// Re-exported so feature modules keep one import for incident use cases.
export { requireIncident };

const FUTURE_TOLERANCE_MS = 60_000;

function checkPast(at: string, field: string, now: number): string {
  const t = Date.parse(at);
  if (t > now + FUTURE_TOLERANCE_MS) {
    throw new AppError('invalid_input', `${field} is in the future`, [{ path: field, message: 'must not be in the future' }]);
  }
  return new Date(t).toISOString();
}

export async function declareIncident(input: ParsedInput<'incidents:declare'>, ctx: CommandContext): Promise<Incident> {
  const now = ctx.now();
  const at = new Date(now).toISOString();
  const year = new Date(now).getUTCFullYear();
  const number = await incidentsRepo.nextNumber(ctx.db, year);
  const detectedAt = input.detectedAt ? checkPast(input.detectedAt, 'detectedAt', now) : at;
  const incident: Incident = {
    id: ulid(now),
    humanId: formatHumanId(year, number),
    title: input.title,
    summary: input.summary ?? '',
    severity: input.severity,
    status: 'investigating',
    mode: input.mode ?? 'real',
    createdBy: ctx.actor,
    createdAt: at,
    updatedAt: at,
    milestones: { detected: detectedAt, declared: at },
    entryCount: 0,
    pinnedCount: 0,
  };
  await incidentsRepo.insert(ctx.db, { ...incident, year, number });
  const ev = await ctx.log.append(ctx, {
    incidentId: incident.id,
    actor: ctx.actor,
    kind: 'incident.declared',
    payload: { humanId: incident.humanId, title: incident.title, severity: incident.severity, summary: incident.summary, mode: incident.mode, detectedAt },
  });
  const modeNote = incident.mode === 'exercise' ? ' (exercise: pages no one, excluded from metrics)' : '';
  await projectEntry(ctx, ev, 'system', `Declared ${incident.severity} “${incident.title}”${modeNote}`);
  ctx.changed('incidents', incident.id);
  return requireIncident(ctx.db, incident.id);
}

export async function updateIncident(input: ParsedInput<'incidents:update'>, ctx: CommandContext): Promise<Incident> {
  const inc = await requireIncident(ctx.db, input.id);
  const changes: Record<string, string> = {};
  if (input.title !== undefined && input.title !== inc.title) changes.title = input.title;
  if (input.summary !== undefined && input.summary !== inc.summary) changes.summary = input.summary;
  if (Object.keys(changes).length === 0) return inc;
  const ev = await ctx.log.append(ctx, { incidentId: inc.id, actor: ctx.actor, kind: 'incident.updated', payload: changes });
  await incidentsRepo.update(ctx.db, inc.id, { ...changes, updatedAt: ev.at });
  const what = [changes.title !== undefined ? `title to “${changes.title}”` : null, changes.summary !== undefined ? 'summary' : null].filter(Boolean);
  await projectEntry(ctx, ev, 'system', `Updated ${what.join(' and ')}`);
  ctx.changed('incidents', inc.id);
  return requireIncident(ctx.db, inc.id);
}

export async function setSeverity(input: ParsedInput<'incidents:set-severity'>, ctx: CommandContext): Promise<Incident> {
  const inc = await requireIncident(ctx.db, input.id);
  if (inc.status === 'closed') throw new AppError('conflict', `${inc.humanId} is closed; reopen it before changing severity.`);
  if (inc.severity === input.severity) throw new AppError('conflict', `${inc.humanId} is already ${input.severity}.`);
  const ev = await ctx.log.append(ctx, {
    incidentId: inc.id,
    actor: ctx.actor,
    kind: 'incident.severity_changed',
    payload: { from: inc.severity, to: input.severity, reason: input.reason ?? null },
  });
  await incidentsRepo.update(ctx.db, inc.id, { severity: input.severity, updatedAt: ev.at });
  const verb = severityRank(input.severity) < severityRank(inc.severity) ? 'raised' : 'lowered';
  await projectEntry(ctx, ev, 'severity_change', `Severity ${verb} ${inc.severity} → ${input.severity}${input.reason ? `: ${input.reason}` : ''}`);
  ctx.changed('incidents', inc.id);
  return requireIncident(ctx.db, inc.id);
}

/** Status changes that imply a milestone when it has not been recorded yet. */
const IMPLIED_MILESTONE: Partial<Record<IncidentStatus, Milestone>> = { monitoring: 'mitigated', resolved: 'resolved', closed: 'resolved' };

export async function setStatus(input: ParsedInput<'incidents:set-status'>, ctx: CommandContext): Promise<Incident> {
  const inc = await requireIncident(ctx.db, input.id);
  if (inc.status === input.status) throw new AppError('conflict', `${inc.humanId} is already ${input.status}.`);
  if (inc.status === 'closed' && input.status !== 'investigating') {
    throw new AppError('conflict', `${inc.humanId} is closed; it can only be reopened (status investigating).`);
  }
  const ev = await ctx.log.append(ctx, {
    incidentId: inc.id,
    actor: ctx.actor,
    kind: 'incident.status_changed',
    payload: { from: inc.status, to: input.status, note: input.note ?? null },
  });
  const milestones = { ...inc.milestones };
  const implied = IMPLIED_MILESTONE[input.status];
  if (implied && !milestones[implied]) milestones[implied] = ev.at;
  if (input.status === 'investigating' && (inc.status === 'resolved' || inc.status === 'closed')) delete milestones.resolved;
  await incidentsRepo.update(ctx.db, inc.id, { status: input.status, milestones, updatedAt: ev.at });
  const reopened = inc.status === 'resolved' || inc.status === 'closed' ? ' (reopened)' : '';
  await projectEntry(ctx, ev, 'status_change', `Status ${inc.status} → ${input.status}${reopened}${input.note ? `: ${input.note}` : ''}`);
  if (implied && !inc.milestones[implied]) {
    const mev = await ctx.log.append(ctx, { incidentId: inc.id, actor: ctx.actor, kind: 'incident.milestone', payload: { milestone: implied, at: ev.at, implied: true } });
    await projectEntry(ctx, mev, 'milestone', `Milestone: ${implied}`);
  }
  ctx.changed('incidents', inc.id);
  return requireIncident(ctx.db, inc.id);
}

export async function recordMilestone(input: ParsedInput<'incidents:milestone'>, ctx: CommandContext): Promise<Incident> {
  const inc = await requireIncident(ctx.db, input.id);
  const at = input.at ? checkPast(input.at, 'at', ctx.now()) : new Date(ctx.now()).toISOString();
  if (input.milestone !== 'detected' && inc.milestones.detected && at < inc.milestones.detected) {
    throw new AppError('invalid_input', `${input.milestone} cannot be before detection (${formatStamp(Date.parse(inc.milestones.detected), UTC)})`, [
      { path: 'at', message: 'must not be before the detected milestone' },
    ]);
  }
  const ev = await ctx.log.append(ctx, {
    incidentId: inc.id,
    actor: ctx.actor,
    kind: 'incident.milestone',
    payload: { milestone: input.milestone, at, note: input.note ?? null, previous: inc.milestones[input.milestone] ?? null },
  });
  await incidentsRepo.update(ctx.db, inc.id, { milestones: { ...inc.milestones, [input.milestone]: at }, updatedAt: ev.at });
  const when = at === ev.at ? '' : ` at ${formatStamp(Date.parse(at), UTC)}`;
  await projectEntry(ctx, ev, 'milestone', `Milestone: ${input.milestone}${when}${input.note ? ` — ${input.note}` : ''}`);
  ctx.changed('incidents', inc.id);
  return requireIncident(ctx.db, inc.id);
}
