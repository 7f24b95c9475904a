// The one shape of a domain's background work (a scheduler, a delivery engine, a seal timer, a vault
// that must be checked before the first command): start(deps) → stop(). createCore starts the
// modules in order and stops them in the reverse order, so a module may rely on the ones before it.
import type { PushedEnvelope, PushedEventName, PushedEvents } from '../../shared/events';
import type { Database } from './db/database';
import type { EventLog } from './events/eventLog';
import type { Logger } from './logger';

/** What every background module may use; anything domain-specific is given to its factory. */
export interface BackgroundDeps {
  readonly dataDir: string;
  readonly db: Database;
  readonly log: EventLog;
  readonly now: () => number;
  readonly resourcesDir: string;
  readonly logger: Logger;
  publish<E extends PushedEventName>(event: E, data: PushedEvents[E]): void;
  subscribe(listener: (e: PushedEnvelope) => void): () => void;
}

export interface Running {
  /** Stop and wait for the work in hand; never throws (a failure is logged). */
  stop(): Promise<void>;
}

export interface BackgroundModule {
  /** Names the module in log lines. */
  readonly name: string;
  start(deps: BackgroundDeps): Promise<Running>;
}

/**
 * Start the modules one after the other. If one refuses to start, the ones already running are
 * stopped again and the error is thrown, so a refused start leaves nothing behind.
 */
export async function startBackground(modules: readonly BackgroundModule[], deps: BackgroundDeps): Promise<Running> {
  const running: Array<{ name: string; run: Running }> = [];
  const stopAll = async () => {
    for (const { name, run } of running.splice(0).reverse()) {
      try {
        await run.stop();
      } catch (err) {
        deps.logger.error(`${name}: stopping failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  try {
    for (const m of modules) running.push({ name: m.name, run: await m.start(deps) });
  } catch (err) {
    await stopAll();
    throw err;
  }
  return { stop: stopAll };
}
