// Server state is keyed [domain, 'list' | 'detail', …] so that a `db:changed` event naming a domain
// can invalidate exactly that domain's queries. Features adding their own queries follow the same
// shape with their domain first (e.g. ['roles', 'list', incidentId]).
import type { EntryKind } from '../../../shared/domain/timeline';
import type { IncidentMode, IncidentStatus } from '../../../shared/domain/incidents';

export interface TimelineFilter {
  kinds?: EntryKind[];
  search?: string;
  pinnedOnly?: boolean;
}

export const queryKeys = {
  appInfo: () => ['app', 'detail'] as const,
  profile: () => ['profile', 'detail'] as const,
  sync: () => ['sync', 'detail'] as const,
  incidents: () => ['incidents'] as const,
  incidentList: (filter: { status?: IncidentStatus; mode?: IncidentMode }) => ['incidents', 'list', filter] as const,
  incident: (id: string) => ['incidents', 'detail', id] as const,
  timeline: (incidentId: string) => ['timeline', 'list', incidentId] as const,
  timelineList: (incidentId: string, filter: TimelineFilter) => ['timeline', 'list', incidentId, filter] as const,
  timelineHistory: (eventId: string) => ['timeline', 'detail', eventId, 'history'] as const,
};
