// Timeline use cases: entries are projections of events; pins and corrections are events too.
import type { ParsedInput } from '../../../shared/contract';
import type { EntryKind, TimelineEntry, TimelinePage } from '../../../shared/domain/timeline';
import { AppError } from '../../../shared/errors';
import type { LoggedEvent } from '../../../shared/events';
import { eventsRepo } from '../repositories/eventsRepo';
import { incidentsRepo } from '../repositories/incidentsRepo';
import { timelineRepo } from '../repositories/timelineRepo';
import type { CommandContext } from '../command';
import { requireIncident } from '../incidents/lookup';

const DEFAULT_PAGE = 100;

/** Project an event onto the timeline (same transaction as the event). */
export async function projectEntry(ctx: CommandContext, ev: LoggedEvent, kind: EntryKind, text: string): Promise<TimelineEntry> {
  if (!ev.incidentId) throw new Error('timeline entries belong to an incident');
  await timelineRepo.insert(ctx.db, { eventId: ev.id, incidentId: ev.incidentId, seq: ev.seq, kind, text, actor: ev.actor, at: ev.at, hlc: ev.hlc });
  ctx.changed('timeline', ev.incidentId);
  return {
    eventId: ev.id,
    incidentId: ev.incidentId,
    seq: ev.seq,
    kind,
    text,
    actor: ev.actor,
    at: ev.at,
    hlc: ev.hlc,
    pinned: false,
    corrected: null,
  };
}

export async function appendEntry(input: ParsedInput<'timeline:append'>, ctx: CommandContext): Promise<TimelineEntry> {
  const inc = await requireIncident(ctx.db, input.incidentId);
  const ev = await ctx.log.append(ctx, { incidentId: inc.id, actor: ctx.actor, kind: `timeline.${input.kind}`, payload: { text: input.text } });
  return projectEntry(ctx, ev, input.kind, input.text);
}

export async function listEntries(input: ParsedInput<'timeline:list'>, ctx: CommandContext): Promise<TimelinePage> {
  const inc = await requireIncident(ctx.db, input.incidentId);
  const limit = input.limit ?? DEFAULT_PAGE;
  const { entries, total } = await timelineRepo.page(ctx.db, {
    incidentId: inc.id,
    limit,
    ...(input.before !== undefined ? { before: input.before } : {}),
    ...(input.kinds ? { kinds: input.kinds } : {}),
    ...(input.pinnedOnly ? { pinnedOnly: true } : {}),
    ...(input.search ? { search: input.search } : {}),
  });
  const last = entries[entries.length - 1];
  return { entries, total, nextBefore: entries.length === limit && last ? last.seq : null };
}

async function requireEntry(ctx: CommandContext, eventId: string): Promise<TimelineEntry> {
  const entry = await timelineRepo.byEventId(ctx.db, eventId);
  if (!entry) throw new AppError('not_found', `No timeline entry ${eventId}.`);
  return entry;
}

export async function pinEntry(input: ParsedInput<'timeline:pin'>, ctx: CommandContext): Promise<TimelineEntry> {
  const entry = await requireEntry(ctx, input.eventId);
  if (entry.pinned === input.pinned) return entry;
  const ev = await ctx.log.append(ctx, { incidentId: entry.incidentId, actor: ctx.actor, kind: 'timeline.pinned', payload: { target: entry.eventId, pinned: input.pinned } });
  await timelineRepo.setPinned(ctx.db, entry.eventId, input.pinned);
  await incidentsRepo.touch(ctx.db, entry.incidentId, ev.at);
  ctx.changed('timeline', entry.incidentId);
  return { ...entry, pinned: input.pinned };
}

const CORRECTABLE: readonly EntryKind[] = ['note', 'decision', 'action'];

export async function correctEntry(input: ParsedInput<'timeline:correct'>, ctx: CommandContext): Promise<TimelineEntry> {
  const entry = await requireEntry(ctx, input.eventId);
  if (!CORRECTABLE.includes(entry.kind)) {
    throw new AppError('conflict', `A ${entry.kind.replace('_', ' ')} entry is written by the system and cannot be corrected; add a note instead.`);
  }
  if (entry.text === input.text) return entry;
  const ev = await ctx.log.append(ctx, { incidentId: entry.incidentId, actor: ctx.actor, kind: 'timeline.corrected', payload: { target: entry.eventId, text: input.text } });
  await timelineRepo.applyCorrection(ctx.db, entry.eventId, input.text, ev.at, ctx.actor);
  await incidentsRepo.touch(ctx.db, entry.incidentId, ev.at);
  ctx.changed('timeline', entry.incidentId);
  return (await timelineRepo.byEventId(ctx.db, entry.eventId))!;
}

export async function entryHistory(input: ParsedInput<'timeline:history'>, ctx: CommandContext) {
  const original = await eventsRepo.byId(ctx.db, input.eventId);
  const entry = await timelineRepo.byEventId(ctx.db, input.eventId);
  if (!original || !entry) throw new AppError('not_found', `No timeline entry ${input.eventId}.`);
  const firstText = entry.corrected?.originalText ?? entry.text;
  const corrections = await eventsRepo.corrections(ctx.db, input.eventId);
  return [
    { eventId: original.id, text: firstText, actor: original.actor, at: original.at },
    ...corrections.map((c) => ({ eventId: c.id, text: (c.payload as { text: string }).text, actor: c.actor, at: c.at })),
  ];
}
