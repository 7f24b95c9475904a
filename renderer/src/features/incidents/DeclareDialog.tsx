import { useRef, useState, type FormEvent } from 'react';
import type { Incident, IncidentMode, Severity } from '../../../../shared/domain/incidents';
import { useApi } from '../../lib/ApiProvider';
import { useCommand, useProfile } from '../../lib/queries';
import { errorMessage } from '../../ui/errors';
import { takeCommand } from '../roles';
import { Field, FormError, useFocusFirstInvalid } from '../../ui/Field';
import { useFieldErrors } from '../../ui/errors';
import { Modal } from '../../ui/Modal';
import { SeverityPicker } from './SeverityPicker';

const FIELDS = ['title', 'severity', 'summary', 'mode'] as const;

/** How taking command went for the declarer: declined, taken, or failed with the reason. */
export type CommandOutcome = { commander: true } | { commander: false; error?: string };

export interface Declared {
  incident: Incident;
  /**
   * Settles once taking command has been tried. The dialog does not wait for it: the commander's
   * first keystrokes after Declare belong to the war room, not to a dialog saying "Declaring…".
   */
  command: Promise<CommandOutcome>;
}

export function DeclareDialog({ onClose, onDeclared }: { onClose: () => void; onDeclared: (d: Declared) => void }) {
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [summary, setSummary] = useState('');
  const [mode, setMode] = useState<IncidentMode>('real');
  // One Incident Commander from the first minute: whoever declares takes command unless they say not.
  const [commander, setCommander] = useState(true);
  const api = useApi();
  const profile = useProfile().data ?? null;
  const declare = useCommand('incidents:declare');
  const errors = useFieldErrors(declare.error, FIELDS, { title, severity, summary, mode });
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, declare.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    // Validation is the backend's: the same zod schema answers with issues[] per field.
    declare.mutate(
      { title, severity: (severity ?? '') as Severity, ...(summary.trim() ? { summary } : {}), mode },
      { onSuccess: (inc) => void declared(inc) },
    );
  }

  function declared(incident: Incident) {
    onDeclared({ incident, command: commander ? takeCommandAsDeclarer(incident) : Promise.resolve({ commander: false }) });
  }

  async function takeCommandAsDeclarer(incident: Incident): Promise<CommandOutcome> {
    try {
      // The profile query may not have answered yet (a fast declare): ask the core directly then.
      const me = profile ?? (await api.invoke('profile:get', {}));
      if (!me) throw new Error('no profile is set on this console');
      await takeCommand(api, incident.id, me);
      return { commander: true };
    } catch (err) {
      return { commander: false, error: errorMessage(err) };
    }
  }

  return (
    <Modal title="Declare incident" onClose={onClose} wide description="Anyone may declare. Declare when a second team is needed, impact is customer-visible, or it is unsolved after an hour.">
      <form ref={formRef} onSubmit={submit} noValidate className="declare-form">
        <Field label="Title" error={errors.fields.title} hint="What is broken, for whom. e.g. “Checkout 502s in eu-west-1”">
          {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} data-autofocus maxLength={200} />}
        </Field>
        <SeverityPicker name="declare-severity" value={severity} onChange={setSeverity} error={errors.fields.severity} />
        <Field label="Summary (optional)" error={errors.fields.summary}>
          {(p) => <textarea {...p} value={summary} onChange={(e) => setSummary(e.target.value)} rows={3} />}
        </Field>
        <fieldset className="mode-picker">
          <legend>Mode</legend>
          <label className={mode === 'real' ? 'selected' : ''}>
            <input type="radio" name="declare-mode" value="real" checked={mode === 'real'} onChange={() => setMode('real')} /> Real incident
          </label>
          <label className={`exercise ${mode === 'exercise' ? 'selected' : ''}`}>
            <input type="radio" name="declare-mode" value="exercise" checked={mode === 'exercise'} onChange={() => setMode('exercise')} /> Exercise (pages no one, excluded from metrics)
          </label>
          {errors.fields.mode && <div className="field-error">{errors.fields.mode}</div>}
        </fieldset>
        <label className="commander-choice">
          <input type="checkbox" checked={commander} onChange={(e) => setCommander(e.target.checked)} />
          <span>
            I am the Incident Commander
            <span className="field-hint">{profile ? `${profile.displayName} (@${profile.handle}) takes command as the incident opens; hand over later from the Roles pane.` : 'You take command as the incident opens.'}</span>
          </span>
        </label>
        <FormError message={errors.general} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary danger" disabled={declare.isPending}>
            {declare.isPending ? 'Declaring…' : 'Declare incident'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
