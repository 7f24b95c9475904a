// The dependency map: the service catalog as a graph (auto-laid out), per-incident component
// statuses, the blast radius (everything that depends on an impacted service) and what the
// impacted services depend on, failover flips and runbooks. Keyboard: / or the search field to find
// a service, ↑/↓ (or j/k) on the map to step through services, Enter to open its details.
import { Background, Controls, Handle, MiniMap, Position, ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { buildAdjacency, COMPONENT_STATUS_LABELS, COMPONENT_STATUSES, dependenciesOf, dependentsOf, type CatalogGraph, type ComponentStatus, type Service } from '../../../../shared/domain/catalog';
import { useFocusRequest } from '../../lib/focus';
import { useTheme } from '../../lib/theme';
import { toastActions } from '../../lib/toasts';
import type { PaneProps } from '../../lib/workbench';
import { useApi } from '../../lib/ApiProvider';
import { useCommand } from '../../lib/queries';
import { errorMessage } from '../../ui/errors';
import { exportCatalogFile } from './actions';
import { CatalogImportDialog } from './CatalogImportDialog';
import { openExternal } from './externalLink';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH, type Positions } from './layout';
import { useBlastRadius, useCatalog } from './queries';
import { currentSelection, depmapUiActions, useDepmapUi } from './uiStore';
import './depmap.css';
import { count } from '../../../../shared/format';

type Mark = 'impacted' | 'blast' | 'upstream' | 'none';
interface NodeData extends Record<string, unknown> {
  service: Service;
  status: ComponentStatus;
  mark: Mark;
  selected: boolean;
  related: 'dependent' | 'dependency' | null;
  inCycle: boolean;
}
type ServiceNodeT = Node<NodeData, 'service'>;

const MARK_LABEL: Record<Mark, string> = { impacted: 'impacted', blast: 'in blast radius', upstream: 'upstream of impact', none: '' };

const ServiceNode = memo(function ServiceNode({ data }: NodeProps<ServiceNodeT>) {
  const s = data.service;
  return (
    <div
      className={`svc-node mark-${data.mark} status-${data.status} ${data.selected ? 'is-selected' : ''} ${data.related ? `rel-${data.related}` : ''}`}
      title={`${s.title} (${s.id})`}
      aria-label={`${s.title}, ${COMPONENT_STATUS_LABELS[data.status]}${data.mark !== 'none' ? `, ${MARK_LABEL[data.mark]}` : ''}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="svc-title">
        {s.title}
        {data.inCycle && (
          <span className="svc-cycle" title="Part of a dependency cycle" aria-label="in a cycle">
            ⟲
          </span>
        )}
      </div>
      <div className="svc-meta">
        {s.kind}
        {s.tier ? ` · tier ${s.tier}` : ''}
        {s.owner ? ` · ${s.owner}` : ''}
      </div>
      {(data.status !== 'operational' || data.mark !== 'none') && (
        <div className="svc-status">{data.status !== 'operational' ? COMPONENT_STATUS_LABELS[data.status] : MARK_LABEL[data.mark]}</div>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { service: ServiceNode };

function useLayout(graph: CatalogGraph | undefined): Positions | null {
  const [state, setState] = useState<{ key: string; positions: Positions } | null>(null);
  const key = graph ? `${graph.importedAt}|${graph.services.length}|${graph.edges.length}` : '';
  useEffect(() => {
    if (!graph || graph.services.length === 0) return;
    let cancelled = false;
    void layoutGraph(
      graph.services.map((s) => s.id),
      graph.edges,
    ).then((positions) => {
      if (!cancelled) setState({ key, positions });
    });
    return () => {
      cancelled = true;
    };
    // The layout depends only on the catalog's identity (import time and size), not on statuses.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- graph object identity changes on every refetch
  }, [key]);
  // How long the layout takes is measured by the benchmark (bench/warroom.bench.ts), not shown here.
  return state && state.key === key ? state.positions : null;
}

function Graph({ incidentId, graph }: { incidentId: string; graph: CatalogGraph }) {
  const blast = useBlastRadius(incidentId);
  const positions = useLayout(graph);
  const selected = useDepmapUi((s) => s.selected);
  const focusNonce = useDepmapUi((s) => s.focusNonce);
  const select = depmapUiActions.select;
  const theme = useTheme();
  const flow = useReactFlow();
  const adj = useMemo(() => buildAdjacency(graph.edges), [graph.edges]);
  const inCycle = useMemo(() => new Set(graph.cycles.flat()), [graph.cycles]);
  const statusOf = useMemo(() => new Map((blast.data?.statuses ?? []).map((s) => [s.service, s.status])), [blast.data]);
  const impacted = useMemo(() => new Set(blast.data?.impacted ?? []), [blast.data]);
  const dependents = useMemo(() => new Set((blast.data?.dependents ?? []).map((d) => d.id)), [blast.data]);
  const upstream = useMemo(() => new Set((blast.data?.dependencies ?? []).map((d) => d.id)), [blast.data]);
  const selRelated = useMemo(() => {
    if (!selected) return { dependents: new Set<string>(), dependencies: new Set<string>() };
    return { dependents: new Set(dependentsOf([selected], adj).map((d) => d.id)), dependencies: new Set(dependenciesOf([selected], adj).map((d) => d.id)) };
  }, [selected, adj]);

  const nodes: ServiceNodeT[] = useMemo(() => {
    if (!positions) return [];
    return graph.services.map((s) => {
      const mark: Mark = impacted.has(s.id) ? 'impacted' : dependents.has(s.id) ? 'blast' : upstream.has(s.id) ? 'upstream' : 'none';
      return {
        id: s.id,
        type: 'service',
        position: positions.get(s.id) ?? { x: 0, y: 0 },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        data: {
          service: s,
          status: statusOf.get(s.id) ?? 'operational',
          mark,
          selected: s.id === selected,
          related: selRelated.dependents.has(s.id) ? 'dependent' : selRelated.dependencies.has(s.id) ? 'dependency' : null,
          inCycle: inCycle.has(s.id),
        },
        draggable: false,
        connectable: false,
      };
    });
  }, [graph.services, positions, impacted, dependents, upstream, statusOf, selected, selRelated, inCycle]);

  const edges: Edge[] = useMemo(
    () =>
      graph.edges.map((e, i) => {
        const hot = (impacted.has(e.to) || dependents.has(e.to)) && (dependents.has(e.from) || impacted.has(e.from));
        const up = (impacted.has(e.from) || upstream.has(e.from)) && upstream.has(e.to);
        const sel = selected !== null && (e.from === selected || e.to === selected);
        return {
          id: `${i}`,
          source: e.from,
          target: e.to,
          className: `dep-edge ${hot ? 'edge-blast' : up ? 'edge-upstream' : ''} ${sel ? 'edge-selected' : ''} ${inCycle.has(e.from) && inCycle.has(e.to) ? 'edge-cycle' : ''}`,
          ...(hot ? { animated: true } : {}),
        };
      }),
    [graph.edges, impacted, dependents, upstream, selected, inCycle],
  );

  // Centre on a service when it is focused by search, keyboard or a link in the side panel.
  useEffect(() => {
    if (!selected || !positions) return;
    const p = positions.get(selected);
    if (p) void flow.setCenter(p.x + NODE_WIDTH / 2, p.y + NODE_HEIGHT / 2, { zoom: Math.max(flow.getZoom(), 0.9), duration: 250 });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only an explicit focus request re-centres
  }, [focusNonce, positions]);

  // Re-fit when the pane is resized (panes opened or closed beside it) unless a service is focused.
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = boxRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ro = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (!currentSelection()) void flow.fitView({ duration: 150 });
      }, 120);
    });
    ro.observe(el);
    return () => {
      clearTimeout(timer);
      ro.disconnect();
    };
  }, [flow, positions]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const ids = graph.services.map((s) => s.id);
    const i = selected ? ids.indexOf(selected) : -1;
    if (e.key === 'ArrowDown' || e.key === 'j') select(ids[Math.min(ids.length - 1, i + 1)] ?? null);
    else if (e.key === 'ArrowUp' || e.key === 'k') select(ids[Math.max(0, i - 1)] ?? null);
    else if (e.key === 'Enter' && selected) document.getElementById('depmap-details')?.focus();
    else if (e.key === 'Escape') select(null, false);
    else return;
    e.preventDefault();
  }

  return (
    <div
      ref={boxRef}
      className="depmap-graph"
      tabIndex={0}
      role="application"
      aria-roledescription="dependency map"
      aria-label={`Dependency map with ${count(graph.services.length, 'service')}. Up and down arrows step through services; Enter opens the selected one's details.`}
      onKeyDown={onKeyDown}
      data-testid="depmap-graph"
    >
      {!positions && (
        <p className="depmap-status muted" role="status">
          Laying out {count(graph.services.length, 'service')}…
        </p>
      )}
      {positions && (
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          colorMode={theme}
          fitView
          minZoom={0.05}
          maxZoom={2}
          nodesDraggable={false}
          nodesConnectable={false}
          onlyRenderVisibleElements={graph.services.length > 300}
          onNodeClick={(_, n) => select(n.id, false)}
          onPaneClick={() => select(null, false)}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
          {graph.services.length > 60 && graph.services.length <= 600 && <MiniMap pannable zoomable ariaLabel="Overview of the dependency map" />}
        </ReactFlow>
      )}
    </div>
  );
}

function ServiceLink({ id, graph, suffix }: { id: string; graph: CatalogGraph; suffix?: string }) {
  const select = depmapUiActions.select;
  const s = graph.services.find((x) => x.id === id);
  return (
    <button type="button" className="linkish" onClick={() => select(id)}>
      {s?.title ?? id}
      {suffix}
    </button>
  );
}

function Details({ incidentId, graph }: { incidentId: string; graph: CatalogGraph }) {
  const selected = useDepmapUi((s) => s.selected);
  const blast = useBlastRadius(incidentId);
  const setImpact = useCommand('impact:set');
  const failover = useCommand('catalog:failover');
  const { notify } = toastActions;
  const adj = useMemo(() => buildAdjacency(graph.edges), [graph.edges]);
  const svc = graph.services.find((s) => s.id === selected) ?? null;
  const status = (blast.data?.statuses ?? []).find((s) => s.service === selected)?.status ?? 'operational';
  const impacted = blast.data?.impacted ?? [];
  const dependents = blast.data?.dependents ?? [];

  if (!svc) {
    return (
      <aside className="depmap-details" id="depmap-details" tabIndex={-1} aria-label="Blast radius">
        <h3>Blast radius</h3>
        {impacted.length === 0 ? (
          <p className="muted">No service is marked impacted in this incident. Select a service and set its status.</p>
        ) : (
          <>
            <p>
              <strong>{impacted.length}</strong> impacted, <strong data-testid="blast-count">{dependents.length}</strong> depend on them.
            </p>
            <h4>Impacted</h4>
            <ul className="svc-list">
              {(blast.data?.statuses ?? [])
                .filter((s) => s.status !== 'operational')
                .map((s) => (
                  <li key={s.service}>
                    <ServiceLink id={s.service} graph={graph} /> <span className={`status-pill status-${s.status}`}>{COMPONENT_STATUS_LABELS[s.status]}</span>
                  </li>
                ))}
            </ul>
            <h4>Blast radius ({dependents.length})</h4>
            <ul className="svc-list" aria-label="Services in the blast radius">
              {dependents.slice(0, 200).map((d) => (
                <li key={d.id}>
                  <ServiceLink id={d.id} graph={graph} /> <span className="muted small-text">({d.depth} hop{d.depth === 1 ? '' : 's'})</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {graph.cycles.length > 0 && (
          <details>
            <summary>{graph.cycles.length} dependency cycle{graph.cycles.length === 1 ? '' : 's'}</summary>
            <ul className="svc-list">
              {graph.cycles.map((c) => (
                <li key={c.join()}>{c.map((id) => graph.services.find((s) => s.id === id)?.title ?? id).join(' ⇄ ')}</li>
              ))}
            </ul>
          </details>
        )}
        {graph.unknownRefs.length > 0 && (
          <details>
            <summary>{graph.unknownRefs.length} unknown reference{graph.unknownRefs.length === 1 ? '' : 's'}</summary>
            <ul className="svc-list">
              {graph.unknownRefs.map((u) => (
                <li key={`${u.from}${u.ref}${u.line}`} className="small-text">
                  {u.from} → <code>{u.ref}</code> (document {u.document}, line {u.line})
                </li>
              ))}
            </ul>
          </details>
        )}
      </aside>
    );
  }

  const needs = dependenciesOf([svc.id], adj);
  const neededBy = dependentsOf([svc.id], adj);
  const direct = new Set(adj.out.get(svc.id) ?? []);
  const directBy = new Set(adj.in.get(svc.id) ?? []);

  async function changeStatus(next: ComponentStatus) {
    try {
      const r = await setImpact.mutateAsync({ incidentId, service: svc!.id, status: next });
      notify(`${svc!.title}: ${COMPONENT_STATUS_LABELS[next]}. Blast radius ${count(r.dependents.length, 'service')}.`, 'success');
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  }

  return (
    <aside className="depmap-details" id="depmap-details" tabIndex={-1} aria-label={`Details of ${svc.title}`}>
      <h3>{svc.title}</h3>
      <p className="muted small-text">
        <code>{svc.id}</code>
      </p>
      {svc.description && <p className="small-text">{svc.description}</p>}
      <dl className="svc-facts">
        <dt>Owner</dt>
        <dd>{svc.owner || '—'}</dd>
        <dt>Tier</dt>
        <dd>{svc.tier || '—'}</dd>
        <dt>System</dt>
        <dd>{svc.system ? <ServiceLink id={svc.system} graph={graph} /> : '—'}</dd>
        <dt>Runbook</dt>
        <dd>
          {svc.runbookUrl ? (
            <button type="button" className="small" onClick={() => openExternal(svc.runbookUrl!) || notify('That runbook link is not a safe https URL.', 'error')}>
              Open runbook ↗
            </button>
          ) : (
            '—'
          )}
        </dd>
      </dl>
      <label className="field">
        <span>Status in this incident</span>
        <select value={status} onChange={(e) => void changeStatus(e.target.value as ComponentStatus)} aria-label={`Status of ${svc.title} in this incident`} data-testid="impact-status">
          {COMPONENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {COMPONENT_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      {svc.failover && (
        <div className="failover" role="group" aria-label={`Failover of ${svc.title}`}>
          <span>Failover</span>
          <div className="failover-options">
            {svc.failover.options.map((o) => (
              <button
                key={o}
                type="button"
                className={`small ${o === svc.failover!.active ? 'primary' : ''}`}
                aria-pressed={o === svc.failover!.active}
                disabled={failover.isPending}
                onClick={() => {
                  if (o === svc.failover!.active) return;
                  void failover
                    .mutateAsync({ incidentId, service: svc.id, active: o })
                    .then(() => notify(`${svc.title} now active in ${o}; recorded on the timeline.`, 'success'))
                    .catch((err: unknown) => notify(errorMessage(err), 'error'));
                }}
              >
                {o === svc.failover!.active ? `● ${o} (active)` : `Fail over to ${o}`}
              </button>
            ))}
          </div>
        </div>
      )}
      <h4>Needed by ({neededBy.length}) — its blast radius</h4>
      <ul className="svc-list">
        {neededBy.slice(0, 100).map((d) => (
          <li key={d.id}>
            <ServiceLink id={d.id} graph={graph} suffix={directBy.has(d.id) ? '' : ` (${d.depth} hops)`} />
          </li>
        ))}
      </ul>
      <h4>Depends on ({needs.length})</h4>
      <ul className="svc-list">
        {needs.slice(0, 100).map((d) => (
          <li key={d.id}>
            <ServiceLink id={d.id} graph={graph} suffix={direct.has(d.id) ? '' : ` (${d.depth} hops)`} />
          </li>
        ))}
      </ul>
    </aside>
  );
}

function Toolbar({ graph }: { graph: CatalogGraph | undefined }) {
  const api = useApi();
  const { notify } = toastActions;
  const select = depmapUiActions.select;
  const openImport = depmapUiActions.openImport;
  const [q, setQ] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useFocusRequest('depmap-search', ref);
  const services = graph?.services ?? [];
  function find(e: React.FormEvent) {
    e.preventDefault();
    const needle = q.trim().toLowerCase();
    if (!needle) return;
    const hit =
      services.find((s) => s.title.toLowerCase() === needle || s.name.toLowerCase() === needle || s.id === needle) ??
      services.find((s) => s.title.toLowerCase().includes(needle) || s.id.includes(needle));
    if (hit) select(hit.id);
    else notify(`No service matches “${q}”.`, 'info');
  }
  return (
    <div className="depmap-toolbar" role="toolbar" aria-label="Dependency map">
      <form onSubmit={find} className="depmap-search" role="search">
        <input ref={ref} type="search" list="depmap-services" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Find a service…" aria-label="Find a service" />
        <datalist id="depmap-services">
          {services.slice(0, 500).map((s) => (
            <option key={s.id} value={s.title}>
              {s.id}
            </option>
          ))}
        </datalist>
        <button type="submit" className="small">
          Focus
        </button>
      </form>
      <span className="spacer" />
      <span className="legend" aria-label="Legend">
        <span className="legend-item mark-impacted">impacted</span>
        <span className="legend-item mark-blast">blast radius</span>
        <span className="legend-item mark-upstream">upstream</span>
      </span>
      <button type="button" className="small" onClick={() => openImport(true)}>
        Import…
      </button>
      <select
        aria-label="Export the catalog"
        className="export-select"
        value=""
        disabled={!services.length}
        onChange={(e) => {
          const f = e.target.value as 'backstage' | 'json' | 'yaml';
          if (f) void exportCatalogFile({ api, notify }, f).catch((err: unknown) => notify(errorMessage(err), 'error'));
        }}
      >
        <option value="">Export…</option>
        <option value="backstage">Backstage YAML</option>
        <option value="json">JSON</option>
        <option value="yaml">YAML</option>
      </select>
    </div>
  );
}

export function DepMapPane({ incidentId }: PaneProps) {
  const catalog = useCatalog();
  const importOpen = useDepmapUi((s) => s.importOpen);
  const openImport = depmapUiActions.openImport;
  return (
    <div className="depmap-pane">
      <Toolbar graph={catalog.data} />
      {catalog.isError && <div className="form-error pad">Could not load the catalog: {errorMessage(catalog.error)}</div>}
      {catalog.data && catalog.data.services.length === 0 && (
        <div className="pad depmap-empty">
          <p>No service catalog yet. Import your Backstage <code>catalog-info.yaml</code> or a simple JSON/YAML list to see dependencies and blast radius.</p>
          <button type="button" className="primary" onClick={() => openImport(true)}>
            Import a catalog…
          </button>
        </div>
      )}
      {catalog.data && catalog.data.services.length > 0 && (
        <div className="depmap-body">
          <ReactFlowProvider>
            <Graph incidentId={incidentId} graph={catalog.data} />
          </ReactFlowProvider>
          <Details incidentId={incidentId} graph={catalog.data} />
        </div>
      )}
      {importOpen && <CatalogImportDialog onClose={() => openImport(false)} />}
    </div>
  );
}
