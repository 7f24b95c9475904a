// Sync in the background: the routing rules write outbox rows inside each event's transaction, and the
// engine (when this process runs one) delivers the outbox, reloads on configuration changes, wakes on
// any other change and pushes `sync:status`.
import type { PushedEnvelope } from '../../../shared/events';
import type { BackgroundModule } from '../background';
import type { KeyStore } from '../keystore/keyStore';
import { SyncEngine, type SyncEngineOptions } from './engine';
import type { SyncRouter } from './router';

export interface SyncBackgroundOptions {
  router: SyncRouter;
  keyStore: KeyStore | null;
  /** False: route into the outbox but deliver nothing from this process (e.g. a test driving its own engine). */
  deliver: boolean;
  engine?: Omit<SyncEngineOptions, 'db' | 'keyStore' | 'onStatus'>;
}

export interface SyncBackground extends BackgroundModule {
  /** The running engine, null before start or when this process does not deliver. */
  engine(): SyncEngine | null;
}

export function syncBackground(opts: SyncBackgroundOptions): SyncBackground {
  let engine: SyncEngine | null = null;
  return {
    name: 'sync',
    async start(deps) {
      const offRouter = deps.log.onAppend(opts.router.onAppend);
      if (!opts.deliver) {
        return {
          stop() {
            offRouter();
            return Promise.resolve();
          },
        };
      }
      const started = new SyncEngine({
        ...opts.engine,
        db: deps.db,
        keyStore: opts.keyStore,
        logger: opts.engine?.logger ?? deps.logger,
        onStatus: (st) => {
          deps.publish('sync:status', st);
          deps.publish('db:changed', { domains: ['outbox', 'integrations'] });
        },
      });
      const offChanges = deps.subscribe((e: PushedEnvelope) => {
        if (e.event !== 'db:changed') return;
        const n = e.data;
        if (n.domains.includes('integrations') && !n.domains.includes('outbox')) started.reload();
        else if (!(n.domains.length <= 2 && n.domains.every((d) => d === 'outbox' || d === 'integrations'))) started.wake();
      });
      engine = started;
      await started.start();
      return {
        async stop() {
          offChanges();
          offRouter();
          await started.stop();
        },
      };
    },
    engine: () => engine,
  };
}
