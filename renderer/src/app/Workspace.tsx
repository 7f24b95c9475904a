import { useRef } from 'react';
import { PaneBoundary } from './PaneBoundary';
import { Splitter } from '../ui/Splitter';
import { paneById, panes } from './panes';
import { focusActions, useFocusRequest } from '../lib/focus';
import type { PaneDef } from '../lib/workbench';
import { layoutActions, useLayout } from './store';
import { formatShortcut } from '../lib/shortcuts';

const MIN_SHARE = 0.12;

function PaneFrame({ pane, incidentId, grow, closable }: { pane: PaneDef; incidentId: string; grow: number; closable: boolean }) {
  const ref = useRef<HTMLElement>(null);
  const closePane = layoutActions.closePane;
  useFocusRequest(`pane:${pane.id}`, ref);
  const Component = pane.component;
  return (
    <section ref={ref} className="pane" style={{ flexGrow: grow }} aria-labelledby={`pane-title-${pane.id}`} tabIndex={-1} data-pane={pane.id}>
      <header className="pane-header">
        <h2 id={`pane-title-${pane.id}`}>{pane.title}</h2>
        {pane.shortcut && <kbd className="pane-shortcut">{formatShortcut(pane.shortcut)}</kbd>}
        {closable && (
          <button type="button" className="icon-button" aria-label={`Close ${pane.title} pane`} onClick={() => closePane(pane.id)}>
            ×
          </button>
        )}
      </header>
      <div className="pane-body">
        <PaneBoundary title={pane.title}>
          <Component incidentId={incidentId} />
        </PaneBoundary>
      </div>
    </section>
  );
}

/** Draggable (pointer) and keyboard-operable (←/→) divider between two panes. */
function PaneSplitter({ left, right, containerRef }: { left: string; right: string; containerRef: { current: HTMLDivElement | null } }) {
  const layout = useLayout();
  const setSizes = layoutActions.setPaneSizes;
  const a = layout.sizes[left] ?? 1;
  const b = layout.sizes[right] ?? 1;
  const share = a / (a + b);

  function apply(nextShare: number) {
    const s = Math.min(1 - MIN_SHARE, Math.max(MIN_SHARE, nextShare));
    const sum = a + b;
    setSizes({ [left]: +(sum * s).toFixed(3), [right]: +(sum * (1 - s)).toFixed(3) });
  }

  return (
    <Splitter
      label={`Resize ${paneById(left)?.title ?? left} and ${paneById(right)?.title ?? right}`}
      value={Math.round(share * 100)}
      min={Math.round(MIN_SHARE * 100)}
      max={Math.round((1 - MIN_SHARE) * 100)}
      onDragStart={() => {
        const container = containerRef.current;
        const leftEl = container?.querySelector<HTMLElement>(`[data-pane="${left}"]`);
        const rightEl = container?.querySelector<HTMLElement>(`[data-pane="${right}"]`);
        if (!leftEl || !rightEl) return null;
        const wl = leftEl.getBoundingClientRect().width;
        const wr = rightEl.getBoundingClientRect().width;
        return (dx) => apply((wl + dx) / (wl + wr));
      }}
      onStep={(dir, big) => apply(share + dir * (big ? 0.1 : 0.03))}
    />
  );
}

export function Workspace({ incidentId }: { incidentId: string }) {
  const layout = useLayout();
  const openPane = layoutActions.openPane;
  const requestFocus = focusActions.request;
  const containerRef = useRef<HTMLDivElement>(null);
  const open = layout.open.map((id) => paneById(id)).filter((p): p is PaneDef => !!p);
  const shown = open.length > 0 ? open : panes.filter((p) => p.id === 'timeline');
  const closed = panes.filter((p) => !shown.includes(p));
  return (
    <div className="workspace">
      {closed.length > 0 && (
        <div className="workspace-toolbar" role="toolbar" aria-label="Panes">
          <span className="muted">Open pane:</span>
          {closed.map((p) => (
            <button
              key={p.id}
              type="button"
              className="small"
              onClick={() => {
                openPane(p.id);
                requestFocus(`pane:${p.id}`);
              }}
            >
              + {p.title}
            </button>
          ))}
        </div>
      )}
      <div className="panes" ref={containerRef}>
        {shown.map((p, i) => (
          <PaneRow key={p.id} pane={p} next={shown[i + 1]} incidentId={incidentId} grow={layout.sizes[p.id] ?? 1} closable={shown.length > 1} containerRef={containerRef} />
        ))}
      </div>
    </div>
  );
}

function PaneRow({ pane, next, incidentId, grow, closable, containerRef }: { pane: PaneDef; next: PaneDef | undefined; incidentId: string; grow: number; closable: boolean; containerRef: { current: HTMLDivElement | null } }) {
  return (
    <>
      <PaneFrame pane={pane} incidentId={incidentId} grow={grow} closable={closable} />
      {next && <PaneSplitter left={pane.id} right={next.id} containerRef={containerRef} />}
    </>
  );
}
