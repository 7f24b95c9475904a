// Row ↔ domain mapping shared by the repositories.
import type { TimelineEntry } from '../../../shared/domain/timeline';
import type { Incident, Milestone } from '../../../shared/domain/incidents';

export interface IncidentRow {
  id: string;
  human_id: string;
  year: number;
  number: number;
  title: string;
  summary: string;
  severity: Incident['severity'];
  status: Incident['status'];
  mode: Incident['mode'];
  created_by: string;
  created_at: string;
  updated_at: string;
  milestones: string;
  entry_count: number;
  pinned_count: number;
}

export function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    humanId: r.human_id,
    title: r.title,
    summary: r.summary,
    severity: r.severity,
    status: r.status,
    mode: r.mode,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    milestones: JSON.parse(r.milestones) as Partial<Record<Milestone, string>>,
    entryCount: r.entry_count,
    pinnedCount: r.pinned_count,
  };
}

export interface TimelineRow {
  seq: number;
  event_id: string;
  incident_id: string;
  kind: TimelineEntry['kind'];
  text: string;
  actor: string;
  at: string;
  hlc: string;
  pinned: number;
  revisions: number;
  original_text: string | null;
  corrected_at: string | null;
  corrected_by: string | null;
}

export function toEntry(r: TimelineRow): TimelineEntry {
  return {
    eventId: r.event_id,
    incidentId: r.incident_id,
    seq: r.seq,
    kind: r.kind,
    text: r.text,
    actor: r.actor,
    at: r.at,
    hlc: r.hlc,
    pinned: r.pinned === 1,
    corrected:
      r.revisions > 0
        ? { at: r.corrected_at!, by: r.corrected_by!, originalText: r.original_text!, revisions: r.revisions }
        : null,
  };
}
