import { useState, type FormEvent } from 'react';
import { INCIDENT_STATUSES, MILESTONES, type Incident, type IncidentStatus, type Milestone, type Severity } from '../../../../shared/domain/incidents';
import { useCommand } from '../../lib/queries';
import { statusLabel } from '../../ui/Badges';
import { Field, FormError } from '../../ui/Field';
import { fieldErrors } from '../../ui/errors';
import { Modal } from '../../ui/Modal';
import { readZoned, ZonedDateTime, zonedFields } from '../../ui/ZonedDateTime';
import { useTimeZone } from '../../lib/timeZone';
import { SeverityPicker } from './SeverityPicker';

interface Props {
  incident: Incident;
  onClose: () => void;
}

export function SeverityDialog({ incident, onClose }: Props) {
  const [severity, setSeverity] = useState<Severity>(incident.severity);
  const [reason, setReason] = useState('');
  const cmd = useCommand('incidents:set-severity');
  const errors = fieldErrors(cmd.error, ['severity', 'reason']);
  function submit(e: FormEvent) {
    e.preventDefault();
    cmd.mutate({ id: incident.id, severity, ...(reason.trim() ? { reason } : {}) }, { onSuccess: onClose });
  }
  return (
    <Modal title={`Change severity of ${incident.humanId}`} onClose={onClose} wide description={`Currently ${incident.severity}. The change is recorded on the timeline.`}>
      <form onSubmit={submit} noValidate>
        <SeverityPicker name="change-severity" value={severity} onChange={setSeverity} error={errors.fields.severity} />
        <Field label="Reason (optional)" error={errors.fields.reason}>
          {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <FormError message={errors.general} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={cmd.isPending || severity === incident.severity}>
            Set {severity}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function StatusDialog({ incident, onClose }: Props) {
  const [status, setStatus] = useState<IncidentStatus>(incident.status);
  const [note, setNote] = useState('');
  const cmd = useCommand('incidents:set-status');
  const errors = fieldErrors(cmd.error, ['status', 'note']);
  function submit(e: FormEvent) {
    e.preventDefault();
    cmd.mutate({ id: incident.id, status, ...(note.trim() ? { note } : {}) }, { onSuccess: onClose });
  }
  return (
    <Modal title={`Change status of ${incident.humanId}`} onClose={onClose} description={`Currently ${statusLabel(incident.status)}.`}>
      <form onSubmit={submit} noValidate>
        <fieldset className="status-picker">
          <legend>Status</legend>
          {INCIDENT_STATUSES.map((s) => (
            <label key={s} className={`status-option status-${s} ${status === s ? 'selected' : ''}`}>
              <input type="radio" name="change-status" value={s} checked={status === s} onChange={() => setStatus(s)} data-autofocus={status === s ? true : undefined} />
              {statusLabel(s)}
            </label>
          ))}
          {errors.fields.status && <div className="field-error">{errors.fields.status}</div>}
        </fieldset>
        <Field label="Note (optional)" error={errors.fields.note}>
          {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <FormError message={errors.general} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={cmd.isPending || status === incident.status}>
            Set {statusLabel(status)}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function MilestoneDialog({ incident, onClose }: Props) {
  const next = MILESTONES.find((m) => !incident.milestones[m]) ?? 'mitigated';
  const [milestone, setMilestone] = useState<Milestone>(next);
  const zone = useTimeZone();
  // Typed in the zone every other time is shown in; the fields start at the moment the dialog opened.
  const [at, setAt] = useState(() => ({ ...zonedFields(Date.now(), zone), later: false }));
  const [atError, setAtError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const cmd = useCommand('incidents:milestone');
  const errors = fieldErrors(cmd.error, ['milestone', 'at', 'note']);
  function submit(e: FormEvent) {
    e.preventDefault();
    const when = readZoned(at.date, at.time, zone, at.later);
    if (!when.ok) return setAtError(when.error);
    setAtError(null);
    cmd.mutate({ id: incident.id, milestone, at: new Date(when.ms).toISOString(), ...(note.trim() ? { note } : {}) }, { onSuccess: onClose });
  }
  return (
    <Modal title={`Record milestone for ${incident.humanId}`} onClose={onClose} description="Milestone times feed MTTD, MTTA and MTTR.">
      <form onSubmit={submit} noValidate>
        <Field label="Milestone" error={errors.fields.milestone}>
          {(p) => (
            <select {...p} value={milestone} onChange={(e) => setMilestone(e.target.value as Milestone)} data-autofocus>
              {MILESTONES.map((m) => (
                <option key={m} value={m}>
                  {m}
                  {incident.milestones[m] ? ' (recorded)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ZonedDateTime
          label="When"
          zone={zone}
          date={at.date}
          time={at.time}
          later={at.later}
          onChange={(next) => {
            setAt(next);
            setAtError(null);
          }}
          error={atError ?? errors.fields.at}
        />
        <Field label="Note (optional)" error={errors.fields.note}>
          {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <FormError message={errors.general} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={cmd.isPending}>
            Record {milestone}
          </button>
        </div>
      </form>
    </Modal>
  );
}
