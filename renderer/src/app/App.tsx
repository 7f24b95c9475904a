import { useEffect, useState } from 'react';
import {
  DeclareDialog,
  EmptyState,
  IncidentHeader,
  IncidentList,
  MilestoneDialog,
  ProfileDialog,
  SeverityDialog,
  StatusDialog,
  incidentsUiActions,
  useIncident,
  useIncidentFilter,
  useIncidents,
  useSelectedIncidentId,
} from '../features/incidents';
import { AppError } from '../../../shared/errors';
import { useProfile } from '../lib/queries';
import { errorMessage } from '../ui/errors';
import { Toasts } from '../ui/Toasts';
import { runAction } from './actions';
import { useActionContext } from './actionContext';
import { CommandPalette } from './CommandPalette';
import { ShortcutsDialog } from './ShortcutsDialog';
import { TimeZoneDialog } from './TimeZoneDialog';
import { StatusBar } from './StatusBar';
import { Splitter } from '../ui/Splitter';
import { OfflineBanner } from '../features/outbox';
import { useShortcuts } from './useShortcuts';
import { useDensity } from './density';
import { dialogActions, layoutActions, useDialog, useFocusMode, useLayout, useListWidth, usePalette } from './store';
import { Workspace } from './Workspace';
import { TimeboxBanner } from '../features/timers';
import { formatShortcut } from '../lib/shortcuts';
import { themeActions, useTheme } from '../lib/theme';
import { toastActions, useToasts } from '../lib/toasts';
import { useServePaneRequests } from '../lib/paneRequests';

function useApplyTheme() {
  const theme = useTheme();
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.style.colorScheme = theme;
  }, [theme]);
}

function ListSplitter() {
  const width = useListWidth();
  const setWidth = layoutActions.setListWidth;
  return (
    <Splitter
      label="Resize the incident list"
      value={width}
      min={200}
      max={600}
      onDragStart={() => {
        const w0 = width;
        return (dx) => setWidth(w0 + dx);
      }}
      onStep={(dir, big) => setWidth(width + dir * (big ? 60 : 20))}
    />
  );
}

export function App() {
  useApplyTheme();
  useDensity();
  const focusMode = useFocusMode();
  const profile = useProfile();
  const selectedId = useSelectedIncidentId();
  const selectIncident = incidentsUiActions.select;
  const filter = useIncidentFilter();
  const setFilter = incidentsUiActions.setFilter;
  const dialog = useDialog();
  const closeDialog = dialogActions.close;
  const palette = usePalette();
  const toasts = useToasts();
  const dismissToast = toastActions.dismiss;
  const theme = useTheme();
  const toggleTheme = themeActions.toggle;
  const listWidth = useListWidth();
  const all = useIncidents({});
  const incidentQ = useIncident(selectedId);
  const incident = incidentQ.data ?? null;
  const ctx = useActionContext(incident);
  const outboxOpen = useLayout().open.includes('outbox');
  const [loadingDemo, setLoadingDemo] = useState(false);
  useShortcuts(ctx);
  useServePaneRequests(ctx.openPane);

  // Keep a valid selection. A list answer may predate the open incident (one declared a moment ago),
  // so its absence from the list proves nothing: fall back to the list's first incident only when
  // nothing is selected or the core itself says the selected one does not exist.
  const listed = all.data !== undefined;
  const firstId = all.data?.[0]?.id ?? null;
  const selectedGone = selectedId !== null && incidentQ.error instanceof AppError && incidentQ.error.code === 'not_found';
  useEffect(() => {
    if (listed && (selectedId === null || selectedGone) && firstId !== selectedId) selectIncident(firstId);
  }, [listed, selectedId, selectedGone, firstId, selectIncident]);


  // The window title names the open incident (a text property: hostile titles stay inert).
  const docTitle = incident ? `${incident.humanId} ${incident.severity}${incident.mode === 'exercise' ? ' EXERCISE' : ''} · ${incident.title} — Command Post` : 'Command Post';
  useEffect(() => {
    document.title = docTitle;
  }, [docTitle]);

  const profileMissing = profile.isSuccess && profile.data === null;
  const noIncidents = all.isSuccess && all.data.length === 0;

  async function loadDemo() {
    setLoadingDemo(true);
    await runAction('incident.load-demo', ctx);
    setLoadingDemo(false);
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to the war room
      </a>
      <header className="app-bar">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◎
          </span>{' '}
          Command Post
        </span>
        <button type="button" className="palette-button" onClick={() => ctx.openPalette('root')} aria-label={`Open command palette (${formatShortcut('Mod+K')})`}>
          Search commands… <kbd>{formatShortcut('Mod+K')}</kbd>
        </button>
        <span className="spacer" />
        {profile.data && (
          <button type="button" className="linkish" onClick={() => ctx.openDialog('profile')} aria-label={`Signed in as ${profile.data.displayName}. Edit profile`}>
            {profile.data.displayName} <span className="muted">@{profile.data.handle}</span>
          </button>
        )}
        <button type="button" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} data-testid="theme-toggle">
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
      </header>

      <div className="app-body" style={{ gridTemplateColumns: noIncidents || focusMode ? 'minmax(0, 1fr)' : `${listWidth}px 6px minmax(0, 1fr)` }}>
        {/* Focus mode: the active pane alone, without the incident list beside it. */}
        {!noIncidents && !focusMode && (
          <>
            {/* Messages stack under the incident list, in its column: they cover no control and
                leave the workspace its size (a smaller workspace folds its areas into tabs). */}
            <div className="list-column">
              <IncidentList selectedId={selectedId} onSelect={(inc) => selectIncident(inc.id)} filter={filter} onFilter={setFilter} onDeclare={() => ctx.openDialog('declare')} />
              <Toasts toasts={toasts} onDismiss={dismissToast} placement="column" />
            </div>
            <ListSplitter />
          </>
        )}
        <main id="main" className="war-room" tabIndex={-1}>
          {profile.isError && (
            <div className="form-error" role="alert">
              Cannot reach the backend: {errorMessage(profile.error)}
            </div>
          )}
          {noIncidents && <EmptyState onLoadDemo={() => void loadDemo()} onDeclare={() => ctx.openDialog('declare')} loading={loadingDemo} />}
          {!noIncidents && incidentQ.isError && (
            <div className="form-error" role="alert">
              Could not open the incident: {errorMessage(incidentQ.error)}
            </div>
          )}
          {incident && (
            <>
              <IncidentHeader incident={incident} onChangeSeverity={() => ctx.openDialog('severity')} onChangeStatus={() => ctx.openDialog('status')} onMilestone={() => ctx.openDialog('milestone')} />
              <TimeboxBanner incidentId={incident.id} />
              {/* The Outbox pane carries the same banner; one is enough on screen. */}
              {!outboxOpen && <OfflineBanner onOpenOutbox={() => ctx.openPane('outbox')} />}
              <Workspace incidentId={incident.id} />
            </>
          )}
        </main>
      </div>

      {/* Without the list (no incident yet, focus mode) they take a row above the status bar. */}
      {(noIncidents || focusMode) && <Toasts toasts={toasts} onDismiss={dismissToast} placement="strip" />}
      <StatusBar onOpenOutbox={() => ctx.openPane('outbox')} />

      {profileMissing && <ProfileDialog profile={null} />}
      {!profileMissing && dialog === 'profile' && <ProfileDialog profile={profile.data ?? null} onClose={closeDialog} onSaved={closeDialog} />}
      {!profileMissing && dialog === 'declare' && (
        <DeclareDialog
          onClose={closeDialog}
          onDeclared={({ incident: inc, command }) => {
            closeDialog();
            selectIncident(inc.id);
            ctx.focus('composer');
            void command.then((c) => {
              ctx.notify(`Declared ${inc.humanId} at ${inc.severity}.${c.commander ? ' You are the Incident Commander.' : ''}`, 'success');
              if (!c.commander && c.error) ctx.notify(`${inc.humanId} has no Incident Commander yet: ${c.error}`, 'error');
            });
          }}
        />
      )}
      {dialog === 'severity' && incident && <SeverityDialog incident={incident} onClose={closeDialog} />}
      {dialog === 'status' && incident && <StatusDialog incident={incident} onClose={closeDialog} />}
      {dialog === 'resolve' && incident && <StatusDialog incident={incident} initialStatus="resolved" onClose={closeDialog} />}
      {dialog === 'milestone' && incident && <MilestoneDialog incident={incident} onClose={closeDialog} />}
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={closeDialog} />}
      {dialog === 'time-zone' && <TimeZoneDialog onClose={closeDialog} />}
      {palette && !dialog && <CommandPalette ctx={ctx} page={palette} />}
    </div>
  );
}
