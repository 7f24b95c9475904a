// Bridges from core events to the desktop: OS notifications for time-boxes, and the external-link
// allow-list extended with the hosts of the catalog's runbooks (the user imported them on purpose,
// so "Open runbook" must work for an internal wiki too; everything else stays allow-listed only).
import type { Core } from '../core';
import type { PushedEnvelope } from '../../shared/events';
import type { TimerAlert } from '../../shared/domain/timers';
import type { Notifier } from './notifications';
import { formatClock, UTC } from '../../shared/time';

export function timerNotification(a: TimerAlert): { title: string; body: string; urgency: 'normal' | 'critical' } {
  const who = a.owner ? ` (${a.owner})` : '';
  if (a.level === 'expired') {
    const body =
      a.kind === 'diagnosis'
        ? 'The time-box has run out: record a decision — extend with a reason, switch hypothesis, or escalate.'
        : a.kind === 'ask'
          ? 'The ask is overdue: follow up now.'
          : 'The update is due now.';
    return { title: `Expired: ${a.label}${who}`, body, urgency: 'critical' };
  }
  return { title: `80% elapsed: ${a.label}${who}`, body: `Due at ${formatClock(Date.parse(a.dueAt), UTC)}. Prepare the decision.`, urgency: 'normal' };
}

/** Show an OS notification for each time-box warning and expiry. Returns an unsubscribe. */
export function bridgeTimerNotifications(core: Pick<Core, 'subscribe'>, notifier: Notifier, onClick: () => void): () => void {
  return core.subscribe((e: PushedEnvelope) => {
    if (e.event !== 'timers:alerted') return;
    notifier.notify({ ...timerNotification(e.data as TimerAlert), onClick });
  });
}

/** https hosts of every runbook in the service catalog. */
export async function runbookHosts(core: Pick<Core, 'dispatch'>): Promise<string[]> {
  const res = await core.dispatch('catalog:graph', {}, { transport: 'app' });
  const services = res.ok ? (res.data as { services?: unknown } | null)?.services : undefined;
  if (!Array.isArray(services)) return [];
  const hosts = new Set<string>();
  for (const s of services as Array<{ runbookUrl?: unknown }>) {
    if (typeof s?.runbookUrl !== 'string') continue;
    try {
      const u = new URL(s.runbookUrl);
      if (u.protocol === 'https:' && !u.username && !u.password) hosts.add(u.hostname.toLowerCase());
    } catch {
      // Not a URL: the catalog import already reports it; nothing to allow.
    }
  }
  return [...hosts].sort();
}

/** Keep the allow-list = defaults + runbook hosts, refreshed whenever the catalog changes. */
export function bridgeRunbookHosts(core: Pick<Core, 'dispatch' | 'subscribe'>, defaults: readonly string[], apply: (hosts: readonly string[]) => void): () => void {
  // A failed refresh keeps the previous list; it must never become an unhandled rejection.
  const refresh = () => void runbookHosts(core).then((hosts) => apply([...defaults, ...hosts]), () => undefined);
  refresh();
  return core.subscribe((e: PushedEnvelope) => {
    if (e.event === 'db:changed' && (e.data as { domains: string[] }).domains.includes('catalog')) refresh();
  });
}
