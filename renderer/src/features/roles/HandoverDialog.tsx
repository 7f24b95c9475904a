// IC handover: the ICS-201 brief is pre-filled from the incident's state (roles:brief) and stays
// editable until the handover is committed in one step (roles:handover).
import { useState } from 'react';
import type { HandoffBrief, Person, RoleAssignment } from '../../../../shared/domain/roles';
import { toastActions } from '../../lib/toasts';
import { useCommand } from '../../lib/queries';
import { useFieldErrors } from '../../ui/errors';
import { Field, FormError } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { useBriefDraft } from './queries';

const FIELDS: Array<{ key: keyof HandoffBrief; label: string; rows: number }> = [
  { key: 'situation', label: 'Situation', rows: 3 },
  { key: 'objectives', label: 'Objectives', rows: 2 },
  { key: 'currentActions', label: 'Current actions', rows: 3 },
  { key: 'resources', label: 'Resources and roles', rows: 3 },
  { key: 'openAsks', label: 'Open asks', rows: 2 },
];

export function HandoverDialog({ incidentId, current, people, onClose }: { incidentId: string; current: RoleAssignment | null; people: Person[]; onClose: () => void }) {
  const draft = useBriefDraft(incidentId, true);
  // The IC's edits; until the first edit the pre-filled draft shows, so later refetches of the
  // draft never overwrite what the IC typed.
  const [edited, setBrief] = useState<HandoffBrief | null>(null);
  const brief = edited ?? draft.data ?? null;
  const candidates = people.filter((p) => p.handle !== current?.person);
  const [to, setTo] = useState(candidates[0]?.handle ?? '');
  const handover = useCommand('roles:handover');
  const { notify } = toastActions;

  const errs = useFieldErrors(handover.error, ['to', 'brief'], { to, brief: edited });

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!brief || !to) return;
    try {
      await handover.mutateAsync({ incidentId, to, brief });
      notify(`Incident Command handed over to ${people.find((p) => p.handle === to)?.name ?? to}.`, 'success');
      onClose();
    } catch {
      /* shown below */
    }
  }

  return (
    <Modal title="Hand over Incident Command" onClose={onClose} wide description={current ? `From @${current.person}. Review the ICS-201 brief, then commit: the outgoing IC renounces and the new IC assumes in one step.` : 'No one holds command yet: this makes the first IC.'}>
      <form onSubmit={(e) => void submit(e)} className="handover-form">
        <Field label="New Incident Commander" error={errs.fields.to}>
          {(p) => (
            <select {...p} value={to} onChange={(e) => setTo(e.target.value)} data-autofocus>
              {candidates.length === 0 && <option value="">Add people to the roster first</option>}
              {candidates.map((c) => (
                <option key={c.handle} value={c.handle}>
                  {c.name} (@{c.handle}){c.team ? ` · ${c.team}` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        {!brief && <p className="muted">Preparing the brief from the incident…</p>}
        {brief &&
          FIELDS.map((f) => (
            <Field key={f.key} label={`${f.label}`} error={errs.fields.brief && handover.error && (handover.error.issues ?? []).some((i) => i.path === `brief.${f.key}`) ? errs.fields.brief : undefined}>
              {(p) => <textarea {...p} rows={f.rows} value={brief[f.key]} onChange={(e) => setBrief({ ...brief, [f.key]: e.target.value })} />}
            </Field>
          ))}
        <FormError message={errs.general} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!brief || !to || handover.isPending}>
            {handover.isPending ? 'Handing over…' : 'Commit handover'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
