// The decision a time-box asks for. For an expired diagnosis box the IC must choose: extend (with a
// reason), switch to the next hypothesis, or escalate; the choice lands on the timeline.
import { useState } from 'react';
import { DECISIONS_BY_KIND, type Timer, type TimerDecision } from '../../../../shared/domain/timers';
import { toastActions } from '../../lib/toasts';
import { useCommand } from '../../lib/queries';
import { useFieldErrors } from '../../ui/errors';
import { Field, FormError } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { describeOwner, PersonPicker } from '../../ui/PersonPicker';
import { useRoster } from '../roles';

const LABELS: Record<TimerDecision, string> = {
  extend: 'Extend',
  switch: 'Switch hypothesis',
  escalate: 'Escalate',
  done: 'Done / confirmed',
  cancel: 'Cancel',
};
const HINTS: Record<TimerDecision, string> = {
  extend: 'Keep trying for more minutes; say why.',
  switch: 'Stop this hypothesis and box the next one.',
  escalate: 'Bring in more help or raise the response.',
  done: 'The hypothesis is confirmed or the item is done.',
  cancel: 'No longer relevant.',
};

export function DecisionDialog({ timer, onClose }: { timer: Timer; onClose: () => void }) {
  const options = DECISIONS_BY_KIND[timer.kind];
  const [decision, setDecision] = useState<TimerDecision>(options[0]!);
  const [note, setNote] = useState('');
  const [minutes, setMinutes] = useState(String(Math.max(1, Math.round(timer.durationMs / 60_000))));
  const [hypothesis, setHypothesis] = useState('');
  // The next box keeps this one's owner unless the IC hands it to someone else.
  const [owner, setOwner] = useState(timer.owner ?? '');
  const people = useRoster().data ?? [];
  const resolve = useCommand('timers:resolve');
  const { notify } = toastActions;
  const errs = useFieldErrors(resolve.error, ['note', 'minutes', 'hypothesis', 'decision'], { note, minutes, hypothesis, decision });

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      await resolve.mutateAsync({
        timerId: timer.id,
        decision,
        note,
        ...(decision === 'extend' || decision === 'switch' ? { minutes: Number(minutes) } : {}),
        ...(decision === 'switch' ? { hypothesis, owner } : {}),
      });
      notify(`Decision recorded: ${LABELS[decision].toLowerCase()}.`, 'success');
      onClose();
    } catch {
      /* shown inline */
    }
  }

  const expired = timer.state === 'expired';
  return (
    <Modal
      title={expired && timer.kind === 'diagnosis' ? 'Time-box expired: decide' : `Decide on “${timer.label}”`}
      onClose={onClose}
      description={timer.kind === 'diagnosis' ? `Hypothesis: “${timer.label}”${timer.owner ? ` (owner ${describeOwner(timer.owner, people)})` : ''}. The decision goes on the timeline.` : 'The decision goes on the timeline.'}
      className="decision-dialog"
    >
      <form onSubmit={(e) => void submit(e)}>
        <fieldset className="decision-options">
          <legend className="sr-only">Decision</legend>
          {options.map((d) => (
            <label key={d} className={`decision-option ${decision === d ? 'selected' : ''}`}>
              <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} data-autofocus={d === options[0] ? true : undefined} />
              <span>
                <strong>{LABELS[d]}</strong>
                <span className="muted small-text"> — {HINTS[d]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {decision === 'switch' && (
          <Field label="Next hypothesis" error={errs.fields.hypothesis}>
            {(p) => <input {...p} value={hypothesis} onChange={(e) => setHypothesis(e.target.value)} placeholder="We try… next" />}
          </Field>
        )}
        {decision === 'switch' && (
          <Field label="Owner of the next box">{(p) => <PersonPicker id={p.id} label="Owner of the next box" people={people} value={owner} onChange={setOwner} />}</Field>
        )}
        {(decision === 'extend' || decision === 'switch') && (
          <Field label="Minutes" error={errs.fields.minutes}>
            {(p) => <input {...p} type="number" min={1} max={1440} value={minutes} onChange={(e) => setMinutes(e.target.value)} />}
          </Field>
        )}
        <Field label={decision === 'extend' ? 'Reason (required)' : 'Note'} error={errs.fields.note}>
          {(p) => <textarea {...p} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <FormError message={errs.general} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Later
          </button>
          <button type="submit" className="primary" disabled={resolve.isPending || (decision === 'extend' && !note.trim()) || (decision === 'switch' && !hypothesis.trim())}>
            Record decision
          </button>
        </div>
      </form>
    </Modal>
  );
}
