// The alerts every commander must see whatever pane is open: a banner for boxes at 80% or expired,
// the overdue-asks badge for the incident header, and the sound / OS notification side effects.
import { useEffect, useState } from 'react';
import type { Timer } from '../../../../shared/domain/timers';
import { useApi } from '../../lib/ApiProvider';
import { alertText, beep, osNotify } from './alerts';
import { useTimers } from './queries';
import { currentAlertPrefs, timersUiActions } from './uiStore';

/** Milliseconds left, counted down locally from the server's answer (the server clock is the truth). */
export function useRemaining(t: Timer, fetchedAt: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (t.state === 'resolved' || t.state === 'cancelled') return;
    const h = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(h);
  }, [t.state]);
  return t.remainingMs - (now - fetchedAt);
}

export function formatRemaining(ms: number): string {
  const neg = ms < 0;
  const s = Math.floor(Math.abs(ms) / 1000);
  const mm = Math.floor(s / 60);
  const ss = String(s % 60).padStart(2, '0');
  return neg ? `${mm}:${ss} over` : `${mm}:${ss}`;
}

export function TimeboxBanner({ incidentId }: { incidentId: string }) {
  const api = useApi();
  const timers = useTimers(incidentId);
  const decide = timersUiActions.decide;
  useEffect(
    () =>
      api.subscribe('timers:alerted', (a) => {
        if (a.incidentId !== incidentId) return;
        const ui = currentAlertPrefs();
        if (ui.sound) beep(a.level);
        if (ui.osNotify) osNotify(a);
      }),
    [api, incidentId],
  );
  const list = timers.data?.timers ?? [];
  const diagnosis = list.filter((t) => t.kind === 'diagnosis' && (t.state === 'warning' || t.state === 'expired'));
  const cadenceOverdue = list.filter((t) => t.kind === 'cadence' && t.state === 'expired');
  if (diagnosis.length === 0 && cadenceOverdue.length === 0) return null;
  return (
    <div className="timebox-banners">
      {diagnosis.map((t) => (
        <div key={t.id} className={`timebox-banner ${t.state}`} role={t.state === 'expired' ? 'alert' : 'status'} data-testid={`timebox-banner-${t.state}`}>
          <span className="timebox-banner-icon" aria-hidden="true">
            {t.state === 'expired' ? '⚠' : '◔'}
          </span>
          <span className="timebox-banner-text">
            {alertText({ timerId: t.id, incidentId, kind: t.kind, label: t.label, owner: t.owner, level: t.state === 'expired' ? 'expired' : 'warning', dueAt: t.dueAt })}
          </span>
          <button type="button" className={t.state === 'expired' ? 'primary small' : 'small'} onClick={() => decide(t.id)}>
            Decide…
          </button>
        </div>
      ))}
      {cadenceOverdue.length > 0 && (
        <div className="timebox-banner cadence" role="status">
          <span className="timebox-banner-icon" aria-hidden="true">
            ⚑
          </span>
          <span className="timebox-banner-text">Overdue: {cadenceOverdue.map((t) => t.label).join(', ')}</span>
        </div>
      )}
    </div>
  );
}

/** For the incident header: how many time-boxed asks are overdue (nothing when none). */
export function OverdueAsksBadge({ incidentId }: { incidentId: string }) {
  const timers = useTimers(incidentId);
  const overdue = (timers.data?.timers ?? []).filter((t) => t.kind === 'ask' && t.state === 'expired');
  if (overdue.length === 0) return null;
  const names = overdue.map((t) => `${t.owner ? `${t.owner}: ` : ''}${t.label}`).join('; ');
  return (
    <span className="overdue-asks-badge" role="status" title={names} aria-label={`${overdue.length} overdue ask${overdue.length === 1 ? '' : 's'}: ${names}`} data-testid="overdue-asks">
      ⚑ {overdue.length} overdue ask{overdue.length === 1 ? '' : 's'}
    </span>
  );
}
