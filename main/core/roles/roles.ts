// Role board use cases: assignments with assumed/renounced times, the single-IC rule, IC handover
// with an ICS-201 brief, and role checklists. Every change is an event projected on the timeline.
import { ulid } from 'ulid';
import type { ParsedInput } from '../../../shared/contract';
import type { Incident } from '../../../shared/domain/incidents';
import { AppError } from '../../../shared/errors';
import { COMPONENT_STATUS_LABELS } from '../../../shared/domain/catalog';
import { MULTI_HOLDER_ROLES, ROLE_CHECKLISTS, ROLE_LABELS, ROLES, type ChecklistItem, type HandoffBrief, type Role, type RoleAssignment, type RoleBoard } from '../../../shared/domain/roles';
import type { SqlRunner } from '../db/sqlite';
import { catalogRepo } from '../repositories/catalogRepo';
import { rolesRepo } from '../repositories/rolesRepo';
import { rosterRepo } from '../repositories/rosterRepo';
import { timelineRepo } from '../repositories/timelineRepo';
import { timersRepo } from '../repositories/timersRepo';
import type { CommandContext } from '../command';
import { requireIncident } from '../incidents/incidents';
import { projectEntry } from '../timeline/timeline';
import { formatClock, UTC } from '../../../shared/time';

const label = (r: Role) => ROLE_LABELS[r];

async function requireOpenIncident(ctx: CommandContext, ref: string): Promise<Incident> {
  const inc = await requireIncident(ctx.db, ref);
  if (inc.status === 'closed') throw new AppError('conflict', `${inc.humanId} is closed; reopen it before changing roles.`);
  return inc;
}

async function requirePerson(db: SqlRunner, handle: string, field: string) {
  const p = await rosterRepo.get(db, handle);
  if (!p) throw new AppError('not_found', `${handle} is not on the roster; add them first.`, [{ path: field, message: 'is not on the roster' }]);
  return p;
}

export async function assignRole(input: ParsedInput<'roles:assign'>, ctx: CommandContext): Promise<RoleAssignment> {
  const inc = await requireOpenIncident(ctx, input.incidentId);
  const person = await requirePerson(ctx.db, input.person, 'person');
  const holders = await rolesRepo.holders(ctx.db, inc.id, input.role);
  if (holders.some((h) => h.person === person.handle)) {
    throw new AppError('conflict', `${person.name} already holds ${label(input.role)} in ${inc.humanId}.`);
  }
  // Checked here, inside the write transaction, so concurrent assignments see each other; the
  // partial unique index one_incident_commander backs this up at the storage level.
  if (input.role === 'incident_commander' && holders.length > 0) {
    throw new AppError(
      'conflict',
      `${holders[0]!.person} is the Incident Commander of ${inc.humanId}; there is exactly one at any moment. Hand over command instead.`,
    );
  }
  const replaced = MULTI_HOLDER_ROLES.includes(input.role) ? [] : holders;
  const ev = await ctx.log.append(ctx, {
    incidentId: inc.id,
    actor: ctx.actor,
    kind: 'role.assigned',
    payload: { role: input.role, person: person.handle, replaced: replaced.map((h) => h.person) },
  });
  for (const h of replaced) await rolesRepo.renounce(ctx.db, h.id, ev.at);
  const a: RoleAssignment = {
    id: ulid(ctx.now()),
    incidentId: inc.id,
    role: input.role,
    person: person.handle,
    assumedAt: ev.at,
    renouncedAt: null,
    assignedBy: ctx.actor,
    handoverId: null,
  };
  await rolesRepo.insert(ctx.db, a);
  const who = `${person.name} (@${person.handle})`;
  const text = replaced.length
    ? `${who} replaced @${replaced.map((h) => h.person).join(', @')} as ${label(input.role)}`
    : `${who} assumed ${label(input.role)}`;
  await projectEntry(ctx, ev, 'system', text);
  ctx.changed('roles', inc.id);
  return a;
}

export async function releaseRole(input: ParsedInput<'roles:release'>, ctx: CommandContext): Promise<RoleAssignment> {
  const inc = await requireOpenIncident(ctx, input.incidentId);
  const holding = (await rolesRepo.holders(ctx.db, inc.id, input.role)).find((h) => h.person === input.person);
  if (!holding) throw new AppError('not_found', `@${input.person} does not hold ${label(input.role)} in ${inc.humanId}.`);
  if (input.role === 'incident_commander' && inc.status !== 'resolved') {
    throw new AppError('conflict', `The Incident Commander cannot simply step away while ${inc.humanId} is ${inc.status}: hand over command to someone else.`);
  }
  const ev = await ctx.log.append(ctx, { incidentId: inc.id, actor: ctx.actor, kind: 'role.released', payload: { role: input.role, person: input.person } });
  await rolesRepo.renounce(ctx.db, holding.id, ev.at);
  await projectEntry(ctx, ev, 'system', `@${input.person} renounced ${label(input.role)}`);
  ctx.changed('roles', inc.id);
  return { ...holding, renouncedAt: ev.at };
}

export async function handOver(input: ParsedInput<'roles:handover'>, ctx: CommandContext): Promise<RoleAssignment> {
  const inc = await requireOpenIncident(ctx, input.incidentId);
  const to = await requirePerson(ctx.db, input.to, 'to');
  const current = (await rolesRepo.holders(ctx.db, inc.id, 'incident_commander'))[0] ?? null;
  if (current?.person === to.handle) throw new AppError('conflict', `${to.name} is already the Incident Commander of ${inc.humanId}.`);
  const brief: HandoffBrief = {
    situation: input.brief.situation.trim(),
    objectives: input.brief.objectives.trim(),
    currentActions: input.brief.currentActions.trim(),
    resources: input.brief.resources.trim(),
    openAsks: input.brief.openAsks.trim(),
  };
  if (!brief.situation) throw new AppError('invalid_input', 'The handoff brief needs a situation.', [{ path: 'brief.situation', message: 'must not be blank' }]);
  const handoverId = ulid(ctx.now());
  const ev = await ctx.log.append(ctx, {
    incidentId: inc.id,
    actor: ctx.actor,
    kind: 'role.handover',
    payload: { handoverId, from: current?.person ?? null, to: to.handle, brief },
  });
  if (current) await rolesRepo.renounce(ctx.db, current.id, ev.at);
  const a: RoleAssignment = {
    id: ulid(ctx.now()),
    incidentId: inc.id,
    role: 'incident_commander',
    person: to.handle,
    assumedAt: ev.at,
    renouncedAt: null,
    assignedBy: ctx.actor,
    handoverId,
  };
  await rolesRepo.insert(ctx.db, a);
  await rolesRepo.insertHandover(ctx.db, { id: handoverId, incidentId: inc.id, from: current?.person ?? null, to: to.handle, brief, at: ev.at, by: ctx.actor, eventId: ev.id });
  const lines = [
    `Incident Command handed over: ${current ? `@${current.person}` : 'nobody'} → ${to.name} (@${to.handle})`,
    `Situation: ${brief.situation}`,
    brief.objectives && `Objectives: ${brief.objectives}`,
    brief.currentActions && `Current actions: ${brief.currentActions}`,
    brief.resources && `Resources: ${brief.resources}`,
    brief.openAsks && `Open asks: ${brief.openAsks}`,
  ].filter(Boolean);
  await projectEntry(ctx, ev, 'system', lines.join('\n'));
  ctx.changed('roles', inc.id);
  return a;
}

export async function roleBoard(input: ParsedInput<'roles:list'>, ctx: CommandContext): Promise<RoleBoard> {
  const inc = await requireIncident(ctx.db, input.incidentId);
  const [history, handovers, ticks] = await Promise.all([rolesRepo.history(ctx.db, inc.id), rolesRepo.handovers(ctx.db, inc.id), rolesRepo.checklist(ctx.db, inc.id)]);
  const done = new Map(ticks.map((t) => [`${t.role}/${t.item}`, t]));
  const checklists = Object.fromEntries(
    ROLES.map((role) => [
      role,
      ROLE_CHECKLISTS[role].map((c): ChecklistItem => {
        const t = done.get(`${role}/${c.key}`);
        return { key: c.key, label: c.label, done: !!t, doneBy: t?.done_by ?? null, doneAt: t?.done_at ?? null };
      }),
    ]),
  ) as RoleBoard['checklists'];
  return { holders: history.filter((h) => h.renouncedAt === null), history, handovers, checklists };
}

export async function tickChecklist(input: ParsedInput<'roles:checklist'>, ctx: CommandContext): Promise<ChecklistItem> {
  const inc = await requireOpenIncident(ctx, input.incidentId);
  const item = ROLE_CHECKLISTS[input.role].find((c) => c.key === input.item);
  if (!item) {
    throw new AppError('invalid_input', `${label(input.role)} has no checklist item "${input.item}".`, [
      { path: 'item', message: `must be one of ${ROLE_CHECKLISTS[input.role].map((c) => c.key).join(', ')}` },
    ]);
  }
  const at = new Date(ctx.now()).toISOString();
  const changed = input.done ? await rolesRepo.tick(ctx.db, inc.id, input.role, item.key, ctx.actor, at) : await rolesRepo.untick(ctx.db, inc.id, input.role, item.key);
  if (changed) {
    const ev = await ctx.log.append(ctx, { incidentId: inc.id, actor: ctx.actor, kind: 'role.checklist', payload: { role: input.role, item: item.key, done: input.done } });
    await projectEntry(ctx, ev, 'system', `${label(input.role)} checklist: ${input.done ? '✓' : 'reopened'} ${item.label}`);
    ctx.changed('roles', inc.id);
  }
  return { key: item.key, label: item.label, done: input.done, doneBy: input.done ? ctx.actor : null, doneAt: input.done ? at : null };
}

/**
 * ICS-201 brief from what the console already knows; the outgoing IC edits it before committing. Its
 * readings are in the zone the caller names (the one the IC reads everything else in), UTC otherwise,
 * and always say which zone they are in: the brief outlives the screen it was drafted on.
 */
export async function draftBrief(input: ParsedInput<'roles:brief'>, ctx: CommandContext): Promise<HandoffBrief> {
  const inc = await requireIncident(ctx.db, input.incidentId);
  const zone = input.timeZone ?? UTC;
  const fmtTime = (ms: number) => formatClock(ms, zone);
  const [holders, timers, impacts, recent] = await Promise.all([
    rolesRepo.current(ctx.db, inc.id),
    timersRepo.forIncident(ctx.db, inc.id),
    catalogRepo.impacts(ctx.db, inc.id),
    timelineRepo.page(ctx.db, { incidentId: inc.id, limit: 6, kinds: ['decision', 'action'] }),
  ]);
  const open = timers.filter((t) => t.state === 'open');
  const impacted = impacts.filter((i) => i.status !== 'operational');
  const situation = [
    `${inc.humanId} ${inc.severity} “${inc.title}”, ${inc.status} since declaration at ${fmtTime(Date.parse(inc.createdAt))}.`,
    inc.summary,
    impacted.length ? `Impacted: ${impacted.map((i) => `${i.service} (${COMPONENT_STATUS_LABELS[i.status].toLowerCase()})`).join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const diagnosis = open.filter((t) => t.kind === 'diagnosis');
  const objectives = diagnosis.length
    ? diagnosis.map((t) => `Confirm or rule out: ${t.label} (box ends ${fmtTime(t.due_ms)})`).join('\n')
    : inc.status === 'investigating'
      ? 'Find the cause; restore service.'
      : inc.status === 'identified'
        ? 'Mitigate and restore service.'
        : 'Watch for recurrence; prepare to resolve.';
  const currentActions = recent.entries.map((e) => `• ${e.text.split('\n')[0]}`).join('\n');
  const resources = holders.map((h) => `${label(h.role)}: @${h.person}`).join('\n');
  const openAsks = open
    .filter((t) => t.kind === 'ask')
    .map((t) => `${t.owner ? `@${t.owner}: ` : ''}${t.label} (due ${fmtTime(t.due_ms)})`)
    .join('\n');
  return { situation, objectives, currentActions, resources, openAsks };
}
