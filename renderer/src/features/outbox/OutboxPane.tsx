// The outbox: what is waiting to reach integrations (with the next attempt time), what needs a
// person (with the vendor's reason), and what was delivered. Retry and discard are recorded on the
// incident's timeline by the core.
import { useState } from 'react';
import type { CoverageVerdict, OutboxItem } from '../../../../shared/domain/sync';
import { toastActions } from '../../lib/toasts';
import type { PaneProps } from '../../lib/workbench';
import { useCommand } from '../../lib/queries';
import { errorMessage } from '../../ui/errors';
import { RelativeTime, UntilTime, useTimeFormat } from '../../ui/time';
import { count } from '../../../../shared/format';
import { SyncCoverageSummary } from './Coverage';
import { OfflineBanner } from './OfflineBanner';
import { useCoverage, useOutbox, useSyncStatus, type OutboxView } from './queries';
import { BLOCKS_STREAM, linkWord, STATE_WORD } from './words';
import './outbox.css';

/**
 * What an empty list may claim. "Everything has been sent" only when the core says so for this
 * incident: an event that reached no integration is not "sent".
 */
function emptyWords(view: OutboxView, verdict: CoverageVerdict | undefined, allIncidents: boolean): string {
  if (view === 'dead') return 'Nothing needs attention.';
  if (view === 'delivered') return 'Nothing delivered yet.';
  if (allIncidents) return 'Nothing waiting for any incident.';
  switch (verdict) {
    case 'sent':
      return 'Nothing waiting: everything has been sent.';
    case 'nothing_to_send':
      return 'Nothing waiting: nothing to send.';
    case 'not_routed':
      return 'Nothing waiting, but not everything was routed: see above.';
    case 'failed':
      return 'Nothing waiting; some items need attention.';
    default:
      return 'Nothing waiting.';
  }
}

const VIEWS: Array<{ id: OutboxView; label: string }> = [
  { id: 'waiting', label: 'Waiting' },
  { id: 'dead', label: 'Needs attention' },
  { id: 'delivered', label: 'Delivered' },
];

function Row({ item }: { item: OutboxItem }) {
  const { notify } = toastActions;
  const fmt = useTimeFormat();
  const retry = useCommand('outbox:retry');
  const discard = useCommand('outbox:discard');
  const [discarding, setDiscarding] = useState(false);
  const [reason, setReason] = useState('');
  const canAct = item.state === 'dead' || item.state === 'failed' || item.state === 'pending';
  async function doRetry() {
    try {
      await retry.mutateAsync({ id: item.id });
      notify(`Retrying: ${item.summary}`, 'success');
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  }
  async function doDiscard(e: React.FormEvent) {
    e.preventDefault();
    try {
      await discard.mutateAsync({ id: item.id, reason });
      setDiscarding(false);
      notify(`Discarded: ${item.summary}`, 'info');
    } catch (err) {
      notify(errorMessage(err), 'error');
    }
  }
  return (
    <li className={`outbox-row state-${item.state}`} data-testid="outbox-row" data-state={item.state} data-integration={item.integration}>
      <div className="outbox-main">
        <span className={`outbox-state state-${item.state}`}>{STATE_WORD[item.state]}</span>
        <span className="outbox-summary">{item.summary}</span>
        <span className="muted outbox-target">
          → {item.integration}
          {item.incidentHumanId ? ` · ${item.incidentHumanId}` : ''}
        </span>
      </div>
      <div className="outbox-detail muted">
        {item.state === 'failed' && item.nextAttemptAt && (
          <span>
            Attempt {item.attempts} failed; next attempt <UntilTime iso={item.nextAttemptAt} />.{' '}
          </span>
        )}
        {item.state === 'pending' && <span>
            Queued <RelativeTime iso={item.createdAt} />
            {item.attempts > 0 ? `, ${count(item.attempts, 'attempt')} so far` : ''}.{' '}
          </span>}
        {item.state === 'delivered' && item.deliveredAt && <span>
            Delivered <time dateTime={item.deliveredAt}>{fmt.absolute(item.deliveredAt)}</time> (HTTP {item.lastStatus}).{' '}
          </span>}
        {item.lastError && item.state !== 'delivered' && <span className={item.state === 'dead' ? 'outbox-reason' : ''}>{item.state === 'dead' ? 'Reason: ' : 'Last error: '}{item.lastError}</span>}
        {item.state === 'dead' && item.incidentId && <span> {BLOCKS_STREAM}</span>}
      </div>
      {canAct && !discarding && (
        <div className="outbox-actions">
          <button type="button" className="small" onClick={() => void doRetry()} disabled={retry.isPending}>
            {item.state === 'dead' ? 'Retry' : 'Retry now'}
          </button>
          <button type="button" className="small" onClick={() => setDiscarding(true)}>
            Discard…
          </button>
        </div>
      )}
      {discarding && (
        <form className="outbox-discard" onSubmit={(e) => void doDiscard(e)}>
          <label>
            Why will this not be sent?{' '}
            <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} autoFocus placeholder="e.g. paged by phone instead" />
          </label>
          <button type="submit" className="small danger" disabled={!reason.trim() || discard.isPending}>
            Discard
          </button>
          <button type="button" className="small" onClick={() => setDiscarding(false)}>
            Cancel
          </button>
        </form>
      )}
    </li>
  );
}

export function OutboxPane({ incidentId }: PaneProps) {
  const [view, setView] = useState<OutboxView>('waiting');
  const [allIncidents, setAllIncidents] = useState(false);
  const items = useOutbox(view, allIncidents ? null : incidentId);
  const sync = useSyncStatus();
  const coverage = useCoverage(incidentId);
  return (
    <section className="outbox-pane" aria-label="Outbox">
      <OfflineBanner />
      <div className="outbox-toolbar">
        <div role="tablist" aria-label="Outbox items">
          {VIEWS.map((v) => (
            <button key={v.id} type="button" role="tab" aria-selected={view === v.id} className={view === v.id ? 'tab active' : 'tab'} onClick={() => setView(v.id)}>
              {v.label}
              {v.id === 'dead' && (sync.data?.dead ?? 0) > 0 ? ` (${sync.data?.dead})` : ''}
              {v.id === 'waiting' && (sync.data?.pending ?? 0) > 0 ? ` (${sync.data?.pending})` : ''}
            </button>
          ))}
        </div>
        <label className="outbox-scope">
          <input type="checkbox" checked={allIncidents} onChange={(e) => setAllIncidents(e.target.checked)} /> All incidents
        </label>
      </div>
      {!allIncidents && <SyncCoverageSummary incidentId={incidentId} />}
      {sync.data && sync.data.integrations.length > 0 && (
        <ul className="outbox-integrations" aria-label="Integrations">
          {sync.data.integrations.map((i) => (
            <li key={i.name} className={`link-${i.state}`}>
              <span className="dot" aria-hidden="true" /> <strong>{i.name}</strong> {linkWord(i)} · last synced {i.lastSyncedAt ? <RelativeTime iso={i.lastSyncedAt} /> : 'never'}
              {i.pausedUntil ? (
                <>
                  {' '}
                  · next try <UntilTime iso={i.pausedUntil} />
                </>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      )}
      {items.isError && <div className="form-error" role="alert">{errorMessage(items.error)}</div>}
      {items.data && items.data.length === 0 && <p className="muted outbox-empty">{emptyWords(view, coverage.data?.verdict, allIncidents)}</p>}
      <ul className="outbox-list" data-testid={`outbox-${view}`}>
        {items.data?.map((item) => <Row key={item.id} item={item} />)}
      </ul>
    </section>
  );
}
