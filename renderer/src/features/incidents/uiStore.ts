// UI state of the incidents: which one is open in the war room and the list's filter, both kept
// across reloads.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { IncidentMode, IncidentStatus } from '../../../../shared/domain/incidents';
import { uiPreferences } from '../../lib/preferences';

export interface IncidentFilter {
  status?: IncidentStatus;
  mode?: IncidentMode;
}

interface IncidentsUi {
  selectedIncidentId: string | null;
  incidentFilter: IncidentFilter;
}

const store = create<IncidentsUi>()(
  persist((): IncidentsUi => ({ selectedIncidentId: null, incidentFilter: {} }), uiPreferences<IncidentsUi, 'selectedIncidentId' | 'incidentFilter'>(['selectedIncidentId', 'incidentFilter'])),
);

export const incidentsUiActions = {
  select(id: string | null): void {
    store.setState({ selectedIncidentId: id });
  },
  setFilter(filter: IncidentFilter): void {
    store.setState({ incidentFilter: filter });
  },
};

export const useSelectedIncidentId = (): string | null => store((s) => s.selectedIncidentId);
export const useIncidentFilter = (): IncidentFilter => store((s) => s.incidentFilter);
