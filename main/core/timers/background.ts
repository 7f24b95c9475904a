// Timers in the background: the cadence listeners (severity change → re-plan, resolution → stop) and
// the scheduler that polls deadlines on the injectable clock and pushes warnings.
import type { BackgroundModule } from '../background';
import { startWarroom, type Warroom } from './listeners';

export interface TimersBackground extends BackgroundModule {
  /** Check deadlines now (tests drive a fake clock with it); refused before start. */
  tick(): Promise<unknown[]>;
}

export function timersBackground(opts: { tickMs?: number } = {}): TimersBackground {
  let warroom: Warroom | null = null;
  return {
    name: 'timer scheduler',
    async start(deps) {
      warroom = startWarroom({
        db: deps.db,
        log: deps.log,
        now: deps.now,
        resourcesDir: deps.resourcesDir,
        publish: deps.publish,
        onError: (err) => deps.logger.error(`timer scheduler: ${err instanceof Error ? err.message : String(err)}`),
        ...(opts.tickMs ? { tickMs: opts.tickMs } : {}),
      });
      const started = warroom;
      return {
        stop() {
          started.stop();
          return Promise.resolve();
        },
      };
    },
    tick() {
      if (!warroom) return Promise.reject(new Error('the timer scheduler has not started'));
      return warroom.scheduler.tick();
    },
  };
}
