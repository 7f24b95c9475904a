// Incidents: severities (PagerDuty's response guide), statuses, modes, milestones and human ids.
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
/** Human incident id: INC-<year>-<4+ digit sequence>. */
export const HUMAN_ID_PATTERN = /^INC-(\d{4})-(\d{4,})$/;
export function formatHumanId(year: number, sequence: number): string {
  return `INC-${year}-${String(sequence).padStart(4, '0')}`;
}
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s) + 1;
}
/** Milestones the metrics need (MTTD, MTTA, MTTR) that should exist before an incident is resolved. */
export const MILESTONES_BEFORE_RESOLVE: readonly Milestone[] = ['detected', 'acknowledged', 'mitigated'];
export function missingBeforeResolve(incident: Pick<Incident, 'milestones'>): Milestone[] {
  return MILESTONES_BEFORE_RESOLVE.filter((m) => !incident.milestones[m]);
}
export function isActive(status: IncidentStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}
/**
 * The order a commander scans incidents in: every active incident above every resolved or closed
 * one; active ones by severity (SEV-1 first), then most recent activity; the rest by recent activity.
 */
export function compareForTriage(a: Pick<Incident, 'id' | 'severity' | 'status' | 'updatedAt'>, b: Pick<Incident, 'id' | 'severity' | 'status' | 'updatedAt'>): number {
  const activeA = isActive(a.status);
  const activeB = isActive(b.status);
  if (activeA !== activeB) return activeA ? -1 : 1;
  if (activeA && a.severity !== b.severity) return severityRank(a.severity) - severityRank(b.severity);
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
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
