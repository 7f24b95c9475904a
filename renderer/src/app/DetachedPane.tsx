// One pane alone in its own window (a wall screen): a slim header naming the incident, then the
// pane, following the incident live like the war room does.
import { useEffect } from 'react';
import { useIncident } from '../features/incidents';
import { useTheme } from '../lib/theme';
import { toastActions, useToasts } from '../lib/toasts';
import { ModeBadge, SeverityBadge, StatusBadge } from '../ui/Badges';
import { errorMessage } from '../ui/errors';
import { Toasts } from '../ui/Toasts';
import { PaneBoundary } from './PaneBoundary';
import { paneById } from './panes';
import { useDensity } from './density';

export function DetachedPane({ paneId, incidentId }: { paneId: string; incidentId: string }) {
  const theme = useTheme();
  useDensity();
  const incident = useIncident(incidentId);
  const toasts = useToasts();
  const pane = paneById(paneId);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  const inc = incident.data;
  useEffect(() => {
    document.title = `${pane?.title ?? paneId}${inc ? ` · ${inc.humanId} ${inc.severity}` : ''} — Command Post`;
  }, [pane, paneId, inc]);
  if (!pane) return null;
  const Component = pane.component;
  return (
    <div className="detached">
      <header className="detached-bar" aria-label="Wall screen window">
        <strong>{pane.title}</strong>
        {inc && (
          <>
            <span className="human-id">{inc.humanId}</span>
            <SeverityBadge severity={inc.severity} />
            <StatusBadge status={inc.status} />
            <ModeBadge mode={inc.mode} />
            <span className="detached-title">{inc.title}</span>
          </>
        )}
        {incident.isError && (
          <span className="form-error" role="alert">
            Could not open the incident: {errorMessage(incident.error)}
          </span>
        )}
      </header>
      <main className="detached-body pane" data-pane={pane.id} aria-label={pane.title}>
        <div className="pane-body">
          <PaneBoundary title={pane.title}>{inc && <Component incidentId={incidentId} />}</PaneBoundary>
        </div>
      </main>
      <Toasts toasts={toasts} onDismiss={toastActions.dismiss} />
    </div>
  );
}
