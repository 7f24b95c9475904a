import { MILESTONES, type Incident } from '../../../../shared/domain/incidents';
import { ModeBadge, SeverityBadge, StatusBadge } from '../../ui/Badges';
import { formatElapsed, useNow, useTimeFormat } from '../../ui/time';
import { elapsedMs, endedAt } from './elapsed';
import { CommandSummary } from '../roles';
import { OverdueAsksBadge } from '../timers';
import { NobodyPagedBadge } from '../outbox';
import './incidents.css';

export interface IncidentHeaderProps {
  incident: Incident;
  onChangeSeverity: () => void;
  onChangeStatus: () => void;
  onMilestone: () => void;
}

/** The big, unmistakable header: who/what/how bad/how long, and the controls to change it. */
export function IncidentHeader({ incident, onChangeSeverity, onChangeStatus, onMilestone }: IncidentHeaderProps) {
  const now = useNow();
  const fmt = useTimeFormat();
  const ended = endedAt(incident) !== null;
  return (
    <section className={`incident-header sev-edge-${incident.severity.slice(4)} ${incident.mode === 'exercise' ? 'is-exercise' : ''}`} aria-label={`Incident ${incident.humanId}`}>
      {incident.mode === 'exercise' && (
        <div className="exercise-banner" role="note">
          EXERCISE — this is a drill. It pages no one and counts in no production metric.
        </div>
      )}
      <div className="incident-header-main">
        <div className="incident-header-ids">
          <span className="human-id big" data-testid="incident-human-id">
            {incident.humanId}
          </span>
          <ModeBadge mode={incident.mode} size="lg" />
          <OverdueAsksBadge incidentId={incident.id} />
          <NobodyPagedBadge incident={incident} />
        </div>
        <h1 className="incident-title">{incident.title}</h1>
        <div className="incident-header-controls">
          <button type="button" className="header-control" onClick={onChangeSeverity} aria-label={`Severity ${incident.severity}. Change severity`}>
            <SeverityBadge severity={incident.severity} size="lg" />
            <span className="control-hint">change</span>
          </button>
          <button type="button" className="header-control" onClick={onChangeStatus} aria-label={`Status ${incident.status}. Change status`}>
            <StatusBadge status={incident.status} size="lg" />
            <span className="control-hint">change</span>
          </button>
          <div className="elapsed-clock" aria-label={`${ended ? 'Lasted' : 'Elapsed'} ${formatElapsed(elapsedMs(incident, now))}`}>
            <span className="elapsed-label">{ended ? 'Lasted' : 'Elapsed'}</span>
            <span className="elapsed-value" aria-hidden="true">
              {formatElapsed(elapsedMs(incident, now))}
            </span>
          </div>
          <button type="button" onClick={onMilestone}>
            Record milestone
          </button>
        </div>
      </div>
      {incident.summary && <p className="incident-summary">{incident.summary}</p>}
      {/* Who is in command shares the milestones' line: the header keeps its height (a taller one
          takes rows from the workspace, which then folds areas into tabs). */}
      <div className="incident-header-foot">
      <ol className="milestones" aria-label="Milestones">
        {MILESTONES.map((m) => (
          <li key={m} className={incident.milestones[m] ? 'done' : 'pending'}>
            <span className="milestone-name">{m}</span>
            {incident.milestones[m] ? (
              <time className="milestone-time" dateTime={incident.milestones[m]} title={fmt.stamp(incident.milestones[m], { seconds: true })}>
                {fmt.absolute(incident.milestones[m], now)}
              </time>
            ) : (
              <span className="milestone-time">—</span>
            )}
          </li>
        ))}
      </ol>
      <CommandSummary incidentId={incident.id} closed={incident.status === 'closed'} />
      </div>
    </section>
  );
}
