// Time-boxes and cadence: the running diagnosis box (hypothesis, owner, countdown, decision at
// expiry), time-boxed asks (overdue ones stand out) and the cadence timers from the policy table.
import { useRef, useState } from 'react';
import type { Timer } from '../../../../shared/domain/timers';
import { useFocusRequest } from '../../lib/focus';
import { toastActions } from '../../lib/toasts';
import type { PaneProps } from '../../lib/workbench';
import { useCommand } from '../../lib/queries';
import { errorMessage, fieldErrors } from '../../ui/errors';
import { FormError } from '../../ui/Field';
import { describeOwner, PersonPicker } from '../../ui/PersonPicker';
import { useRoster } from '../roles';
import { useTimeFormat } from '../../ui/time';
import { requestOsPermission } from './alerts';
import { CadencePolicyDialog } from './CadencePolicyDialog';
import { DecisionDialog } from './DecisionDialog';
import { useTimers } from './queries';
import { formatRemaining, useRemaining } from './TimeboxBanner';
import { timersUiActions, useTimersUi } from './uiStore';
import './timers.css';

function Countdown({ t, fetchedAt }: { t: Timer; fetchedAt: number }) {
  const left = useRemaining(t, fetchedAt);
  const used = Math.min(1, Math.max(0, 1 - left / t.durationMs));
  return (
    <div className="countdown">
      <span className={`countdown-value ${t.state}`} aria-label={`${left < 0 ? 'Overdue by' : 'Time left'} ${formatRemaining(left).replace(' over', '')}`}>
        {formatRemaining(left)}
      </span>
      <div className="countdown-bar" role="progressbar" aria-label="Time used" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(used * 100)}>
        <div className={`countdown-fill ${t.state}`} style={{ width: `${used * 100}%` }} />
      </div>
    </div>
  );
}

const STATE_LABEL: Record<Timer['state'], string> = { running: 'Running', warning: '80% used', expired: 'Expired', resolved: 'Resolved', cancelled: 'Cancelled' };

function StartForm({ incidentId, kind }: { incidentId: string; kind: 'diagnosis' | 'ask' }) {
  const start = useCommand('timers:start');
  const [label, setLabel] = useState('');
  const [owner, setOwner] = useState('');
  const [minutes, setMinutes] = useState(kind === 'diagnosis' ? '15' : '10');
  const ref = useRef<HTMLInputElement>(null);
  const people = useRoster().data ?? [];
  useFocusRequest(kind === 'diagnosis' ? 'timers-hypothesis' : 'timers-ask', ref);
  const errs = fieldErrors(start.error, ['label', 'minutes', 'owner']);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      await start.mutateAsync({ incidentId, kind, label, minutes: Number(minutes), ...(owner.trim() ? { owner: owner.trim() } : {}) });
      setLabel('');
      setOwner('');
    } catch {
      /* shown below */
    }
  }
  const what = kind === 'diagnosis' ? 'Hypothesis' : 'Ask';
  return (
    <form className="timer-form" onSubmit={(e) => void submit(e)} aria-label={kind === 'diagnosis' ? 'Start a diagnosis box' : 'Start a time-boxed ask'}>
      <label className="grow">
        <span className="sr-only">{what}</span>
        <input ref={ref} value={label} onChange={(e) => setLabel(e.target.value)} placeholder={kind === 'diagnosis' ? 'We try… (hypothesis)' : 'Ask, e.g. check replica lag'} aria-invalid={!!errs.fields.label} aria-label={what} />
      </label>
      <PersonPicker label={kind === 'diagnosis' ? 'Owner of the box' : 'Owner of the ask'} people={people} value={owner} onChange={setOwner} className="owner-input" />
      <label>
        <span className="sr-only">Minutes</span>
        <input type="number" min={1} max={1440} value={minutes} onChange={(e) => setMinutes(e.target.value)} aria-label="Minutes" className="minutes-input" aria-invalid={!!errs.fields.minutes} />
      </label>
      <button type="submit" className="primary small" disabled={!label.trim() || start.isPending}>
        {kind === 'diagnosis' ? 'Start box' : 'Start ask'}
      </button>
      <FormError message={start.error ? Object.values(errs.fields).join(' ') || errs.general : null} />
    </form>
  );
}

function TimerRow({ t, fetchedAt }: { t: Timer; fetchedAt: number }) {
  const resolve = useCommand('timers:resolve');
  const decide = timersUiActions.decide;
  const { notify } = toastActions;
  const open = t.state !== 'resolved' && t.state !== 'cancelled';
  const fmt = useTimeFormat();
  const people = useRoster().data ?? [];
  const done = (decision: 'done' | 'cancel') => void resolve.mutateAsync({ timerId: t.id, decision, note: '' }).catch((err: unknown) => notify(errorMessage(err), 'error'));
  return (
    <li className={`timer-row ${t.state}`} data-timer={t.id}>
      <div className="timer-main">
        <span className="timer-label">{t.label}</span>
        <span className="muted small-text">
          {t.owner ? `${describeOwner(t.owner, people)} · ` : ''}due <time dateTime={t.dueAt} title={fmt.stamp(t.dueAt)}>{fmt.absolute(t.dueAt)}</time>{t.extensions ? ` · extended ×${t.extensions}` : ''}
          {!open && t.decision ? ` · ${t.decision}${t.note ? `: ${t.note}` : ''}` : ''}
        </span>
      </div>
      <span className={`timer-state ${t.state}`}>{STATE_LABEL[t.state]}</span>
      {open && <Countdown t={t} fetchedAt={fetchedAt} />}
      {open && (
        <span className="timer-actions">
          {t.kind === 'diagnosis' ? (
            <button type="button" className={t.state === 'expired' ? 'primary small' : 'small'} onClick={() => decide(t.id)}>
              Decide…
            </button>
          ) : (
            <>
              <button type="button" className="small" onClick={() => done('done')} aria-label={`Mark “${t.label}” done`}>
                Done
              </button>
              <button type="button" className="small" onClick={() => decide(t.id)} aria-label={`Extend or cancel “${t.label}”`}>
                …
              </button>
            </>
          )}
        </span>
      )}
    </li>
  );
}

export function TimersPane({ incidentId }: PaneProps) {
  const q = useTimers(incidentId);
  const ui = useTimersUi();
  const { notify } = toastActions;
  const startCadence = useCommand('cadence:start');
  const [showClosed, setShowClosed] = useState(false);
  if (q.isError) return <div className="form-error pad" role="alert">Could not load timers: {errorMessage(q.error)}</div>;
  const list = q.data?.timers ?? [];
  const fetchedAt = q.data?.fetchedAt ?? 0;
  const isOpen = (t: Timer) => t.state !== 'resolved' && t.state !== 'cancelled';
  const box = list.filter((t) => t.kind === 'diagnosis' && isOpen(t));
  const asks = list.filter((t) => t.kind === 'ask' && isOpen(t));
  const cadence = list.filter((t) => t.kind === 'cadence' && isOpen(t));
  const closed = list.filter((t) => !isOpen(t));
  const decisionTimer = list.find((t) => t.id === ui.decisionFor) ?? null;

  return (
    <div className="timers-pane">
      <div className="alert-prefs" role="group" aria-label="Alert preferences">
        <label>
          <input type="checkbox" checked={ui.sound} onChange={(e) => timersUiActions.setSound(e.target.checked)} /> Sound
        </label>
        <label>
          <input
            type="checkbox"
            checked={ui.osNotify}
            onChange={(e) => {
              if (!e.target.checked) return timersUiActions.setOsNotify(false);
              void requestOsPermission().then((ok) => {
                timersUiActions.setOsNotify(ok);
                if (!ok) notify('Desktop notifications are not permitted here; the banner will still show.', 'info');
              });
            }}
          />{' '}
          Desktop notifications
        </label>
      </div>

      <section aria-labelledby="tb-diag">
        <h3 id="tb-diag">Diagnosis time-box</h3>
        {box.length === 0 ? <StartForm incidentId={incidentId} kind="diagnosis" /> : <ul className="timer-list">{box.map((t) => <TimerRow key={t.id} t={t} fetchedAt={fetchedAt} />)}</ul>}
      </section>

      <section aria-labelledby="tb-asks">
        <h3 id="tb-asks">
          Asks {asks.some((t) => t.state === 'expired') && <span className="overdue-asks-badge">{asks.filter((t) => t.state === 'expired').length} overdue</span>}
        </h3>
        {asks.length > 0 && <ul className="timer-list">{asks.map((t) => <TimerRow key={t.id} t={t} fetchedAt={fetchedAt} />)}</ul>}
        <StartForm incidentId={incidentId} kind="ask" />
      </section>

      <section aria-labelledby="tb-cadence">
        <div className="section-head">
          <h3 id="tb-cadence">Cadence</h3>
          <span className="spacer" />
          <button type="button" className="small" onClick={() => void startCadence.mutateAsync({ incidentId }).catch((err: unknown) => notify(errorMessage(err), 'error'))}>
            {cadence.length ? 'Re-plan from policy' : 'Start cadence'}
          </button>
          <button type="button" className="small" onClick={() => timersUiActions.openPolicy(true)}>
            Policy…
          </button>
        </div>
        {cadence.length === 0 ? (
          <p className="muted small-text">No cadence timers. Start them from the policy for this incident&rsquo;s severity.</p>
        ) : (
          <ul className="timer-list">{cadence.map((t) => <TimerRow key={t.id} t={t} fetchedAt={fetchedAt} />)}</ul>
        )}
      </section>

      {closed.length > 0 && (
        <section>
          <button type="button" className="linkish" aria-expanded={showClosed} onClick={() => setShowClosed((v) => !v)}>
            {showClosed ? 'Hide' : 'Show'} finished ({closed.length})
          </button>
          {showClosed && <ul className="timer-list finished">{closed.map((t) => <TimerRow key={t.id} t={t} fetchedAt={fetchedAt} />)}</ul>}
        </section>
      )}

      {decisionTimer && <DecisionDialog timer={decisionTimer} onClose={() => timersUiActions.decide(null)} />}
      {ui.policyOpen && <CadencePolicyDialog onClose={() => timersUiActions.openPolicy(false)} />}
    </div>
  );
}
