// Public entry of the incidents feature: list, header, and the declare/change dialogs.
export { IncidentList } from './IncidentList';
export { IncidentHeader } from './IncidentHeader';
export { DeclareDialog } from './DeclareDialog';
export { SeverityDialog, StatusDialog, MilestoneDialog } from './ChangeDialogs';
export { ProfileDialog } from './ProfileDialog';
export { EmptyState } from './EmptyState';
export { elapsedMs } from './elapsed';
export { incidentsUiActions, useIncidentFilter, useSelectedIncidentId } from './uiStore';
