// War room wiring for the core: the timer scheduler and the event-log listeners that keep cadence
// timers in step with the incident (severity change → re-plan, resolution → stop), inside the same
// transaction as the change that caused them.
import type { PushedEvents } from '../../../shared/events';
import type { Severity } from '../../../shared/domain/incidents';
import type { Database } from '../db/database';
import { incidentsRepo } from '../repositories/incidentsRepo';
import { timersRepo } from '../repositories/timersRepo';
import type { CommandContext } from '../services/context';
import type { EventLog } from '../services/eventLog';
import { projectEntry } from '../services/timeline';
import { startTimerScheduler, type TimerScheduler } from './scheduler';
import { closeAllOpen, planCadence } from './timers';

export { startTimerScheduler } from './scheduler';
export type { TimerScheduler } from './scheduler';

export interface WarroomDeps {
  db: Database;
  log: EventLog;
  now: () => number;
  resourcesDir: string;
  publish<E extends 'timers:alerted' | 'db:changed'>(event: E, data: PushedEvents[E]): void;
  onError?(err: unknown): void;
  /** Scheduler poll interval in real milliseconds (default 1000). */
  tickMs?: number;
}

export interface Warroom {
  scheduler: TimerScheduler;
  stop(): void;
}

export function startWarroom(deps: WarroomDeps): Warroom {
  const offListener = deps.log.onAppend(async (tx, ev) => {
    if (!ev.incidentId) return;
    if (ev.kind !== 'incident.severity_changed' && ev.kind !== 'incident.status_changed') return;
    const ctx: CommandContext = { db: tx, actor: ev.actor, transport: 'internal', log: deps.log, now: deps.now, changed: () => undefined, resourcesDir: deps.resourcesDir };
    const inc = await incidentsRepo.find(tx, ev.incidentId);
    if (!inc) return;
    if (ev.kind === 'incident.severity_changed') {
      if ((await timersRepo.openCadence(tx, inc.id)).length === 0) return;
      // The incident row still holds the old severity: the caller updates it after appending.
      const to = (ev.payload as { to: Severity }).to;
      const rows = await planCadence(ctx, inc, to);
      const note = await deps.log.append(tx, { incidentId: inc.id, actor: ev.actor, kind: 'cadence.replanned', payload: { severity: to, timers: rows.map((r) => r.id) } });
      await projectEntry(ctx, note, 'system', `Cadence re-planned for ${to}: ${rows.map((r) => r.label).join(', ') || 'no updates required'}`);
      return;
    }
    const to = (ev.payload as { to: string }).to;
    if (to !== 'resolved' && to !== 'closed') return;
    const closed = await closeAllOpen(tx, inc.id, ev.at);
    if (closed.length === 0) return;
    const note = await deps.log.append(tx, { incidentId: inc.id, actor: ev.actor, kind: 'timer.stopped', payload: { timers: closed.map((t) => t.id), reason: to } });
    await projectEntry(ctx, note, 'system', `Stopped ${closed.length} timer${closed.length === 1 ? '' : 's'} (incident ${to})`);
  });
  const scheduler = startTimerScheduler(deps, deps.tickMs ?? 1000);
  return {
    scheduler,
    stop() {
      offListener();
      scheduler.stop();
    },
  };
}
