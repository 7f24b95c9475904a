// War room vocabulary (roles, time-boxes, cadence, service catalog) and the pure graph rules the
// core and the renderer both use. Pure TypeScript: no DOM, no Node, no Electron.
import type { Severity } from './domain';

// ---------------------------------------------------------------------------------------------
// Roles
export const ROLES = [
  'incident_commander',
  'deputy',
  'scribe',
  'comms_lead',
  'ops_lead',
  'sme',
  'customer_liaison',
  'internal_liaison',
  'observer',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  incident_commander: 'Incident Commander',
  deputy: 'Deputy',
  scribe: 'Scribe',
  comms_lead: 'Communications Lead',
  ops_lead: 'Operations Lead',
  sme: 'Subject-Matter Expert',
  customer_liaison: 'Customer Liaison',
  internal_liaison: 'Internal Liaison',
  observer: 'Observer',
};

/** Roles several people may hold at once; every other role has one holder at a time. */
export const MULTI_HOLDER_ROLES: readonly Role[] = ['sme', 'observer'];

/** Default tasks per role, ticked by the holder (practice.md). Keys are stable; labels may change. */
export const ROLE_CHECKLISTS: Record<Role, ReadonlyArray<{ key: string; label: string }>> = {
  incident_commander: [
    { key: 'confirm-severity', label: 'Confirm the severity (unsure → the higher one)' },
    { key: 'assign-roles', label: 'Assign Deputy, Scribe and Comms Lead' },
    { key: 'diagnosis-box', label: 'Start a time-boxed diagnosis with an owner' },
    { key: 'first-update', label: 'Approve the first internal update (within 5 min)' },
    { key: 'handover-brief', label: 'Keep the ICS-201 brief current for a handover' },
  ],
  deputy: [
    { key: 'time-check', label: 'Call out the time every 10 minutes' },
    { key: 'track-asks', label: 'Track open asks and chase overdue ones' },
    { key: 'ready-to-take-over', label: 'Be ready to take over as IC' },
  ],
  scribe: [
    { key: 'timeline', label: 'Record decisions and actions on the timeline' },
    { key: 'pin-key-moments', label: 'Pin key moments for the post-mortem' },
  ],
  comms_lead: [
    { key: 'first-internal', label: 'Post the first internal update (5 min)' },
    { key: 'scope', label: 'Post the scope (10 min)' },
    { key: 'cadence', label: 'Keep the update cadence (20 min for SEV-1/2)' },
    { key: 'status-page', label: 'Update Statuspage components' },
  ],
  ops_lead: [
    { key: 'mitigation', label: 'Own the mitigation plan' },
    { key: 'failover', label: 'Decide on failover with the IC' },
    { key: 'runbooks', label: 'Open the runbooks of impacted services' },
  ],
  sme: [
    { key: 'hypothesis', label: 'Report findings against the current hypothesis' },
    { key: 'report-back', label: 'Report back on time-boxed asks' },
  ],
  customer_liaison: [
    { key: 'support-brief', label: 'Brief customer support' },
    { key: 'key-accounts', label: 'Contact affected key accounts' },
  ],
  internal_liaison: [
    { key: 'stakeholders', label: 'Brief internal stakeholders' },
    { key: 'exec-summary', label: 'Send the executive summary when due' },
  ],
  observer: [{ key: 'stay-quiet', label: 'Observe; route questions through the Deputy' }],
};

export interface Contact {
  channel: string;
  value: string;
}

export interface Person {
  handle: string;
  name: string;
  team: string;
  contacts: Contact[];
  updatedAt: string;
}

export interface RoleAssignment {
  id: string;
  incidentId: string;
  role: Role;
  person: string;
  assumedAt: string;
  renouncedAt: string | null;
  assignedBy: string;
  /** Set when the assignment began or ended through an IC handover. */
  handoverId: string | null;
}

/** The ICS-201-style handoff brief. */
export interface HandoffBrief {
  situation: string;
  objectives: string;
  currentActions: string;
  resources: string;
  openAsks: string;
}

export interface Handover {
  id: string;
  incidentId: string;
  from: string | null;
  to: string;
  brief: HandoffBrief;
  at: string;
  by: string;
}

export interface ChecklistItem {
  key: string;
  label: string;
  done: boolean;
  doneBy: string | null;
  doneAt: string | null;
}

export interface RoleBoard {
  holders: RoleAssignment[];
  history: RoleAssignment[];
  handovers: Handover[];
  checklists: Record<Role, ChecklistItem[]>;
}

// ---------------------------------------------------------------------------------------------
// Timers
export const TIMER_KINDS = ['diagnosis', 'ask', 'cadence'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

/**
 * running → warning (80% used) → expired (deadline passed, decision pending) → resolved/cancelled.
 * Only resolved and cancelled are stored; the others are derived from the stored deadline and the
 * clock, so a restart, a sleep or a clock change can never lose or double-fire a deadline.
 */
export type TimerState = 'running' | 'warning' | 'expired' | 'resolved' | 'cancelled';

export const TIMER_DECISIONS = ['extend', 'switch', 'escalate', 'done', 'cancel'] as const;
export type TimerDecision = (typeof TIMER_DECISIONS)[number];

/** Decisions that make sense per kind; the IC's choice at expiry of a diagnosis box is the first three. */
export const DECISIONS_BY_KIND: Record<TimerKind, readonly TimerDecision[]> = {
  diagnosis: ['extend', 'switch', 'escalate', 'done', 'cancel'],
  ask: ['done', 'extend', 'cancel'],
  cadence: ['done', 'extend', 'cancel'],
};

export const WARN_FRACTION = 0.8;

export interface Timer {
  id: string;
  incidentId: string;
  kind: TimerKind;
  label: string;
  owner: string | null;
  startedAt: string;
  dueAt: string;
  durationMs: number;
  state: TimerState;
  /** Milliseconds left at the server's `now` (negative when overdue). */
  remainingMs: number;
  warnedAt: string | null;
  expiredAt: string | null;
  resolvedAt: string | null;
  decision: TimerDecision | null;
  note: string | null;
  extensions: number;
  /** Cadence timers: the policy row that produced them. */
  policyKey: string | null;
  createdBy: string;
}

export interface TimerList {
  /** The server clock when the list was read; clients count down from it. */
  now: string;
  timers: Timer[];
}

export function timerState(
  t: { state: 'open' | 'resolved' | 'cancelled'; startedMs: number; dueMs: number; warnedAt?: string | null; expiredAt?: string | null },
  nowMs: number,
): TimerState {
  if (t.state !== 'open') return t.state;
  // A recorded expiry stands even if the wall clock is later set back: the decision is still owed.
  if (t.expiredAt || nowMs >= t.dueMs) return 'expired';
  if (t.warnedAt || nowMs >= t.startedMs + (t.dueMs - t.startedMs) * WARN_FRACTION) return 'warning';
  return 'running';
}

export interface TimerAlert {
  timerId: string;
  incidentId: string;
  kind: TimerKind;
  label: string;
  owner: string | null;
  level: 'warning' | 'expired';
  dueAt: string;
}

// ---------------------------------------------------------------------------------------------
// Cadence policy
export interface CadencePolicy {
  severity: Severity;
  key: string;
  label: string;
  /** Minutes after declaration the first one is due. */
  firstMinutes: number;
  /** Then every N minutes; null for a one-off. */
  everyMinutes: number | null;
  enabled: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

export const CADENCE_KEYS = ['first-internal', 'scope', 'status-update', 'can-report', 'exec-summary', 'time-check'] as const;
export type CadenceKey = (typeof CADENCE_KEYS)[number];

export const CADENCE_LABELS: Record<CadenceKey, string> = {
  'first-internal': 'First internal update',
  scope: 'Scope statement',
  'status-update': 'Status update',
  'can-report': 'CAN report (conditions, actions, needs)',
  'exec-summary': 'Executive summary',
  'time-check': 'Deputy time check',
};

type Row = [first: number, every: number | null, enabled: boolean];
/**
 * Defaults from practice.md: first internal post within 5 min, scope within 10, then at least every
 * 20 min while SEV-1/2 is active; CAN reports by priority; exec summaries past SEV-2; the Deputy
 * calls the time every 10 minutes. Lower severities get a gentler rhythm.
 */
export const DEFAULT_CADENCE: Record<Severity, Record<CadenceKey, Row>> = {
  'SEV-1': { 'first-internal': [5, null, true], scope: [10, null, true], 'status-update': [20, 20, true], 'can-report': [15, 30, true], 'exec-summary': [30, 60, true], 'time-check': [10, 10, true] },
  'SEV-2': { 'first-internal': [5, null, true], scope: [10, null, true], 'status-update': [20, 20, true], 'can-report': [30, 60, true], 'exec-summary': [60, 120, false], 'time-check': [10, 10, true] },
  'SEV-3': { 'first-internal': [15, null, true], scope: [30, null, true], 'status-update': [60, 60, true], 'can-report': [60, 120, false], 'exec-summary': [120, null, false], 'time-check': [10, 10, false] },
  'SEV-4': { 'first-internal': [30, null, true], scope: [60, null, false], 'status-update': [240, 240, false], 'can-report': [120, null, false], 'exec-summary': [240, null, false], 'time-check': [10, 10, false] },
  'SEV-5': { 'first-internal': [60, null, false], scope: [120, null, false], 'status-update': [1440, null, false], 'can-report': [240, null, false], 'exec-summary': [1440, null, false], 'time-check': [10, 10, false] },
};

// ---------------------------------------------------------------------------------------------
// Service catalog and impact
export const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];
export const COMPONENT_STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

export const SERVICE_KINDS = ['component', 'resource', 'system', 'api'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export const EDGE_TYPES = ['dependsOn', 'hasPart', 'consumesApi', 'providedBy'] as const;
/** `from` needs `to`: when `to` fails, `from` is in its blast radius. */
export type EdgeType = (typeof EDGE_TYPES)[number];

export interface FailoverState {
  /** Locations or roles the service can run from, e.g. ['eu-west-1', 'us-east-1'] or ['primary', 'secondary']. */
  options: string[];
  active: string;
}

export interface Service {
  id: string;
  kind: ServiceKind;
  name: string;
  title: string;
  description: string;
  owner: string;
  tier: string;
  runbookUrl: string | null;
  system: string | null;
  lifecycle: string;
  failover: FailoverState | null;
}

export interface ServiceEdge {
  from: string;
  to: string;
  type: EdgeType;
}

export interface UnknownRef {
  from: string;
  ref: string;
  field: string;
  document: number;
  line: number;
}

export interface CatalogGraph {
  services: Service[];
  edges: ServiceEdge[];
  unknownRefs: UnknownRef[];
  /** Strongly connected groups of more than one service (dependency cycles), each sorted. */
  cycles: string[][];
  importedAt: string | null;
  source: string | null;
}

export interface CatalogImportResult {
  services: number;
  edges: number;
  unknownRefs: UnknownRef[];
  cycles: string[][];
  ignored: Array<{ document: number; line: number; kind: string; name: string }>;
}

export interface ServiceImpact {
  service: string;
  status: ComponentStatus;
  updatedAt: string;
  updatedBy: string;
}

export interface BlastRadius {
  incidentId: string;
  statuses: ServiceImpact[];
  /** Services marked with anything but operational. */
  impacted: string[];
  /** Every service that depends on an impacted one, transitively, with its distance. */
  dependents: Array<{ id: string; depth: number; via: string }>;
  /** Everything the impacted services depend on, transitively (where to look for a cause). */
  dependencies: Array<{ id: string; depth: number; via: string }>;
}

// ---------------------------------------------------------------------------------------------
// Graph rules (pure, shared so the renderer can highlight a focused service without a round trip)

export interface Adjacency {
  /** id → ids it depends on. */
  out: Map<string, string[]>;
  /** id → ids that depend on it. */
  in: Map<string, string[]>;
}

export function buildAdjacency(edges: ReadonlyArray<{ from: string; to: string }>): Adjacency {
  const out = new Map<string, string[]>();
  const inn = new Map<string, string[]>();
  for (const e of edges) {
    let o = out.get(e.from);
    if (!o) out.set(e.from, (o = []));
    o.push(e.to);
    let i = inn.get(e.to);
    if (!i) inn.set(e.to, (i = []));
    i.push(e.from);
  }
  return { out, in: inn };
}

/**
 * Breadth-first walk from `roots` along `next`, visiting each node once, so cycles terminate.
 * Returns reached nodes (roots excluded) with their distance and the node they were reached from.
 */
export function walk(roots: Iterable<string>, next: Map<string, string[]>): Array<{ id: string; depth: number; via: string }> {
  const seen = new Set<string>(roots);
  let frontier = [...seen];
  const result: Array<{ id: string; depth: number; via: string }> = [];
  let depth = 0;
  while (frontier.length > 0) {
    depth++;
    const nextFrontier: string[] = [];
    for (const id of frontier) {
      const ns = next.get(id);
      if (!ns) continue;
      for (const n of ns) {
        if (seen.has(n)) continue;
        seen.add(n);
        result.push({ id: n, depth, via: id });
        nextFrontier.push(n);
      }
    }
    frontier = nextFrontier;
  }
  return result;
}

/** Everything that depends on `roots`, transitively. */
export function dependentsOf(roots: Iterable<string>, adj: Adjacency) {
  return walk(roots, adj.in);
}

/** Everything `roots` depend on, transitively. */
export function dependenciesOf(roots: Iterable<string>, adj: Adjacency) {
  return walk(roots, adj.out);
}

/** Tarjan's strongly connected components (iterative, so 2,000-node chains do not blow the stack). */
export function findCycles(nodes: Iterable<string>, adj: Adjacency): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  for (const start of nodes) {
    if (idx.has(start)) continue;
    const work: Array<{ id: string; i: number }> = [{ id: start, i: 0 }];
    idx.set(start, index);
    low.set(start, index);
    index++;
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const ns = adj.out.get(top.id) ?? [];
      if (top.i < ns.length) {
        const n = ns[top.i++]!;
        if (!idx.has(n)) {
          idx.set(n, index);
          low.set(n, index);
          index++;
          stack.push(n);
          onStack.add(n);
          work.push({ id: n, i: 0 });
        } else if (onStack.has(n)) {
          low.set(top.id, Math.min(low.get(top.id)!, idx.get(n)!));
        }
      } else {
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(top.id)!));
        if (low.get(top.id) === idx.get(top.id)) {
          const comp: string[] = [];
          let w: string;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            comp.push(w);
          } while (w !== top.id);
          const selfLoop = (adj.out.get(top.id) ?? []).includes(top.id);
          if (comp.length > 1 || selfLoop) out.push(comp.sort());
        }
      }
    }
  }
  return out;
}

/**
 * Only plain https links leave the app (runbooks); anything else is refused before it reaches a
 * shell or window.open. A regex rather than URL(): shared/ has no DOM or Node globals, and a narrow
 * grammar (no credentials, no whitespace, no control characters) is the point anyway.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
const SAFE_URL = /^https:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?(?:[/?#][^\s\u0000-\u001f\u007f<>"'`\\]*)?$/i;

export function safeExternalUrl(raw: string): string | null {
  const url = raw.trim();
  if (url.length === 0 || url.length > 2048) return null;
  return SAFE_URL.test(url) ? url : null;
}
