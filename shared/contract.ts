// The one contract: every command the backend answers, `domain:verb`, with its zod input (from
// schemas/<domain>.ts), its result type (from domain/<domain>.ts) and a summary, grouped by domain.
// The Electron IPC binding, the browser host, the preload and the renderer's API client are all
// derived from this table, so a missing handler or a wrong payload fails to compile. Pushed events
// are in events.ts; Electron-only channels in desktop.ts.
import type { z } from 'zod';
import type { AuditRecord, AuditVerifyResult } from './domain/audit';
import type { BlastRadius, CatalogGraph, CatalogImportResult, Service } from './domain/catalog';
import type { Incident } from './domain/incidents';
import type { AppInfo, Profile } from './domain/profile';
import type { ChecklistItem, HandoffBrief, Person, RoleAssignment, RoleBoard } from './domain/roles';
import type { CatchUpOffer, CatchUpResult, IntegrationInfo, IntegrationTestResult, OnCallRoster, OutboxItem, SyncCoverage, SyncStatus } from './domain/sync';
import type { TimelineEntry, TimelineExport, TimelinePage } from './domain/timeline';
import type { CadencePolicy, Timer, TimerList } from './domain/timers';
import type { ArtifactExport, ArtifactPreview, ArtifactSummary, CustodyEntry, CustodyVerifyResult, VaultCreated, VaultOrphan, VaultStatus } from './domain/vault';
import type { PushedEventName, PushedEvents } from './events';
import { auditListInput } from './schemas/audit';
import { catalogExportInput, catalogFailoverInput, catalogImportInput, impactBlastRadiusInput, impactSetInput } from './schemas/catalog';
import { incidentsDeclareInput, incidentsGetInput, incidentsListInput, incidentsMilestoneInput, incidentsSetSeverityInput, incidentsSetStatusInput, incidentsUpdateInput } from './schemas/incidents';
import { profileSetInput } from './schemas/profile';
import { rolesAssignInput, rolesBriefInput, rolesChecklistInput, rolesHandoverInput, rolesListInput, rolesReleaseInput, rosterImportInput, rosterRemoveInput, rosterUpsertInput } from './schemas/roles';
import { integrationsCatchUpInput, integrationsConfigureInput, integrationsOffersInput, integrationsTestInput, outboxDiscardInput, outboxListInput, outboxRetryInput, syncCoverageInput } from './schemas/sync';
import { timelineAppendInput, timelineCorrectInput, timelineExportInput, timelineHistoryInput, timelineListInput, timelinePinInput } from './schemas/timeline';
import { cadenceSetPolicyInput, cadenceStartInput, timersListInput, timersResolveInput, timersStartInput } from './schemas/timers';
import { artifactsCustodyInput, artifactsDeleteInput, artifactsExportInput, artifactsImportInput, artifactsListInput, artifactsReadInput, custodyVerifyInput, vaultCreateInput, vaultReattachInput, vaultUnlockInput } from './schemas/vault';
import { empty } from './validation';

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

export const commands = {
  // --- profile: the console and who is at it
  'app:info': query<AppInfo>()(empty, 'Version, schema version, data directory and the local profile.'),
  'profile:get': query<Profile | null>()(empty, 'The local profile, or null before first start.'),
  'profile:set': mutation<Profile>()(profileSetInput, 'Choose the display name and handle recorded as the actor of every event.'),

  // --- incidents: declaring and running an incident
  'demo:load': mutation<Incident>()(empty, 'Load the demo incident shipped in resources/ (an exercise).'),
  'incidents:declare': mutation<Incident>()(incidentsDeclareInput, 'Declare an incident. Anyone may declare; unsure between two severities, choose the higher.'),
  'incidents:list': query<Incident[]>()(incidentsListInput, 'Incidents in triage order: active ones first by severity, then most recent activity; then resolved and closed ones, most recent first.'),
  'incidents:get': query<Incident>()(incidentsGetInput, 'One incident by ULID or human id.'),
  'incidents:update': mutation<Incident>()(incidentsUpdateInput, 'Edit the title or summary.'),
  'incidents:set-severity': mutation<Incident>()(incidentsSetSeverityInput, 'Raise or lower the severity; recorded on the timeline.'),
  'incidents:set-status': mutation<Incident>()(incidentsSetStatusInput, 'Move the incident through investigating → identified → monitoring → resolved → closed.'),
  'incidents:milestone': mutation<Incident>()(incidentsMilestoneInput, 'Record a milestone time (detected, acknowledged, mitigated, …); MTTx are computed from these.'),

  // --- timeline: the incident's log of notes, decisions and actions
  'timeline:append': mutation<TimelineEntry>()(timelineAppendInput, 'Add a note, decision or action to the timeline.'),
  'timeline:list': query<TimelinePage>()(timelineListInput, 'Timeline entries, newest first, a page at a time.'),
  'timeline:pin': mutation<TimelineEntry>()(timelinePinInput, 'Pin or unpin an entry.'),
  'timeline:correct': mutation<TimelineEntry>()(timelineCorrectInput, 'Correct an entry: a new event supersedes the old text, which stays in the history.'),
  'timeline:history': query<Array<{ eventId: string; text: string; actor: string; at: string }>>()(timelineHistoryInput, 'Every version of an entry, oldest first.'),
  'timeline:export': query<TimelineExport>()(timelineExportInput, 'The whole timeline, oldest first, as Markdown or JSON to save: latest text of each entry, pins and corrections; times in the given zone (UTC by default), labelled.'),

  // --- roles: the role board (exactly one Incident Commander) and the roster
  'roles:list': query<RoleBoard>()(rolesListInput, 'Current role holders, the full assignment history, IC handovers and role checklists.'),
  'roles:assign': mutation<RoleAssignment>()(rolesAssignInput, 'Give a person from the roster a role. A second Incident Commander is refused (conflict): hand over instead.'),
  'roles:release': mutation<RoleAssignment>()(rolesReleaseInput, 'A person renounces a role; recorded on the timeline.'),
  'roles:handover': mutation<RoleAssignment>()(rolesHandoverInput, 'Hand over Incident Command with an ICS-201 brief: the outgoing IC renounces and the incoming IC assumes in one step.'),
  'roles:brief': query<HandoffBrief>()(rolesBriefInput, 'An ICS-201 handoff brief pre-filled from the incident’s state, to edit before a handover.'),
  'roles:checklist': mutation<ChecklistItem>()(rolesChecklistInput, 'Tick or untick a task of a role’s checklist.'),
  'roster:list': query<Person[]>()(empty, 'The people roster: name, handle, team and contact channels.'),
  'roster:upsert': mutation<Person>()(rosterUpsertInput, 'Add a person to the roster or edit one.'),
  'roster:remove': mutation<{ handle: string }>()(rosterRemoveInput, 'Remove a person who holds no role in an active incident.'),
  'roster:import': mutation<{ created: number; updated: number }>()(rosterImportInput, 'Import people from CSV (header: name, handle, team, then one column per contact channel) or JSON; every bad line is named and nothing is written.'),

  // --- timers: time-boxed diagnosis, asks and the comms cadence
  'timers:start': mutation<Timer>()(timersStartInput, 'Start a time-box: a diagnosis hypothesis, a time-boxed ask or a cadence reminder. Stored as a deadline.'),
  'timers:list': query<TimerList>()(timersListInput, 'The incident’s timers with their deadline (dueAt) and state, and the server clock.'),
  'timers:resolve': mutation<{ timer: Timer; next: Timer | null }>()(timersResolveInput, 'Decide on a time-box: extend (with a reason), switch hypothesis, escalate, done or cancel. Lands on the timeline.'),
  'cadence:policies': query<CadencePolicy[]>()(empty, 'The cadence policy table: per severity, when each update is first due and how often it repeats.'),
  'cadence:set-policy': mutation<CadencePolicy>()(cadenceSetPolicyInput, 'Edit one cell of the cadence policy; recorded on the timeline of every active incident it affects.'),
  'cadence:start': mutation<Timer[]>()(cadenceStartInput, 'Start (or re-plan) the cadence timers of an incident from the policy for its severity.'),

  // --- catalog: the service catalog, failover and per-incident impact
  'catalog:import': mutation<CatalogImportResult>()(catalogImportInput, 'Replace the service catalog from Backstage catalog-info.yaml (multi-document) or the simple JSON/YAML format. A malformed file names the document and line and changes nothing.'),
  'catalog:graph': query<CatalogGraph>()(empty, 'Every service with owner, tier, runbook and failover state; dependency edges; unknown references; cycles.'),
  'catalog:export': query<{ format: 'backstage' | 'json' | 'yaml'; filename: string; content: string }>()(catalogExportInput, 'Export the catalog in any import format.'),
  'catalog:failover': mutation<Service>()(catalogFailoverInput, 'Flip a service’s failover state (e.g. to the secondary region); recorded on the incident’s timeline.'),
  'impact:set': mutation<BlastRadius>()(impactSetInput, 'Mark a service with a Statuspage component status for this incident; returns the new blast radius.'),
  'impact:blast-radius': query<BlastRadius>()(impactBlastRadiusInput, 'Impacted services plus every transitive dependent, and what the impacted services depend on.'),

  // --- vault: encrypted evidence and its chain of custody
  'vault:status': query<VaultStatus>()(empty, 'Whether the vault exists and is locked, where its key lives, and which key stores this machine offers.'),
  'vault:create': mutation<VaultCreated>()(vaultCreateInput, 'Create the vault: master key in the OS key store, or behind a passphrase (scrypt ≥ 250 ms). Returns the recovery key once.'),
  'vault:unlock': mutation<VaultStatus>()(vaultUnlockInput, 'Unlock with the key store (no field), the passphrase, or the recovery key. A wrong key fails closed.'),
  'vault:lock': mutation<VaultStatus>()(empty, 'Lock the vault: keys are wiped from memory; previews and exports are refused until unlocked.'),
  'vault:orphans': query<VaultOrphan[]>()(empty, 'Encrypted blobs no row of this database mentions (after a damaged database was replaced or a backup restored), kept in the orphan folder.'),
  'vault:reattach': mutation<ArtifactSummary>()(vaultReattachInput, 'Re-attach an orphaned blob from its sealed key file, after checking it decrypts to its recorded digest; recorded on a new custody chain and the timeline.'),
  'artifacts:import': mutation<ArtifactSummary>()(artifactsImportInput, 'Encrypt evidence into the vault for an incident, from a path on this machine, inline base64 or a streamed upload (POST /api/vault/upload).'),
  'artifacts:list': query<ArtifactSummary[]>()(artifactsListInput, 'Artifacts of an incident, newest first.'),
  'artifacts:read': mutation<ArtifactPreview>()(artifactsReadInput, 'Decrypt an artifact in memory for a preview; recorded on the custody chain and the timeline.'),
  'artifacts:export': mutation<ArtifactExport>()(artifactsExportInput, 'Export decrypted (plain) or as a passphrase-protected evidence bundle another console can import.'),
  'artifacts:delete': mutation<ArtifactSummary>()(artifactsDeleteInput, 'Crypto-shred an artifact (its data key is destroyed) and remove its blob; the custody record stays.'),
  'artifacts:custody': query<CustodyEntry[]>()(artifactsCustodyInput, 'The custody chain of one artifact, oldest first.'),
  'custody:verify': query<CustodyVerifyResult>()(custodyVerifyInput, 'Verify every custody chain (or one) and name the first broken entry.'),

  // --- sync: integrations and the outbox that reaches them
  'sync:status': query<SyncStatus>()(empty, 'Pending and dead outbox items and the state of each integration.'),
  'integrations:configure': mutation<IntegrationInfo>()(integrationsConfigureInput, 'Add or edit an integration. The secret goes to the key store, never to the database; omit it to keep the stored one.'),
  'integrations:list': query<IntegrationInfo[]>()(empty, 'Configured integrations with their routing rules (never their secrets).'),
  'integrations:test': query<IntegrationTestResult>()(integrationsTestInput, 'Make one real, harmless request to the vendor and report what it said.'),
  'integrations:offers': query<CatchUpOffer[]>()(integrationsOffersInput, 'Active incidents an enabled integration never opened (it was added or enabled later) and could open now.'),
  'integrations:catch-up': mutation<CatchUpResult>()(
    integrationsCatchUpInput,
    'Open active incidents at an integration that never opened them, then send their current state, once; an incident already opened there is skipped. Recorded on each timeline.',
  ),
  'sync:coverage': query<SyncCoverage>()(syncCoverageInput, 'What reached each integration for one incident, what did not and why: sent, nothing to send, or not routed.'),
  'outbox:list': query<OutboxItem[]>()(outboxListInput, 'Outbox items, oldest first: pending, retrying (with the next attempt time), dead (with the vendor’s reason).'),
  'outbox:retry': mutation<OutboxItem>()(outboxRetryInput, 'Send a dead or retrying item again now; recorded on the timeline.'),
  'outbox:discard': mutation<OutboxItem>()(outboxDiscardInput, 'Give up on an item that will not be sent; the reason is recorded on the timeline.'),
  'oncall:list': query<OnCallRoster[]>()(empty, 'The last-known on-call roster per integration, with its age.'),

  // --- audit: the tamper-evident trail of every command
  'audit:list': query<AuditRecord[]>()(auditListInput, 'The audit trail, newest first.'),
  'audit:verify': query<AuditVerifyResult>()(
    empty,
    'Verify the audit hash chain, its keyed checkpoints and its head seal; name the first bad entry and say how much is not keyed yet.',
  ),
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

/** The API the renderer sees, identical over Electron IPC and the browser host. */
export interface CommandPostApi {
  invoke<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandResult<N>>;
  subscribe<E extends PushedEventName>(event: E, listener: (data: PushedEvents[E]) => void): () => void;
}

// Electron only: the vault's native file dialogs (main/app/fileDialogs.ts). The page asks; the main
// process shows the OS dialog and passes the path the user chose to the core in-process. A path
// never comes from the page, so these channels are not a write-anywhere (or read-anywhere) primitive.
