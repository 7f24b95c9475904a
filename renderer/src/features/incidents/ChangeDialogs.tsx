import { useState, type FormEvent } from 'react';
import { INCIDENT_STATUSES, isActive, MILESTONES, missingBeforeResolve, type Incident, type IncidentStatus, type Milestone, type Severity } from '../../../../shared/domain/incidents';
import { useCommand } from '../../lib/queries';
import { statusLabel } from '../../ui/Badges';
import { Field, FormError } from '../../ui/Field';
import { errorMessage, useFieldErrors } from '../../ui/errors';
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
  const errors = useFieldErrors(cmd.error, ['severity', 'reason'], { severity, reason });
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

export function StatusDialog({ incident, onClose, initialStatus }: Props & { initialStatus?: IncidentStatus }) {
  const [status, setStatus] = useState<IncidentStatus>(initialStatus ?? incident.status);
  const [note, setNote] = useState('');
  const cmd = useCommand('incidents:set-status');
  const record = useCommand('incidents:milestone');
  const errors = useFieldErrors(cmd.error, ['status', 'note'], { status, note });
  // Ending an active incident without the milestones its metrics come from: record them now, or
  // resolve anyway and say why (the reason goes on the timeline with the status change).
  const ending = (status === 'resolved' || status === 'closed') && isActive(incident.status);
  const missing = ending ? missingBeforeResolve(incident) : [];
  const [choice, setChoice] = useState<'record' | 'anyway'>('record');
  const zone = useTimeZone();
  // Typed in the zone every other time is shown in, starting at the moment the dialog opened.
  const [openedAt] = useState(() => ({ ...zonedFields(Date.now(), zone), later: false }));
  const [times, setTimes] = useState<Partial<Record<Milestone, { date: string; time: string; later: boolean }>>>({});
  const [reason, setReason] = useState('');
  const [missingError, setMissingError] = useState<{ milestone?: Milestone; reason?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    let statusNote = note.trim() ? note : '';
    if (missing.length > 0 && choice === 'anyway') {
      if (!reason.trim()) {
        setMissingError({ reason: 'Reason must say why the milestones are missing.' });
        return;
      }
      statusNote = `${statusNote ? `${statusNote} — ` : ''}Without milestones ${missing.join(', ')}: ${reason.trim()}`;
    }
    if (missing.length > 0 && choice === 'record') {
      setBusy(true);
      try {
        for (const m of missing) {
          // An untouched field means "now": the core's clock, not the minute the dialog opened
          // (which can fall before a detection a few seconds old).
          const edited = times[m];
          const at = edited === undefined ? null : readZoned(edited.date, edited.time, zone, edited.later);
          if (at && !at.ok) {
            setMissingError({ milestone: m, reason: at.error });
            return;
          }
          try {
            await record.mutateAsync({ id: incident.id, milestone: m, ...(at?.ok ? { at: new Date(at.ms).toISOString() } : {}) });
          } catch (err) {
            setMissingError({ milestone: m, reason: `${m}: ${errorMessage(err)}` });
            return;
          }
        }
      } finally {
        setBusy(false);
      }
    }
    setMissingError(null);
    cmd.mutate({ id: incident.id, status, ...(statusNote ? { note: statusNote } : {}) }, { onSuccess: onClose });
  }

  const submitLabel =
    missing.length === 0 ? `Set ${statusLabel(status)}` : choice === 'record' ? `Record ${missing.length === 1 ? 'it' : `all ${missing.length}`} and set ${statusLabel(status)}` : `Set ${statusLabel(status)} without them`;

  return (
    <Modal title={`Change status of ${incident.humanId}`} onClose={onClose} description={`Currently ${statusLabel(incident.status)}.`}>
      <form onSubmit={(e) => void submit(e)} noValidate>
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
        {missing.length > 0 && (
          <fieldset className="missing-milestones" aria-describedby="missing-milestones-help">
            <legend>Missing milestones</legend>
            <p id="missing-milestones-help" className="field-hint">
              Not recorded yet: <strong>{missing.join(', ')}</strong>. MTTD, MTTA and MTTR are computed from them.
            </p>
            <label className="missing-choice">
              <input type="radio" name="missing-choice" checked={choice === 'record'} onChange={() => (setChoice('record'), setMissingError(null))} /> Record them now
            </label>
            {choice === 'record' && (
              <div className="missing-times">
                {missing.map((m) => {
                  const value = times[m] ?? openedAt;
                  return (
                    <ZonedDateTime
                      key={m}
                      label={`${m[0]!.toUpperCase()}${m.slice(1)} at`}
                      zone={zone}
                      date={value.date}
                      time={value.time}
                      later={value.later}
                      onChange={(next) => {
                        setTimes({ ...times, [m]: next });
                        setMissingError(null);
                      }}
                      error={missingError?.milestone === m ? missingError.reason : undefined}
                    />
                  );
                })}
              </div>
            )}
            <label className="missing-choice">
              <input type="radio" name="missing-choice" checked={choice === 'anyway'} onChange={() => (setChoice('anyway'), setMissingError(null))} /> {statusLabel(status)} anyway, with a reason
            </label>
            {choice === 'anyway' && (
              <Field label="Why are they missing?" error={missingError && !missingError.milestone ? missingError.reason : undefined}>
                {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => (setReason(e.target.value), e.target.value.trim() && setMissingError(null))} placeholder="e.g. detected by a customer report; no alert fired" />}
              </Field>
            )}
          </fieldset>
        )}
        <Field label="Note (optional)" error={errors.fields.note}>
          {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <FormError message={errors.general} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={cmd.isPending || busy || status === incident.status}>
            {submitLabel}
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
  const errors = useFieldErrors(cmd.error, ['milestone', 'at', 'note'], { milestone, at, note });
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
