// What reached the integrations for one incident, in the core's own words (sync:coverage): sent,
// nothing to send, or not routed and why, with the catch-up actions that fix a gap. The same answer
// feeds the Outbox pane, the status bar item and the incident header's "Nobody paged" badge, so the
// three never disagree.
import { ACTIVE_STATUSES, type Incident } from '../../../../shared/domain/incidents';
import { VENDOR_NAMES, type CatchUpOffer, type CoverageVerdict } from '../../../../shared/domain/sync';
import { paneRequestActions } from '../../lib/paneRequests';
import { useCommand } from '../../lib/queries';
import { toastActions } from '../../lib/toasts';
import { errorMessage } from '../../ui/errors';
import { useCoverage } from './queries';
import './outbox.css';

/** The status bar's word for a verdict. */
const VERDICT_WORD: Record<CoverageVerdict, string> = {
  not_routed: 'not routed',
  failed: 'needs attention',
  pending: 'waiting to send',
  sent: 'sent',
  nothing_to_send: 'nothing to send',
};

/** Catch up one incident (an offer) or every offered incident of one integration. */
function useCatchUp() {
  const catchUp = useCommand('integrations:catch-up');
  async function run(integration: string, incidentIds: string[] | undefined, what: string): Promise<void> {
    try {
      const res = await catchUp.mutateAsync({ integration, ...(incidentIds ? { incidentIds } : {}) });
      const n = res.queued.length;
      if (n > 0) toastActions.notify(`${what}: queued ${res.queued.map((q) => q.humanId).join(', ')} for ${integration}.`, 'success');
      else toastActions.notify(`Nothing to catch up at ${integration}${res.skipped[0] ? `: ${res.skipped[0].reason}` : ''}.`, 'info');
    } catch (err) {
      toastActions.notify(errorMessage(err), 'error');
    }
  }
  return { run, pending: catchUp.isPending };
}

export function CatchUpButton({ offer, className = 'small' }: { offer: CatchUpOffer; className?: string }) {
  const { run, pending } = useCatchUp();
  return (
    <button type="button" className={className} disabled={pending} title={`Queues: ${offer.operations.join(', ')}`} onClick={() => void run(offer.integration, [offer.incidentId], offer.label)}>
      {offer.label}
    </button>
  );
}

export function CatchUpAllButton({ integration, count }: { integration: string; count: number }) {
  const { run, pending } = useCatchUp();
  return (
    <button type="button" className="small" disabled={pending || count === 0} onClick={() => void run(integration, undefined, `Caught up ${integration}`)}>
      Catch up all ({count})
    </button>
  );
}

/** The Outbox's top line for one incident, with one line per integration and the actions a gap needs. */
export function SyncCoverageSummary({ incidentId }: { incidentId: string }) {
  const cov = useCoverage(incidentId);
  const c = cov.data;
  if (!c) return null;
  return (
    <section className={`sync-coverage verdict-${c.verdict}`} data-testid="sync-coverage" data-verdict={c.verdict} aria-label={`What reached the integrations for ${c.humanId}`}>
      <p className="sync-coverage-head" role="status">
        {c.headline}
      </p>
      {c.integrations.length > 0 && (
        <ul className="sync-coverage-list">
          {c.integrations.map((i) => (
            <li key={i.integration} data-testid={`coverage-${i.integration}`}>
              <strong>{i.integration}</strong>{' '}
              <span className="muted">
                {VENDOR_NAMES[i.kind]}
                {i.enabled ? '' : ' · disabled'} · {i.opened ? 'opened' : 'not opened'} · {i.routedEvents} event{i.routedEvents === 1 ? '' : 's'} routed
                {i.pending ? ` · ${i.pending} waiting` : ''}
                {i.delivered ? ` · ${i.delivered} delivered` : ''}
                {i.dead ? ` · ${i.dead} need attention` : ''}
              </span>
              {i.offer && <CatchUpButton offer={i.offer} />}
            </li>
          ))}
        </ul>
      )}
      {c.integrations.length === 0 && (
        <button type="button" className="small" onClick={() => paneRequestActions.open('integrations')}>
          Configure an integration…
        </button>
      )}
    </section>
  );
}

/** Status bar item: the open incident's sync truth in two words; the tooltip is the whole sentence. */
export function SyncCoverageStatus({ incidentId, onOpen }: { incidentId: string | null; onOpen?: () => void }) {
  const cov = useCoverage(incidentId);
  const c = cov.data;
  if (!incidentId || !c) return null;
  return (
    <button
      type="button"
      className={`status-item sync-coverage-status verdict-${c.verdict}`}
      data-testid="sync-coverage-status"
      data-verdict={c.verdict}
      title={c.headline}
      aria-label={`${c.humanId} sync: ${c.headline}. Open the Outbox`}
      onClick={onOpen ?? (() => paneRequestActions.open('outbox'))}
    >
      {c.humanId}: {VERDICT_WORD[c.verdict]}
    </button>
  );
}

/**
 * For the incident header: an active, real incident that pages nobody says so, with what fixes it
 * (page now through a pager that never opened it, or configure one). Nothing otherwise.
 */
export function NobodyPagedBadge({ incident }: { incident: Pick<Incident, 'id' | 'mode' | 'status'> }) {
  const cov = useCoverage(incident.id);
  const p = cov.data?.paging;
  if (!p || p.paged || incident.mode === 'exercise' || !ACTIVE_STATUSES.includes(incident.status)) return null;
  return (
    // One line in the header whatever the reason's length: a taller header would take rows from the panes.
    <span className="nobody-paged-badge" role="status" data-testid="nobody-paged" title={`Nobody paged — ${p.reason}`}>
      <span className="nobody-paged-text">
        <span aria-hidden="true">⚠ </span>Nobody paged<span className="sr-only"> — {p.reason}</span>
      </span>
      {p.offer ? (
        <CatchUpButton offer={p.offer} className="small nobody-paged-action" />
      ) : (
        // A short visible label so "Nobody paged" itself is never covered in a narrow header; the
        // accessible name says what it is for.
        <button type="button" className="small nobody-paged-action" aria-label={p.integrations === 0 ? 'Configure paging…' : 'Review paging rules…'} onClick={() => paneRequestActions.open('integrations')}>
          {p.integrations === 0 ? 'Configure…' : 'Review rules…'}
        </button>
      )}
    </span>
  );
}
