// The one contract: every command the backend answers, with its zod input and its result type,
// plus the events it pushes. The Electron IPC binding, the browser host, the preload and the
// renderer's API client are all derived from this table, so a missing handler or a wrong payload
// fails to compile.
import { z } from 'zod';
import type { AppInfo, AuditRecord, Incident, Profile, SyncStatus, TimelineEntry, TimelinePage } from './domain';
import {
  empty,
  entryKind,
  eventRef,
  handle,
  idRef,
  incidentMode,
  incidentStatus,
  isoTime,
  label,
  milestone,
  severity,
  strict,
  text,
  userEntryKind,
} from './validation';

export type CommandKind = 'query' | 'mutation';

export interface CommandSpec<I extends z.ZodType = z.ZodType, R = unknown> {
  readonly kind: CommandKind;
  readonly input: I;
  readonly summary: string;
  /** Phantom field carrying the result type; never set at run time. */
  readonly _result?: R;
}

function query<R>() {
  return <I extends z.ZodType>(input: I, summary: string): CommandSpec<I, R> => ({ kind: 'query', input, summary });
}
function mutation<R>() {
  return <I extends z.ZodType>(input: I, summary: string): CommandSpec<I, R> => ({ kind: 'mutation', input, summary });
}

export const LIMITS = {
  title: 200,
  summary: 10_000,
  entryText: 20_000,
  reason: 2_000,
  pageSize: 500,
} as const;

export const commands = {
  'app:info': query<AppInfo>()(empty, 'Version, schema version, data directory and the local profile.'),
  'profile:get': query<Profile | null>()(empty, 'The local profile, or null before first start.'),
  'profile:set': mutation<Profile>()(
    strict({ displayName: label(80), handle }),
    'Choose the display name and handle recorded as the actor of every event.',
  ),
  'demo:load': mutation<Incident>()(empty, 'Load the demo incident shipped in resources/ (an exercise).'),

  'incidents:declare': mutation<Incident>()(
    strict({
      title: label(LIMITS.title),
      severity,
      summary: text(LIMITS.summary).optional(),
      mode: incidentMode.optional(),
      detectedAt: isoTime.optional(),
    }),
    'Declare an incident. Anyone may declare; unsure between two severities, choose the higher.',
  ),
  'incidents:list': query<Incident[]>()(
    strict({ status: incidentStatus.optional(), mode: incidentMode.optional() }),
    'Incidents, most recently active first.',
  ),
  'incidents:get': query<Incident>()(strict({ id: idRef }), 'One incident by ULID or human id.'),
  'incidents:update': mutation<Incident>()(
    strict({ id: idRef, title: label(LIMITS.title).optional(), summary: text(LIMITS.summary).optional() }),
    'Edit the title or summary.',
  ),
  'incidents:set-severity': mutation<Incident>()(
    strict({ id: idRef, severity, reason: text(LIMITS.reason).optional() }),
    'Raise or lower the severity; recorded on the timeline.',
  ),
  'incidents:set-status': mutation<Incident>()(
    strict({ id: idRef, status: incidentStatus, note: text(LIMITS.reason).optional() }),
    'Move the incident through investigating → identified → monitoring → resolved → closed.',
  ),
  'incidents:milestone': mutation<Incident>()(
    strict({ id: idRef, milestone, at: isoTime.optional(), note: text(LIMITS.reason).optional() }),
    'Record a milestone time (detected, acknowledged, mitigated, …); MTTx are computed from these.',
  ),

  'timeline:append': mutation<TimelineEntry>()(
    strict({ incidentId: idRef, kind: userEntryKind, text: text(LIMITS.entryText, { min: 1 }).refine((v) => v.trim().length > 0, { error: 'must not be blank' }) }),
    'Add a note, decision or action to the timeline.',
  ),
  'timeline:list': query<TimelinePage>()(
    strict({
      incidentId: idRef,
      before: z.int({ error: 'must be an integer cursor from nextBefore' }).min(0).optional(),
      limit: z.int({ error: 'must be an integer' }).min(1).max(LIMITS.pageSize).optional(),
      kinds: z.array(entryKind).max(10).optional(),
      pinnedOnly: z.boolean().optional(),
      search: text(200).optional(),
    }),
    'Timeline entries, newest first, a page at a time.',
  ),
  'timeline:pin': mutation<TimelineEntry>()(strict({ eventId: eventRef, pinned: z.boolean({ error: 'must be true or false' }) }), 'Pin or unpin an entry.'),
  'timeline:correct': mutation<TimelineEntry>()(
    strict({ eventId: eventRef, text: text(LIMITS.entryText, { min: 1 }).refine((v) => v.trim().length > 0, { error: 'must not be blank' }) }),
    'Correct an entry: a new event supersedes the old text, which stays in the history.',
  ),
  'timeline:history': query<Array<{ eventId: string; text: string; actor: string; at: string }>>()(
    strict({ eventId: eventRef }),
    'Every version of an entry, oldest first.',
  ),

  'audit:list': query<AuditRecord[]>()(
    strict({ before: z.int().min(1).optional(), limit: z.int().min(1).max(LIMITS.pageSize).optional() }),
    'The audit trail, newest first.',
  ),
  'audit:verify': query<{ ok: boolean; checked: number; firstBad: number | null; reason: string | null }>()(
    empty,
    'Verify the audit hash chain and name the first bad entry.',
  ),
  'sync:status': query<SyncStatus>()(empty, 'Pending and dead outbox items and the state of each integration.'),
} as const satisfies Record<string, CommandSpec>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
export type ParsedInput<N extends CommandName> = z.output<Commands[N]['input']>;
export type CommandResult<N extends CommandName> = Exclude<Commands[N]['_result'], undefined>;

export const COMMAND_NAMES = Object.keys(commands) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

/** Events the backend pushes, named in the past tense. */
export interface PushedEvents {
  'db:changed': { domains: string[]; incidentId?: string };
  'sync:status': SyncStatus;
}
export type PushedEventName = keyof PushedEvents;
export interface PushedEnvelope<E extends PushedEventName = PushedEventName> {
  event: E;
  data: PushedEvents[E];
}

/** The API the renderer sees, identical over Electron IPC and the browser host. */
export interface CommandPostApi {
  invoke<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandResult<N>>;
  subscribe<E extends PushedEventName>(event: E, listener: (data: PushedEvents[E]) => void): () => void;
}

export const IPC_INVOKE_CHANNEL = 'command-post:invoke';
export const IPC_EVENT_CHANNEL = 'command-post:event';
