// The cadence policy table: rows are updates, columns severities; each cell says when the update is
// first due and how often it repeats. Saving a cell is audited on the affected incidents' timelines.
import { useState } from 'react';
import { SEVERITIES, type Severity } from '../../../../shared/domain/incidents';
import { CADENCE_KEYS, CADENCE_LABELS, type CadenceKey, type CadencePolicy } from '../../../../shared/domain/timers';
import { toastActions } from '../../lib/toasts';
import { useCommand } from '../../lib/queries';
import { errorMessage } from '../../ui/errors';
import { Modal } from '../../ui/Modal';
import { usePolicies } from './queries';

function Cell({ p }: { p: CadencePolicy }) {
  const save = useCommand('cadence:set-policy');
  const { notify } = toastActions;
  const [first, setFirst] = useState(String(p.firstMinutes));
  const [every, setEvery] = useState(p.everyMinutes === null ? '' : String(p.everyMinutes));
  const [enabled, setEnabled] = useState(p.enabled);
  const dirty = first !== String(p.firstMinutes) || every !== (p.everyMinutes === null ? '' : String(p.everyMinutes)) || enabled !== p.enabled;
  const name = `${p.severity} ${p.label}`;
  async function commit() {
    try {
      await save.mutateAsync({ severity: p.severity, key: p.key as CadenceKey, firstMinutes: Number(first), everyMinutes: every.trim() ? Number(every) : null, enabled });
      notify(`Cadence policy ${name} saved.`, 'success');
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  }
  return (
    <td className={`policy-cell ${enabled ? '' : 'off'}`}>
      <label className="policy-enabled">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} aria-label={`${name}: enabled`} /> on
      </label>
      <label>
        <span className="muted small-text">first</span>
        <input type="number" min={1} max={1440} value={first} onChange={(e) => setFirst(e.target.value)} aria-label={`${name}: first due after minutes`} />
      </label>
      <label>
        <span className="muted small-text">every</span>
        <input type="number" min={1} max={1440} value={every} placeholder="once" onChange={(e) => setEvery(e.target.value)} aria-label={`${name}: repeat every minutes (empty for once)`} />
      </label>
      {dirty && (
        <button type="button" className="small primary" onClick={() => void commit()} aria-label={`Save ${name}`}>
          Save
        </button>
      )}
    </td>
  );
}

export function CadencePolicyDialog({ onClose }: { onClose: () => void }) {
  const q = usePolicies();
  const byKey = new Map((q.data ?? []).map((p) => [`${p.severity}/${p.key}`, p]));
  return (
    <Modal title="Cadence policy" onClose={onClose} wide className="policy-dialog" description="Minutes after declaration the first update is due, then how often it repeats. Changes are recorded on the timeline of every active incident of that severity.">
      {q.isError && <div className="form-error">{errorMessage(q.error)}</div>}
      <div className="policy-scroll">
        <table className="policy-table">
          <thead>
            <tr>
              <th scope="col">Update</th>
              {SEVERITIES.map((s) => (
                <th key={s} scope="col">
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {CADENCE_KEYS.map((k) => (
              <tr key={k}>
                <th scope="row">{CADENCE_LABELS[k]}</th>
                {SEVERITIES.map((s: Severity) => {
                  const p = byKey.get(`${s}/${k}`);
                  return p ? <Cell key={`${s}/${k}/${p.updatedAt ?? ''}`} p={p} /> : <td key={s} />;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Modal>
  );
}
