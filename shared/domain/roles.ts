// The role board: roles (exactly one Incident Commander), the roster, handovers and role checklists.
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
