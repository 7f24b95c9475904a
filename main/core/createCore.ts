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
import { integrityBackground } from './audit/background';
import { IntegritySeal } from './audit/integrity';
import { IntegrityKeys } from './audit/integrityKeys';
import { startBackground, type BackgroundDeps } from './background';
import { EventLog } from './events/eventLog';
import type { KeyStore } from './keystore/keyStore';
import { selectKeyStores, type KeyStores } from './keystore/selectKeyStore';
import type { Logger } from './logger';
import { silentLogger } from './logger';
import { syncBackground } from './sync/background';
import type { SyncEngine, SyncEngineOptions } from './sync/engine';
import { SyncRouter } from './sync/router';
import type { SyncRuntime } from './sync/sync';
import { timersBackground } from './timers/background';
import { vaultBackground } from './vault/background';
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
  /** Sync: where integration secrets live, engine tuning, and whether to run the engine here. */
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
  /** Sync: the outbox engine (null when started with sync.start false). */
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
  logger.info(keyStores.notice);
  const vault = new Vault({ dataDir: opts.dataDir, db, keyStores, now, logger });
  const audit = await AuditChain.load(db.reader, db.queue);
  const integrity = new IntegritySeal({ dataDir: opts.dataDir, db, audit, keys: new IntegrityKeys(keyStores), now, logger, replacedDatabase: db.quarantined });
  const syncRouter = new SyncRouter();
  const syncKeyStore = opts.sync?.keyStore ?? keyStores.selected;
  const sync = syncBackground({ router: syncRouter, keyStore: syncKeyStore, deliver: opts.sync?.start !== false, ...(opts.sync?.engine ? { engine: opts.sync.engine } : {}) });
  const timers = timersBackground(opts.timerTickMs ? { tickMs: opts.timerTickMs } : {});

  // Each domain's background work, in order: the vault and the seal are checked before the first
  // command; routing rules register before the timer listeners, so an event's outbox rows come before
  // those of the events its listeners append. Stopped in the reverse order on close.
  const deps: BackgroundDeps = {
    dataDir: opts.dataDir,
    db,
    log,
    now,
    resourcesDir,
    logger,
    publish,
    subscribe: (listener) => {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
  };
  const background = await startBackground([vaultBackground(vault), integrityBackground(integrity, audit), sync, timers], deps);

  const syncRuntime: SyncRuntime = { router: syncRouter, engine: () => sync.engine(), keyStore: syncKeyStore, onSettle: (hook) => db.queue.onSettle(hook) };
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
    subscribe: deps.subscribe,
    publish,
    timers: { tick: () => timers.tick() },
    sync: { engine: sync.engine(), router: syncRouter },
    keyStores,
    vault,
    integrity,
    async close() {
      closing = true;
      await Promise.allSettled([...running]);
      await background.stop();
      emitter.removeAllListeners();
      await db.close();
      await lock.release();
    },
  };
}
