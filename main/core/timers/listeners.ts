// Timers in the core: the scheduler and the event-log listeners that keep cadence
// timers in step with the incident (severity change → re-plan, resolution → stop), inside the same
// transaction as the change that caused them.
import type { CommandContext } from '../command';
import { incidentsRepo } from '../repositories/incidentsRepo';
import { timersRepo } from '../repositories/timersRepo';
import { projectEntry } from '../timeline/timeline';
import { startTimerScheduler, type SchedulerDeps, type TimerScheduler } from './scheduler';
import { closeAllOpen, planCadence } from './timers';

export interface WarroomDeps extends SchedulerDeps {
  /** Scheduler poll interval in real milliseconds (default 1000). */
  tickMs?: number;
}

export interface Warroom {
  scheduler: TimerScheduler;
  stop(): void;
}

export function startWarroom(deps: WarroomDeps): Warroom {
  const offListener = deps.log.onAppend(async (scope, ev) => {
    if (!ev.incidentId) return;
    if (ev.kind !== 'incident.severity_changed' && ev.kind !== 'incident.status_changed') return;
    // The caller's scope: what the listener changes is announced with the caller's own changes.
    const ctx: CommandContext = { db: scope.db, actor: ev.actor, transport: 'internal', log: deps.log, now: deps.now, changed: scope.changed, resourcesDir: deps.resourcesDir };
    const inc = await incidentsRepo.find(scope.db, ev.incidentId);
    if (!inc) return;
    if (ev.kind === 'incident.severity_changed') {
      if ((await timersRepo.openCadence(scope.db, inc.id)).length === 0) return;
      // The incident row still holds the old severity: the caller updates it after appending.
      const to = ev.payload.to;
      const rows = await planCadence(ctx, inc, to);
      const note = await deps.log.append(scope, { incidentId: inc.id, actor: ev.actor, kind: 'cadence.replanned', payload: { severity: to, timers: rows.map((r) => r.id) } });
      await projectEntry(ctx, note, 'system', `Cadence re-planned for ${to}: ${rows.map((r) => r.label).join(', ') || 'no updates required'}`);
      scope.changed('timers', inc.id);
      return;
    }
    const to = ev.payload.to;
    if (to !== 'resolved' && to !== 'closed') return;
    const closed = await closeAllOpen(scope.db, inc.id, ev.at);
    if (closed.length === 0) return;
    const note = await deps.log.append(scope, { incidentId: inc.id, actor: ev.actor, kind: 'timer.stopped', payload: { timers: closed.map((t) => t.id), reason: to } });
    await projectEntry(ctx, note, 'system', `Stopped ${closed.length} timer${closed.length === 1 ? '' : 's'} (incident ${to})`);
    scope.changed('timers', inc.id);
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
