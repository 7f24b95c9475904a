// The one contract: every command the backend answers, with its zod input and its result type,
// plus the events it pushes. The Electron IPC binding, the browser host, the preload and the
// renderer's API client are all derived from this table, so a missing handler or a wrong payload
// fails to compile.
import { z } from 'zod';
import type { AppInfo, AuditRecord, AuditVerifyResult, Incident, Profile, SyncStatus, TimelineEntry, TimelinePage } from './domain';
// sync / integrations (issue 5)
import { INTEGRATION_KINDS, OUTBOX_STATES, type IntegrationInfo, type IntegrationTestResult, type OnCallRoster, type OutboxItem } from './domain';
// --- war room (issue 4) imports
import {
  CADENCE_KEYS,
  COMPONENT_STATUSES,
  ROLES,
  TIMER_DECISIONS,
  TIMER_KINDS,
  type BlastRadius,
  type CadencePolicy,
  type CatalogGraph,
  type CatalogImportResult,
  type ChecklistItem,
  type HandoffBrief,
  type Person,
  type RoleAssignment,
  type RoleBoard,
  type Service,
  type Timer,
  type TimerAlert,
  type TimerList,
} from './warroom';
// --- artifact vault (issue 6) imports
import {
  artifactDeleteInput,
  artifactExportInput,
  artifactImportInput,
  EXPORT_FORMATS,
  vaultCreateInput,
  vaultReattachInput,
  vaultUnlockInput,
  type ArtifactExport,
  type ArtifactPreview,
  type ArtifactSummary,
  type CustodyEntry,
  type CustodyVerifyResult,
  type VaultCreated,
  type VaultOrphan,
  type VaultStatus,
} from './vault';
import {
  empty,
  entryKind,
  eventRef,
  handle,
  httpUrl,
  identifier,
  idRef,
  incidentMode,
  incidentStatus,
  isoTime,
  label,
  milestone,
  oneLine,
  secretText,
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

/** An integration's name: short, lower-case, stable (it keys the outbox and the key store). */
const integrationName = identifier(40, { min: 1 }).regex(/^[a-z0-9][a-z0-9._-]*$/, {
  error: 'must be lower-case letters, digits, dot, dash or underscore, starting with a letter or digit',
});

export const LIMITS = {
  title: 200,
  summary: 10_000,
  entryText: 20_000,
  reason: 2_000,
  pageSize: 500,
  // war room (issue 4)
  briefField: 8_000,
  rosterImport: 500_000,
  catalogImport: 900_000,
} as const;

// --- war room schemas (issue 4)
const warRole = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
const timerMinutes = z.int({ error: 'must be a whole number of minutes' }).min(1, { error: 'must be at least 1 minute' }).max(1440, { error: 'must be at most 1440 minutes (24 h)' });
const catalogFormat = z.enum(['backstage', 'json', 'yaml'], { error: 'must be backstage, json or yaml' });

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
  'audit:verify': query<AuditVerifyResult>()(
    empty,
    'Verify the audit hash chain, its keyed checkpoints and its head seal; name the first bad entry and say how much is not keyed yet.',
  ),
  'sync:status': query<SyncStatus>()(empty, 'Pending and dead outbox items and the state of each integration.'),

  // --- sync / integrations (issue 5) -----------------------------------------------------------
  'integrations:configure': mutation<IntegrationInfo>()(
    strict({
      kind: z.enum(INTEGRATION_KINDS, { error: `must be one of ${INTEGRATION_KINDS.join(', ')}` }),
      name: integrationName,
      baseUrl: httpUrl(500).optional(),
      settings: z
        .record(identifier(64, { min: 1 }), z.union([text(2_000), z.number().finite(), z.boolean(), z.array(text(200)).max(50)]))
        .refine((o) => Object.keys(o).length <= 30, { error: 'must have at most 30 settings' }),
      secret: secretText(4_000, { min: 1 }).optional(),
      routing: strict({
        minSeverity: severity.optional(),
        onDeclare: z.boolean().optional(),
        onSeverityChange: z.boolean().optional(),
        onStatusChange: z.boolean().optional(),
        onTimeline: z.boolean().optional(),
        onResolve: z.boolean().optional(),
        includeExercises: z.boolean().optional(),
      }).optional(),
      enabled: z.boolean().optional(),
    }),
    'Add or edit an integration. The secret goes to the key store, never to the database; omit it to keep the stored one.',
  ),
  'integrations:list': query<IntegrationInfo[]>()(empty, 'Configured integrations with their routing rules (never their secrets).'),
  'integrations:test': query<IntegrationTestResult>()(strict({ name: integrationName }), 'Make one real, harmless request to the vendor and report what it said.'),
  'outbox:list': query<OutboxItem[]>()(
    strict({
      state: z.enum(OUTBOX_STATES, { error: `must be one of ${OUTBOX_STATES.join(', ')}` }).optional(),
      integration: integrationName.optional(),
      incidentId: idRef.optional(),
      limit: z.int().min(1).max(LIMITS.pageSize).optional(),
    }),
    'Outbox items, oldest first: pending, retrying (with the next attempt time), dead (with the vendor’s reason).',
  ),
  'outbox:retry': mutation<OutboxItem>()(strict({ id: identifier(40, { min: 1 }) }), 'Send a dead or retrying item again now; recorded on the timeline.'),
  'outbox:discard': mutation<OutboxItem>()(
    strict({ id: identifier(40, { min: 1 }), reason: oneLine(LIMITS.reason) }),
    'Give up on an item that will not be sent; the reason is recorded on the timeline.',
  ),
  'oncall:list': query<OnCallRoster[]>()(empty, 'The last-known on-call roster per integration, with its age.'),
  // --- end sync / integrations -----------------------------------------------------------------

  // --- war room: roles, roster, timers, cadence, catalog, impact (issue 4) ----------------------
  'roles:list': query<RoleBoard>()(strict({ incidentId: idRef }), 'Current role holders, the full assignment history, IC handovers and role checklists.'),
  'roles:assign': mutation<RoleAssignment>()(
    strict({ incidentId: idRef, role: warRole, person: handle }),
    'Give a person from the roster a role. A second Incident Commander is refused (conflict): hand over instead.',
  ),
  'roles:release': mutation<RoleAssignment>()(strict({ incidentId: idRef, role: warRole, person: handle }), 'A person renounces a role; recorded on the timeline.'),
  'roles:handover': mutation<RoleAssignment>()(
    strict({
      incidentId: idRef,
      to: handle,
      brief: strict({
        situation: text(LIMITS.briefField),
        objectives: text(LIMITS.briefField),
        currentActions: text(LIMITS.briefField),
        resources: text(LIMITS.briefField),
        openAsks: text(LIMITS.briefField),
      }),
    }),
    'Hand over Incident Command with an ICS-201 brief: the outgoing IC renounces and the incoming IC assumes in one step.',
  ),
  'roles:brief': query<HandoffBrief>()(strict({ incidentId: idRef }), 'An ICS-201 handoff brief pre-filled from the incident’s state, to edit before a handover.'),
  'roles:checklist': mutation<ChecklistItem>()(
    strict({ incidentId: idRef, role: warRole, item: identifier(60, { min: 1 }), done: z.boolean({ error: 'must be true or false' }) }),
    'Tick or untick a task of a role’s checklist.',
  ),
  'roster:list': query<Person[]>()(empty, 'The people roster: name, handle, team and contact channels.'),
  'roster:upsert': mutation<Person>()(
    strict({
      handle,
      name: label(120),
      team: label(120, { allowEmpty: true }).optional(),
      contacts: z.array(strict({ channel: label(40), value: label(300) })).max(10, { error: 'must have at most 10 contacts' }).optional(),
    }),
    'Add a person to the roster or edit one.',
  ),
  'roster:remove': mutation<{ handle: string }>()(strict({ handle }), 'Remove a person who holds no role in an active incident.'),
  'roster:import': mutation<{ created: number; updated: number }>()(
    strict({ format: z.enum(['csv', 'json'], { error: 'must be csv or json' }), content: text(LIMITS.rosterImport, { min: 1 }) }),
    'Import people from CSV (header: name, handle, team, then one column per contact channel) or JSON; every bad line is named and nothing is written.',
  ),
  'timers:start': mutation<Timer>()(
    strict({
      incidentId: idRef,
      kind: z.enum(TIMER_KINDS, { error: `must be one of ${TIMER_KINDS.join(', ')}` }),
      label: label(300),
      minutes: timerMinutes,
      owner: label(80).optional(),
    }),
    'Start a time-box: a diagnosis hypothesis, a time-boxed ask or a cadence reminder. Stored as a deadline.',
  ),
  'timers:list': query<TimerList>()(strict({ incidentId: idRef }), 'The incident’s timers with their deadline (dueAt) and state, and the server clock.'),
  'timers:resolve': mutation<{ timer: Timer; next: Timer | null }>()(
    strict({
      timerId: identifier(40, { min: 1 }),
      decision: z.enum(TIMER_DECISIONS, { error: `must be one of ${TIMER_DECISIONS.join(', ')}` }),
      note: text(LIMITS.reason),
      minutes: timerMinutes.optional(),
      hypothesis: label(300).optional(),
    }),
    'Decide on a time-box: extend (with a reason), switch hypothesis, escalate, done or cancel. Lands on the timeline.',
  ),
  'cadence:policies': query<CadencePolicy[]>()(empty, 'The cadence policy table: per severity, when each update is first due and how often it repeats.'),
  'cadence:set-policy': mutation<CadencePolicy>()(
    strict({
      severity,
      key: z.enum(CADENCE_KEYS, { error: `must be one of ${CADENCE_KEYS.join(', ')}` }),
      firstMinutes: timerMinutes,
      everyMinutes: timerMinutes.nullable(),
      enabled: z.boolean({ error: 'must be true or false' }),
      reason: text(LIMITS.reason).optional(),
    }),
    'Edit one cell of the cadence policy; recorded on the timeline of every active incident it affects.',
  ),
  'cadence:start': mutation<Timer[]>()(strict({ incidentId: idRef }), 'Start (or re-plan) the cadence timers of an incident from the policy for its severity.'),
  'catalog:import': mutation<CatalogImportResult>()(
    strict({ format: catalogFormat, content: text(LIMITS.catalogImport, { min: 1 }) }),
    'Replace the service catalog from Backstage catalog-info.yaml (multi-document) or the simple JSON/YAML format. A malformed file names the document and line and changes nothing.',
  ),
  'catalog:graph': query<CatalogGraph>()(empty, 'Every service with owner, tier, runbook and failover state; dependency edges; unknown references; cycles.'),
  'catalog:export': query<{ format: 'backstage' | 'json' | 'yaml'; filename: string; content: string }>()(strict({ format: catalogFormat }), 'Export the catalog in any import format.'),
  'catalog:failover': mutation<Service>()(
    strict({ incidentId: idRef, service: identifier(300, { min: 1 }), active: label(60) }),
    'Flip a service’s failover state (e.g. to the secondary region); recorded on the incident’s timeline.',
  ),
  'impact:set': mutation<BlastRadius>()(
    strict({ incidentId: idRef, service: identifier(300, { min: 1 }), status: z.enum(COMPONENT_STATUSES, { error: `must be one of ${COMPONENT_STATUSES.join(', ')}` }) }),
    'Mark a service with a Statuspage component status for this incident; returns the new blast radius.',
  ),
  'impact:blast-radius': query<BlastRadius>()(strict({ incidentId: idRef }), 'Impacted services plus every transitive dependent, and what the impacted services depend on.'),
  // --- end war room ------------------------------------------------------------------------------

  // --- artifact vault and chain of custody (issue 6) ----------------------------------------------
  'vault:status': query<VaultStatus>()(empty, 'Whether the vault exists and is locked, where its key lives, and which key stores this machine offers.'),
  'vault:create': mutation<VaultCreated>()(
    vaultCreateInput,
    'Create the vault: master key in the OS key store, or behind a passphrase (scrypt ≥ 250 ms). Returns the recovery key once.',
  ),
  'vault:unlock': mutation<VaultStatus>()(vaultUnlockInput, 'Unlock with the key store (no field), the passphrase, or the recovery key. A wrong key fails closed.'),
  'vault:lock': mutation<VaultStatus>()(empty, 'Lock the vault: keys are wiped from memory; previews and exports are refused until unlocked.'),
  'vault:orphans': query<VaultOrphan[]>()(empty, 'Encrypted blobs no row of this database mentions (after a damaged database was replaced or a backup restored), kept in the orphan folder.'),
  'vault:reattach': mutation<ArtifactSummary>()(
    vaultReattachInput,
    'Re-attach an orphaned blob from its sealed key file, after checking it decrypts to its recorded digest; recorded on a new custody chain and the timeline.',
  ),
  'artifacts:import': mutation<ArtifactSummary>()(
    artifactImportInput,
    'Encrypt evidence into the vault for an incident, from a path on this machine, inline base64 or a streamed upload (POST /api/vault/upload).',
  ),
  'artifacts:list': query<ArtifactSummary[]>()(strict({ incidentId: idRef, includeDeleted: z.boolean({ error: 'must be true or false' }).optional() }), 'Artifacts of an incident, newest first.'),
  'artifacts:read': mutation<ArtifactPreview>()(strict({ id: idRef }), 'Decrypt an artifact in memory for a preview; recorded on the custody chain and the timeline.'),
  'artifacts:export': mutation<ArtifactExport>()(
    artifactExportInput,
    'Export decrypted (plain) or as a passphrase-protected evidence bundle another console can import.',
  ),
  'artifacts:delete': mutation<ArtifactSummary>()(artifactDeleteInput, 'Crypto-shred an artifact (its data key is destroyed) and remove its blob; the custody record stays.'),
  'artifacts:custody': query<CustodyEntry[]>()(strict({ id: idRef }), 'The custody chain of one artifact, oldest first.'),
  'custody:verify': query<CustodyVerifyResult>()(strict({ artifactId: idRef.optional() }), 'Verify every custody chain (or one) and name the first broken entry.'),
  // --- end artifact vault ------------------------------------------------------------------------
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
  /** Electron menu item chosen: run the renderer's named action with this id. */
  'app:action': { id: string };
  'sync:status': SyncStatus;
  /** A time-box crossed 80% or its deadline (war room, issue 4). */
  'timers:alerted': TimerAlert;
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

// Electron only: the vault's native file dialogs (main/app/fileDialogs.ts). The page asks; the main
// process shows the OS dialog and passes the path the user chose to the core in-process. A path
// never comes from the page, so these channels are not a write-anywhere (or read-anywhere) primitive.
/** Open dialog (several files), each file imported by path; answers a Result<VaultImportFilesResult>. */
export const IPC_IMPORT_FILES_CHANNEL = 'command-post:vault-import-files';
/** Save dialog, then artifacts:export to the chosen path; answers a Result<VaultSaveExportResult>. */
export const IPC_SAVE_EXPORT_CHANNEL = 'command-post:vault-save-export';

export const vaultImportFilesInput = strict({ incidentId: idRef });
export type VaultImportFilesInput = z.input<typeof vaultImportFilesInput>;
export const vaultSaveExportInput = strict({
  id: idRef,
  format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }),
  // Length and presence rules are artifacts:export's own; the handler checks them before the dialog.
  passphrase: z.string({ error: 'must be a string' }).optional(),
});
export type VaultSaveExportInput = z.input<typeof vaultSaveExportInput>;

export interface VaultImportFilesResult {
  /** The user closed the dialog without choosing a file; nothing was imported. */
  canceled: boolean;
  imported: ArtifactSummary[];
  /** Files that could not be imported (the others still were), by base name. */
  errors: Array<{ name: string; message: string }>;
}

export interface VaultSaveExportResult {
  /** False when the user cancelled the save dialog (nothing was written or recorded). */
  saved: boolean;
  /** The absolute path written. */
  path?: string;
}
