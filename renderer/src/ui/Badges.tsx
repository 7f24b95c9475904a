import type { IncidentMode, IncidentStatus, Severity } from '../../../shared/domain/incidents';
import { SEVERITY_CRITERIA } from '../../../shared/domain/incidents';

export function SeverityBadge({ severity, size = 'md' }: { severity: Severity; size?: 'md' | 'lg' }) {
  return (
    <span className={`badge sev sev-${severity.slice(4)} badge-${size}`} title={`${severity}: ${SEVERITY_CRITERIA[severity].label}`}>
      {severity}
    </span>
  );
}

const STATUS_LABEL: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  closed: 'Closed',
};

export function statusLabel(s: IncidentStatus): string {
  return STATUS_LABEL[s];
}

export function StatusBadge({ status, size = 'md' }: { status: IncidentStatus; size?: 'md' | 'lg' }) {
  return <span className={`badge status status-${status} badge-${size}`}>{STATUS_LABEL[status]}</span>;
}

/** Exercises must be unmistakable: a loud striped badge; real incidents get a quiet one. */
export function ModeBadge({ mode, size = 'md' }: { mode: IncidentMode; size?: 'md' | 'lg' }) {
  if (mode === 'exercise') {
    return (
      <span className={`badge mode-exercise badge-${size}`} title="Exercise: pages no one, counts in no production metric">
        EXERCISE
      </span>
    );
  }
  return <span className={`badge mode-real badge-${size}`}>REAL</span>;
}
