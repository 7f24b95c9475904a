// Domain vocabulary shared by every runtime. Pure TypeScript: no DOM, no Node, no Electron.

export const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4', 'SEV-5'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What each severity means, shown in the declare dialog (PagerDuty's response guide, practice.md). */
export const SEVERITY_CRITERIA: Record<Severity, { label: string; criteria: string; examples: string }> = {
  'SEV-1': {
    label: 'Critical',
    criteria: 'Critical issue warranting public notification and liaison with executive teams.',
    examples: 'Site or core product down; data loss or breach; payments failing for everyone.',
  },
  'SEV-2': {
    label: 'Critical, many customers',
    criteria: 'Critical system issue actively impacting many customers’ ability to use the product.',
    examples: 'A major feature unavailable; severe degradation for a large share of customers.',
  },
  'SEV-3': {
    label: 'Stability / minor impact',
    criteria: 'Stability or minor customer-impacting issue that requires immediate attention from service owners.',
    examples: 'Partial degradation; a non-critical feature failing; elevated error rates with a workaround.',
  },
  'SEV-4': {
    label: 'Minor, no customer impact',
    criteria: 'Minor issue requiring action, but not affecting customers’ ability to use the product.',
    examples: 'Redundancy lost; a batch job delayed; internal tooling broken.',
  },
  'SEV-5': {
    label: 'Cosmetic',
    criteria: 'Cosmetic issues or bugs, not affecting customers’ ability to use the product. A ticket.',
    examples: 'Typo on a page; a misaligned chart; noisy but harmless log lines.',
  },
};

/** "If you are unsure, treat it as the higher one." */
export const SEVERITY_TIE_BREAK = 'Unsure between two severities? Choose the higher one.';

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const ACTIVE_STATUSES: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring'];

export const INCIDENT_MODES = ['real', 'exercise'] as const;
export type IncidentMode = (typeof INCIDENT_MODES)[number];

export const MILESTONES = ['detected', 'declared', 'acknowledged', 'mitigated', 'resolved'] as const;
export type Milestone = (typeof MILESTONES)[number];

export const ENTRY_KINDS = [
  'note',
  'decision',
  'action',
  'status_change',
  'severity_change',
  'milestone',
  'system',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
/** Kinds a person may append directly; the others are written by the system as side effects. */
export const USER_ENTRY_KINDS = ['note', 'decision', 'action'] as const;
export type UserEntryKind = (typeof USER_ENTRY_KINDS)[number];

/** Human incident id: INC-<year>-<4+ digit sequence>. */
export const HUMAN_ID_PATTERN = /^INC-(\d{4})-(\d{4,})$/;

export function formatHumanId(year: number, sequence: number): string {
  return `INC-${year}-${String(sequence).padStart(4, '0')}`;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s) + 1;
}

export interface Profile {
  displayName: string;
  handle: string;
  createdAt: string;
}

export interface Incident {
  id: string;
  humanId: string;
  title: string;
  summary: string;
  severity: Severity;
  status: IncidentStatus;
  mode: IncidentMode;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  milestones: Partial<Record<Milestone, string>>;
  entryCount: number;
  pinnedCount: number;
}

export interface TimelineEntry {
  eventId: string;
  incidentId: string;
  seq: number;
  kind: EntryKind;
  text: string;
  actor: string;
  at: string;
  hlc: string;
  pinned: boolean;
  /** Set once the entry has been corrected; `text` is the latest correction. */
  corrected: null | { at: string; by: string; originalText: string; revisions: number };
}

export interface TimelinePage {
  entries: TimelineEntry[];
  /** Pass as `before` to fetch the next (older) page; null at the start of the incident. */
  nextBefore: number | null;
  total: number;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  command: string;
  target: string | null;
  outcome: string;
  hash: string;
}

/**
 * How far a tamper-evident log (the audit trail, the custody log) is vouched for by keyed
 * checkpoints: HMACs under a key from the key store that someone with only the data folder cannot
 * recompute, so re-hashing a chain after an edit no longer passes.
 */
export interface ChainKeying {
  /** Checkpoints stored for this log, and how many of them this console could check with its keys. */
  checkpoints: number;
  verified: number;
  /** Checkpoints whose MAC could not be checked because no key is at hand now (key store locked). */
  unverified: number;
  /**
   * The last entry (seq) a checkpoint vouches for whose digest matches the log: its MAC verified,
   * or, while no key is at hand, not checkable yet (counted in unverified); 0 when none.
   */
  coveredThrough: number;
  /** Entries after coveredThrough: an edit or removal there would not show until they are keyed. */
  uncovered: number;
  /** Why those entries are not keyed yet (key store locked, none on this machine…); null when none. */
  uncoveredReason: string | null;
}

/** The log's head as sealed in a file outside the database, so cutting the tail shows. */
export interface ChainSeal {
  /**
   * ok: matches and its MAC verifies; unverified: matches, but no key was available to check its
   * MAC; missing / forged / truncated / rewritten: tampering; not-checked: the chain was already bad.
   */
  status: 'ok' | 'unverified' | 'missing' | 'forged' | 'truncated' | 'rewritten' | 'not-checked';
  /** The head entry (seq) the seal records, when there is a readable seal. */
  seq: number | null;
  reason: string | null;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Entries whose hash and link were checked. */
  checked: number;
  /** The first entry that is bad or not provably intact (or the first missing one). */
  firstBad: number | null;
  reason: string | null;
  keyed: ChainKeying;
  seal: ChainSeal;
  /** Every problem found, the first one first (reason repeats it). */
  problems: string[];
}

// --- sync / integrations (issue 5) -------------------------------------------------------------
export const INTEGRATION_KINDS = ['pagerduty', 'opsgenie', 'statuspage', 'slack', 'teams', 'jira', 'webhook'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

export const OUTBOX_STATES = ['pending', 'in_flight', 'delivered', 'failed', 'dead', 'discarded'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** Connectivity of one integration, judged from its own real requests (never the OS online flag). */
/** 'locked': the key store holding its secret is locked, so it waits (nothing is attempted). */
export type IntegrationLink = 'online' | 'offline' | 'unknown' | 'locked';
export type BreakerState = 'closed' | 'open' | 'half_open';

/** When an integration acts. Pagers never page for exercises; public pages never get timeline notes. */
export interface RoutingRules {
  /** Act for incidents at this severity or higher (SEV-1 is highest). */
  minSeverity: Severity;
  onDeclare: boolean;
  /** Act when severity is raised into range (a page for a pager, a post for chat). */
  onSeverityChange: boolean;
  onStatusChange: boolean;
  /** Forward timeline notes, decisions and actions (never to a public status page). */
  onTimeline: boolean;
  /** Resolving the incident resolves pages / posts the resolution. */
  onResolve: boolean;
  /** Exercises are never sent to pagers or public pages whatever this says. */
  includeExercises: boolean;
}

export type IntegrationSettings = Record<string, string | number | boolean | string[]>;

export interface IntegrationInfo {
  name: string;
  kind: IntegrationKind;
  baseUrl: string;
  settings: IntegrationSettings;
  /** Whether a credential is stored in the key store; the secret itself never leaves the core. */
  hasSecret: boolean;
  routing: RoutingRules;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastSyncedAt: string | null;
}

export interface IntegrationTestResult {
  ok: boolean;
  status: number | null;
  message: string;
  latencyMs: number;
}

export interface OutboxItem {
  id: string;
  seq: number;
  incidentId: string | null;
  incidentHumanId: string | null;
  integration: string;
  kind: IntegrationKind | null;
  operation: string;
  /** One line for people: what this item does ("Trigger page: SEV-1 Checkout down"). */
  summary: string;
  idempotencyKey: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface IntegrationSyncState {
  name: string;
  kind: string;
  state: IntegrationLink;
  lastSyncedAt: string | null;
  breaker: BreakerState;
  /** Items waiting (pending, in flight or retrying). */
  pending: number;
  dead: number;
  lastError: string | null;
  lastCheckedAt: string | null;
  /** When a rate limit or an open breaker lets the next request go. */
  pausedUntil: string | null;
  /** What is waiting, by operation, for the offline banner ("3 × trigger"). */
  queued: Array<{ operation: string; count: number }>;
}

export interface SyncStatus {
  pending: number;
  dead: number;
  /** True when some integration with queued items cannot be reached. */
  offline: boolean;
  /** True when some integration waits for the key store to be unlocked ("locked — unlock to send"). */
  locked: boolean;
  integrations: IntegrationSyncState[];
}

export interface OnCallEntry {
  schedule: string;
  user: string;
  level: number | null;
  start: string | null;
  end: string | null;
}

export interface OnCallRoster {
  integration: string;
  kind: IntegrationKind;
  /** When the roster was last fetched from the vendor; null when never. */
  fetchedAt: string | null;
  ageSeconds: number | null;
  /** The integration is offline, so this is the last-known roster. */
  stale: boolean;
  entries: OnCallEntry[];
}
// --- end sync / integrations --------------------------------------------------------------------

export interface HealthInfo {
  ok: true;
  version: string;
  schemaVersion: number;
}

export interface AppInfo {
  version: string;
  schemaVersion: number;
  dataDir: string;
  profile: Profile | null;
  demoAvailable: boolean;
  /** Set when start-up had to move a damaged database aside; show it until acknowledged. */
  storageNotice: string | null;
}
