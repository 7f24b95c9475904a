// The war room's panes in a docking grid (dockview): areas side by side or stacked, each a strip of
// tabs. Panes move by dragging a tab or with the keyboard (actions.ts), an area can be maximised,
// and focus mode shows the active pane alone. What goes where is decided in dock.ts.
import { DockviewReact, themeDark, type DockviewReadyEvent, type IDockviewHeaderActionsProps, type IDockviewPanelHeaderProps, type IDockviewPanelProps } from 'dockview-react';
import 'dockview-react/dist/styles/dockview.css';
import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type MouseEvent, type PointerEvent } from 'react';
import { useApi } from '../lib/ApiProvider';
import { focusActions, useFocusRequest } from '../lib/focus';
import { formatShortcut } from '../lib/shortcuts';
import { toastActions } from '../lib/toasts';
import { openPaneWindow } from './detach';
import { PaneBoundary } from './PaneBoundary';
import { dock } from './dock';
import { LAYOUT_ROLE_LABELS, LAYOUT_ROLES, type LayoutRole } from './layoutModel';
import { paneById, panes } from './panes';
import { layoutActions, useFocusMode, useLayout, useMaximised } from './store';

const IncidentContext = createContext<string>('');

function PanelContent({ api }: IDockviewPanelProps) {
  const incidentId = useContext(IncidentContext);
  const ref = useRef<HTMLElement>(null);
  const pane = paneById(api.id);
  useFocusRequest(`pane:${api.id}`, ref);
  if (!pane) return null;
  const Component = pane.component;
  return (
    <section ref={ref} className="pane" aria-label={pane.title} tabIndex={-1} data-pane={pane.id}>
      <div className="pane-body">
        <PaneBoundary title={pane.title}>
          <Component incidentId={incidentId} />
        </PaneBoundary>
      </div>
    </section>
  );
}

const stop = (e: PointerEvent | MouseEvent) => e.stopPropagation();

/** A tab: the pane's title and shortcut, and a real close button (keyboard reachable, labelled). */
function PaneTab({ api }: IDockviewPanelHeaderProps) {
  const pane = paneById(api.id);
  const title = pane?.title ?? api.title ?? api.id;
  return (
    <span className="pane-tab" data-pane-tab={api.id}>
      <span className="pane-tab-title">{title}</span>
      {pane?.shortcut && <kbd className="pane-shortcut">{formatShortcut(pane.shortcut)}</kbd>}
      <button type="button" className="icon-button pane-tab-close" aria-label={`Close ${title} pane`} onPointerDown={stop} onMouseDown={stop} onClick={() => layoutActions.closePane(api.id)}>
        ×
      </button>
    </span>
  );
}

/** Buttons at the right of every tab strip: maximise/restore this area, open its pane in a window. */
function AreaActions({ group, containerApi }: IDockviewHeaderActionsProps) {
  const incidentId = useContext(IncidentContext);
  const client = useApi();
  const maximised = useMaximised();
  const active = useSyncExternalStore(
    (notify) => {
      const sub = group.api.onDidActivePanelChange(notify);
      return () => sub.dispose();
    },
    () => group.activePanel?.id ?? null,
  );
  const pane = active ? paneById(active) : undefined;
  if (!pane) return null;
  const isMax = maximised && group.api.isMaximized();
  return (
    <span className="area-actions">
      {(containerApi.groups.length > 1 || isMax) && (
        <button
          type="button"
          className="icon-button"
          aria-label={isMax ? 'Restore the layout' : `Maximise ${pane.title}`}
          title={`${isMax ? 'Restore the layout' : `Maximise ${pane.title}`} (${formatShortcut('Alt+Shift+M')})`}
          aria-pressed={isMax}
          onClick={() => {
            if (isMax) containerApi.exitMaximizedGroup();
            else {
              group.activePanel?.api.setActive();
              if (group.activePanel) containerApi.maximizeGroup(group.activePanel);
            }
          }}
        >
          {isMax ? '⤡' : '⤢'}
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label={`Open ${pane.title} in a new window`}
        title={`Open ${pane.title} in a new window (for a wall screen)`}
        onClick={() => void openPaneWindow(client, pane.id, incidentId).catch((err: unknown) => toastActions.notify(err instanceof Error ? err.message : String(err), 'error'))}
      >
        ↗
      </button>
    </span>
  );
}

function Toolbar() {
  const layout = useLayout();
  const focusMode = useFocusMode();
  const closed = panes.filter((p) => !layout.open.includes(p.id));
  if (focusMode) {
    const active = paneById(dock.activePaneId() ?? '')?.title;
    return (
      <div className="workspace-toolbar focus-banner" role="toolbar" aria-label="Focus mode">
        <strong>Focus mode{active ? `: ${active}` : ''}</strong>
        <span className="spacer" />
        <button type="button" className="small" onClick={() => dock.setFocusMode(false)}>
          Leave focus mode <kbd>Esc</kbd>
        </button>
      </div>
    );
  }
  return (
    <div className="workspace-toolbar" role="toolbar" aria-label="Panes">
      <label className="layout-picker">
        <span className="muted">Layout</span>
        <select
          aria-label="Layout for role"
          value={layout.role}
          onChange={(e) => {
            const role = e.target.value as LayoutRole;
            layoutActions.setRole(role);
            dock.applyRole(role);
          }}
        >
          {LAYOUT_ROLES.map((r) => (
            <option key={r} value={r}>
              {LAYOUT_ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="small"
        onClick={() => {
          dock.saveRole(layout.role);
          toastActions.notify(`Layout saved for ${LAYOUT_ROLE_LABELS[layout.role]} on this screen size.`, 'success');
        }}
      >
        Save layout
      </button>
      <button type="button" className="small" onClick={() => dock.setFocusMode(true)} title={`Only the active pane (${formatShortcut('Alt+Shift+F')})`}>
        Focus mode
      </button>
      {closed.length > 0 && <span className="muted toolbar-sep">Open pane:</span>}
      {closed.map((p) => (
        <button
          key={p.id}
          type="button"
          className="small"
          onClick={() => {
            layoutActions.openPane(p.id);
            focusActions.request(`pane:${p.id}`);
          }}
        >
          + {p.title}
        </button>
      ))}
    </div>
  );
}

export function Workspace({ incidentId }: { incidentId: string }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const detachRef = useRef<(() => void) | null>(null);
  const focusMode = useFocusMode();

  function onReady(e: DockviewReadyEvent) {
    detachRef.current?.();
    detachRef.current = dock.attach(e.api, () => ({ width: boxRef.current?.clientWidth ?? 0, height: boxRef.current?.clientHeight ?? 0 }));
  }

  useEffect(() => () => detachRef.current?.(), []);

  useEffect(() => {
    const el = boxRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => dock.resized());
    });
    ro.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
    };
  }, []);

  return (
    <div className={`workspace ${focusMode ? 'is-focus-mode' : ''}`}>
      <Toolbar />
      <IncidentContext.Provider value={incidentId}>
        <div className="workspace-dock" ref={boxRef}>
          <DockviewReact
            components={{ pane: PanelContent }}
            defaultTabComponent={PaneTab}
            rightHeaderActionsComponent={AreaActions}
            onReady={onReady}
            theme={themeDark}
            disableFloatingGroups
            singleTabMode="default"
            // Tabs wrap onto more rows (styles.css) instead of hiding behind an overflow list.
            disableTabsOverflowList
          />
        </div>
      </IncidentContext.Provider>
    </div>
  );
}
