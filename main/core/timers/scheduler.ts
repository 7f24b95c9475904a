// The timer scheduler: polls stored deadlines against the injectable clock and records, once, that a
// timer crossed 80% or its deadline, then tells clients. Polling (rather than one setTimeout per
// timer) is what makes sleep and clock changes harmless: every tick compares deadlines with "now".
import type { PushedEvents } from '../../../shared/events';
import { WARN_FRACTION, type TimerAlert } from '../../../shared/domain/timers';
import type { Database } from '../db/database';
import { timersRepo } from '../repositories/timersRepo';
import type { CommandContext } from '../command';
import type { EventLog } from '../events/eventLog';
import { ChangeSet } from '../events/changes';
import { projectEntry } from '../timeline/timeline';
import { formatClock, UTC } from '../../../shared/time';

export interface SchedulerDeps {
  db: Database;
  log: EventLog;
  now: () => number;
  resourcesDir: string;
  publish<E extends 'timers:alerted' | 'db:changed'>(event: E, data: PushedEvents[E]): void;
  onError?(err: unknown): void;
}

export interface TimerScheduler {
  /** Check every deadline now; resolves with the alerts raised. */
  tick(): Promise<TimerAlert[]>;
  stop(): void;
}

// Readings in recorded text name their zone; the renderer shows them in the zone its user chose.
const fmtTime = (ms: number) => formatClock(ms, UTC);

const EXPIRY_TEXT = {
  diagnosis: (label: string) => `Diagnosis box expired: “${label}”. The IC must decide: extend (with a reason), switch hypothesis or escalate.`,
  ask: (label: string, owner: string | null) => `Ask overdue${owner ? ` (${owner})` : ''}: “${label}”`,
  cadence: (label: string) => `Cadence overdue: ${label}`,
} as const;

export function startTimerScheduler(deps: SchedulerDeps, intervalMs = 1000): TimerScheduler {
  let running: Promise<TimerAlert[]> | null = null;
  let stopped = false;

  async function check(): Promise<TimerAlert[]> {
    const nowMs = deps.now();
    const due = await timersRepo.needingAttention(deps.db.reader, nowMs, WARN_FRACTION);
    const alerts: TimerAlert[] = [];
    for (const candidate of due) {
      if (stopped) break;
      const changes = new ChangeSet();
      const alert = await deps.db.queue.transaction(async (tx) => {
        changes.clear();
        // Re-read inside the transaction: a decision may have landed since the read above.
        const t = await timersRepo.get(tx, candidate.id);
        if (!t || t.state !== 'open') return null;
        const now = deps.now();
        const at = new Date(now).toISOString();
        const ctx: CommandContext = {
          db: tx,
          actor: 'system',
          transport: 'scheduler',
          log: deps.log,
          now: deps.now,
          changed: changes.add,
          resourcesDir: deps.resourcesDir,
        };
        if (now >= t.due_ms && t.expired_at === null) {
          if (!(await timersRepo.markExpired(tx, t.id, at))) return null;
          const ev = await deps.log.append(ctx, { incidentId: t.incident_id, actor: 'system', kind: 'timer.expired', payload: { timerId: t.id, dueAt: new Date(t.due_ms).toISOString() } });
          await projectEntry(ctx, ev, 'system', t.kind === 'ask' ? EXPIRY_TEXT.ask(t.label, t.owner) : EXPIRY_TEXT[t.kind](t.label));
          changes.add('timers', t.incident_id);
          changes.add('timeline', t.incident_id);
          return { level: 'expired' as const, t };
        }
        if (now >= t.started_ms + (t.due_ms - t.started_ms) * WARN_FRACTION && t.warned_at === null) {
          if (!(await timersRepo.markWarned(tx, t.id, at))) return null;
          // Logged for replay and metrics, but kept off the timeline: the expiry is what matters there.
          await deps.log.append(ctx, { incidentId: t.incident_id, actor: 'system', kind: 'timer.warned', payload: { timerId: t.id, dueAt: new Date(t.due_ms).toISOString(), at: fmtTime(now) } });
          changes.add('timers', t.incident_id);
          return { level: 'warning' as const, t };
        }
        return null;
      });
      if (!alert) continue;
      const a: TimerAlert = {
        timerId: alert.t.id,
        incidentId: alert.t.incident_id,
        kind: alert.t.kind,
        label: alert.t.label,
        owner: alert.t.owner,
        level: alert.level,
        dueAt: new Date(alert.t.due_ms).toISOString(),
      };
      alerts.push(a);
      for (const n of changes.notices()) deps.publish('db:changed', n);
      deps.publish('timers:alerted', a);
    }
    return alerts;
  }

  const tick = (): Promise<TimerAlert[]> => {
    // Never overlap: a slow disk must not make two ticks record the same threshold twice.
    if (running) return running;
    running = check().finally(() => {
      running = null;
    });
    return running;
  };

  const handle = setInterval(() => {
    if (stopped) return;
    tick().catch((err) => deps.onError?.(err));
  }, intervalMs);
  handle.unref?.();

  return {
    tick,
    stop() {
      stopped = true;
      clearInterval(handle);
    },
  };
}
