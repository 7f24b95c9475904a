import { useRef, type KeyboardEvent } from 'react';
import { INCIDENT_MODES, INCIDENT_STATUSES, type Incident, type IncidentMode, type IncidentStatus } from '../../../../shared/domain/incidents';
import { useFocusRequest } from '../../lib/focus';
import { useIncidents } from './queries';
import { ModeBadge, SeverityBadge, statusLabel } from '../../ui/Badges';
import { errorMessage } from '../../ui/errors';
import { formatElapsedShort, useNow } from '../../ui/time';
import { elapsedMs } from './elapsed';
import './incidents.css';

export interface IncidentListProps {
  selectedId: string | null;
  onSelect: (inc: Incident) => void;
  filter: { status?: IncidentStatus; mode?: IncidentMode };
  onFilter: (f: { status?: IncidentStatus; mode?: IncidentMode }) => void;
  onDeclare: () => void;
}

type ListFilter = { status?: IncidentStatus; mode?: IncidentMode };

function withFilter<K extends keyof ListFilter>(f: ListFilter, key: K, value: NonNullable<ListFilter[K]> | ''): ListFilter {
  const next = { ...f };
  if (value) next[key] = value;
  else delete next[key];
  return next;
}

export function IncidentList({ selectedId, onSelect, filter, onFilter, onDeclare }: IncidentListProps) {
  const q = useIncidents(filter);
  const now = useNow();
  const listRef = useRef<HTMLUListElement>(null);

  useFocusRequest('incident-list', listRef, () => {
    const el = listRef.current?.querySelector<HTMLElement>('[aria-current="true"]') ?? listRef.current?.querySelector<HTMLElement>('button');
    el?.focus();
    return !!el;
  });

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
    const items = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.incident-item') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : e.key === 'ArrowDown' ? Math.min(items.length - 1, i + 1) : Math.max(0, i - 1);
    items[next]?.focus();
    e.preventDefault();
  }

  return (
    <nav className="incident-list" aria-label="Incidents">
      <div className="incident-list-head">
        <h2>Incidents</h2>
        <button type="button" className="primary danger small" onClick={onDeclare}>
          Declare
        </button>
      </div>
      <div className="incident-filters">
        <label>
          <span className="sr-only">Filter by status</span>
          <select aria-label="Filter by status" value={filter.status ?? ''} onChange={(e) => onFilter(withFilter(filter, 'status', e.target.value as IncidentStatus | ''))}>
            <option value="">All statuses</option>
            {INCIDENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">Filter by mode</span>
          <select aria-label="Filter by mode" value={filter.mode ?? ''} onChange={(e) => onFilter(withFilter(filter, 'mode', e.target.value as IncidentMode | ''))}>
            <option value="">All modes</option>
            {INCIDENT_MODES.map((m) => (
              <option key={m} value={m}>
                {m === 'real' ? 'Real only' : 'Exercises only'}
              </option>
            ))}
          </select>
        </label>
      </div>
      {q.isError && <div className="form-error" role="alert">Could not load incidents: {errorMessage(q.error)}</div>}
      {q.isPending && <p className="muted pad">Loading incidents…</p>}
      {q.data && q.data.length === 0 && <p className="muted pad">No incidents match this filter.</p>}
      <ul ref={listRef} onKeyDown={onKeyDown} className="incident-items">
        {q.data?.map((inc) => (
          <li key={inc.id}>
            <button
              type="button"
              className={`incident-item ${inc.mode === 'exercise' ? 'is-exercise' : ''}`}
              aria-current={inc.id === selectedId ? 'true' : undefined}
              onClick={() => onSelect(inc)}
              aria-label={`${inc.humanId} ${inc.severity} ${statusLabel(inc.status)}${inc.mode === 'exercise' ? ' exercise' : ''}: ${inc.title}`}
            >
              <span className="incident-item-top">
                <SeverityBadge severity={inc.severity} />
                <span className="human-id">{inc.humanId}</span>
                {inc.mode === 'exercise' && <ModeBadge mode="exercise" />}
                <span className="elapsed" title="Time since declared">
                  {formatElapsedShort(elapsedMs(inc, now))}
                </span>
              </span>
              <span className="incident-item-title">{inc.title}</span>
              <span className={`incident-item-status status-text-${inc.status}`}>{statusLabel(inc.status)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
