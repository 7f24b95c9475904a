// Public entry of the incidents feature: list, header, the declare/change dialogs, its queries,
// UI state and actions.
export { IncidentList } from './IncidentList';
export { IncidentHeader } from './IncidentHeader';
export { DeclareDialog, type Declared } from './DeclareDialog';
export { SeverityDialog, StatusDialog, MilestoneDialog } from './ChangeDialogs';
export { ProfileDialog } from './ProfileDialog';
export { EmptyState } from './EmptyState';
export { incidentActions } from './actions';
export { useIncident, useIncidents } from './queries';
export { incidentsUiActions, useIncidentFilter, useSelectedIncidentId } from './uiStore';
