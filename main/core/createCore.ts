// The engine's one public entry: open the database, wire the dispatcher, push change events.
// Plain Node: runs in vitest, in the browser host and inside Electron's main process unchanged.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandInput, CommandName, CommandResult } from '../../shared/contract';
import type { PushedEnvelope, PushedEventName, PushedEvents } from '../../shared/events';
import { AppError, type ErrorCode, type Result } from '../../shared/errors';
import { decodeHlc, HybridClock } from '../../shared/hlc';
import { openDatabase, type Database } from './db/database';
import { acquireDataDirLock, type DataDirLock } from './db/dataDirLock';
import { ensureDataDir, secureDataDir } from './paths';
import { Dispatcher, type DispatchOptions } from './dispatcher';
import { createHandlers } from './handlers';
import { allowLocalProfile, type Authorizer } from './policy/authorize';
import { eventsRepo } from './repositories/eventsRepo';
import { profileRepo } from './repositories/profileRepo';
import { metaRepo } from './repositories/metaRepo';
import { AuditChain } from './audit/auditChain';
import { IntegritySeal } from './audit/integrity';
import { IntegrityKeys } from './audit/integrityKeys';
import { EventLog } from './events/eventLog';
import type { Logger } from './logger';
import { silentLogger } from './logger';
// War room (issue 4): timer scheduler and cadence listeners.
import { startWarroom } from './timers/listeners';
// Sync (issue 5): routing rules, the outbox engine.
import { SyncEngine, type SyncEngineOptions } from './sync/engine';
import { SyncRouter } from './sync/router';
import type { SyncRuntime } from './sync/sync';
// Artifact vault and key stores (issue 6); sync (issue 5) uses KeyStore too.
import type { KeyStore } from './keystore/keyStore';
import { selectKeyStores, type KeyStores } from './keystore/selectKeyStore';
import { Vault } from './vault/vault';

export interface CoreOptions {
  dataDir: string;
  /** Wall clock in ms; injectable so timing logic is testable with a fake clock. */
  now?: () => number;
  resourcesDir?: string;
  authorize?: Authorizer;
  logger?: Logger;
  /** War room timer scheduler poll interval in real ms (default 1000; fast clocks want less). */
  timerTickMs?: number;
  /** Sync (issue 5): where integration secrets live, engine tuning, and whether to run the engine here. */
  sync?: {
    keyStore?: KeyStore | null;
    /** Default true: the outbox engine runs in this process and stops on close. */
    start?: boolean;
    engine?: Omit<SyncEngineOptions, 'db' | 'keyStore' | 'onStatus'>;
  };
  /**
   * Key store to prefer for secrets and the vault master key (Electron passes its safeStorage store).
   * Undefined: probe keytar / Secret Service. null: no OS key store (passphrase only), e.g. in tests.
   */
  keyStore?: KeyStore | null;
}

export interface Core {
  readonly dataDir: string;
  readonly db: Database;
  readonly nodeId: string;
  /** The event log; features subscribe with log.onAppend to act inside the event's transaction. */
  readonly log: EventLog;
  readonly resourcesDir: string;
  readonly now: () => number;
  /** Parse, authorize, run and audit one command from any transport. Never throws. */
  dispatch(name: string, input: unknown, opts?: DispatchOptions): Promise<Result<unknown>>;
  /** Audit a command a transport refused before dispatching it (see Dispatcher.auditRefusal). Never throws. */
  auditRefusal(name: CommandName, input: unknown, code: ErrorCode, opts?: DispatchOptions): Promise<void>;
  /** Typed convenience for in-process callers; throws AppError on failure. */
  invoke<N extends CommandName>(name: N, input: CommandInput<N>, opts?: DispatchOptions): Promise<CommandResult<N>>;
  subscribe(listener: (e: PushedEnvelope) => void): () => void;
  publish<E extends PushedEventName>(event: E, data: PushedEvents[E]): void;
  close(): Promise<void>;
  /** War room timer scheduler; tests call tick() to check deadlines at a fake clock's time. */
  readonly timers: { tick(): Promise<unknown[]> };
  /** Sync (issue 5): the outbox engine (null when started with sync.start false). */
  readonly sync: { readonly engine: SyncEngine | null; readonly router: SyncRouter };
  /** Key stores on this machine: `selected` holds integration secrets; the vault uses system or passphrase. */
  readonly keyStores: KeyStores;
  /** The artifact vault (the browser host's streaming routes use it directly). */
  readonly vault: Vault;
  /** Keyed checkpoints and head seal of the audit and custody logs; flush() seals what is committed. */
  readonly integrity: IntegritySeal;
}

export function defaultResourcesDir(): string {
  // Source layout (tsx/vitest): main/core → ../../resources. Built layout sets resourcesDir explicitly.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources');
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  // The folder's lock comes before anything reads or writes in it (the database, the vault's temp
  // cleanup): a refused start must leave the running holder's files exactly as they are.
  ensureDataDir(opts.dataDir);
  const lock = await acquireDataDirLock(opts.dataDir);
  try {
    secureDataDir(opts.dataDir);
    return await startCore(opts, lock);
  } catch (err) {
    await lock.release().catch(() => undefined);
    throw err;
  }
}

async function startCore(opts: CoreOptions, lock: DataDirLock): Promise<Core> {
  const now = opts.now ?? Date.now;
  const logger = opts.logger ?? silentLogger;
  const db = await openDatabase(opts.dataDir);
  try {
    return await wireCore(opts, lock, db, now, logger);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

async function wireCore(opts: CoreOptions, lock: DataDirLock, db: Database, now: () => number, logger: Logger): Promise<Core> {
  if (db.quarantined) logger.warn(`Damaged database moved aside to ${db.quarantined}; a new one was created.`);

  let nodeId = await metaRepo.get(db.reader, 'node_id');
  if (!nodeId) {
    nodeId = randomBytes(6).toString('hex');
    const id = nodeId;
    await db.queue.transaction((tx) => metaRepo.set(tx, 'node_id', id));
  }
  const lastHlc = await eventsRepo.latestHlc(db.reader);
  const clock = new HybridClock(nodeId, now, lastHlc ? { ...decodeHlc(lastHlc), node: nodeId } : undefined);
  const log = new EventLog(clock, now);

  const resourcesDir = opts.resourcesDir ?? defaultResourcesDir();
  let handle = (await profileRepo.get(db.reader))?.handle ?? null;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const publish = <E extends PushedEventName>(event: E, data: PushedEvents[E]) => emitter.emit('event', { event, data });

  const keyStores = await selectKeyStores({ dataDir: opts.dataDir, ...(opts.keyStore !== undefined ? { preferred: opts.keyStore } : {}) });
  const vault = new Vault({ dataDir: opts.dataDir, db, keyStores, now, logger });
  try {
    await vault.init();
  } catch (err) {
    // A vault that refuses to start (a symlinked folder, a damaged vault.json) stops the core.
    await db.close().catch(() => undefined);
    throw err;
  }

  // Sync (issue 5): routing rules write outbox rows inside each event's transaction.
  const syncRouter = new SyncRouter();
  log.onAppend(syncRouter.onAppend);
  let syncEngine: SyncEngine | null = null;
  const syncRuntime: SyncRuntime = { router: syncRouter, engine: () => syncEngine, keyStore: opts.sync?.keyStore ?? keyStores.selected, onSettle: (hook) => db.queue.onSettle(hook) };

  // Keyed checkpoints and the head seal of the audit and custody logs: checked against the database
  // before the first command, then written shortly after commits (never inside a command).
  const audit = await AuditChain.load(db.reader, db.queue);
  const integrity = new IntegritySeal({ dataDir: opts.dataDir, db, audit, keys: new IntegrityKeys(keyStores), now, logger, replacedDatabase: db.quarantined });
  await integrity.start();
  audit.onCommitted(() => integrity.schedule());

  const dispatcher = new Dispatcher({
    db,
    handlers: createHandlers({ dataDir: opts.dataDir, storageNotice: db.quarantined ? `The database was damaged and has been moved aside to ${db.quarantined}; a new one was created.` : null, vault, sync: syncRuntime, integrity }),
    authorize: opts.authorize ?? allowLocalProfile,
    audit,
    log,
    now,
    resourcesDir,
    actor: () => handle,
    onCommitted: (notices, command, data) => {
      if (command === 'profile:set') handle = (data as { handle: string }).handle;
      for (const n of notices) publish('db:changed', n);
    },
    onInternalError: (command, err) => logger.error(`command ${command} failed: ${err instanceof Error ? err.message : String(err)}`),
  });

  // War room: polls timer deadlines on the injectable clock and publishes warnings; stopped on close.
  const warroom = startWarroom({ db, log, now, resourcesDir, publish, onError: (err) => logger.error(`timer scheduler: ${err instanceof Error ? err.message : String(err)}`), ...(opts.timerTickMs ? { tickMs: opts.timerTickMs } : {}) });

  // Commands still running when close() is called finish first; new ones are refused with a typed
  // error, so a shell quitting right after launch never closes the database under a running query.
  let closing = false;
  const running = new Set<Promise<Result<unknown>>>();
  const dispatch = (name: string, input: unknown, o: DispatchOptions = { transport: 'in-process' }): Promise<Result<unknown>> => {
    if (closing) return Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'Command Post is shutting down; the command was not run.' } });
    const p = dispatcher.dispatch(name, input, o);
    running.add(p);
    void p.finally(() => running.delete(p));
    return p;
  };

  // Sync (issue 5): the engine delivers the outbox from this process and pushes `sync:status`.
  if (opts.sync?.start !== false) {
    syncEngine = new SyncEngine({
      ...opts.sync?.engine,
      db,
      keyStore: syncRuntime.keyStore,
      logger: opts.sync?.engine?.logger ?? logger,
      onStatus: (st) => {
        publish('sync:status', st);
        publish('db:changed', { domains: ['outbox', 'integrations'] });
      },
    });
    const engine = syncEngine;
    emitter.on('event', (e: PushedEnvelope) => {
      if (e.event !== 'db:changed') return;
      const n = e.data as PushedEvents['db:changed'];
      if (n.domains.includes('integrations') && !n.domains.includes('outbox')) engine.reload();
      else if (!(n.domains.length <= 2 && n.domains.every((d) => d === 'outbox' || d === 'integrations'))) engine.wake();
    });
    await engine.start();
  }

  return {
    dataDir: opts.dataDir,
    db,
    nodeId,
    log,
    resourcesDir,
    now,
    dispatch,
    auditRefusal: (name, input, code, o = { transport: 'in-process' }) => dispatcher.auditRefusal(name, input, code, o),
    async invoke(name, input, o) {
      const res = await dispatch(name, input, o);
      if (!res.ok) throw AppError.fromBody(res.error);
      return res.data as never;
    },
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    publish,
    timers: { tick: () => warroom.scheduler.tick() },
    sync: { engine: syncEngine, router: syncRouter },
    keyStores,
    vault,
    integrity,
    async close() {
      closing = true;
      await Promise.allSettled([...running]);
      warroom.stop();
      await syncEngine?.stop();
      vault.close();
      await vault.idle();
      await integrity.close();
      emitter.removeAllListeners();
      await db.close();
      await lock.release();
    },
  };
}
