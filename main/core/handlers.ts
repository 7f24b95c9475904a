// Every command's handler. The mapped type makes a missing or mistyped handler a compile error.
import type { CommandName, CommandResult, ParsedInput } from '../../shared/contract';
import { SCHEMA_VERSION } from './db/migrations';
import { incidentsRepo } from './repositories/incidentsRepo';
import { auditRepo } from './repositories/auditRepo';
import { profileRepo } from './repositories/profileRepo';
import { verifyAudit } from './audit/auditChain';
import type { IntegrityView } from './audit/integrity';
import { verifyCustody } from './vault/custody';
import type { CommandContext } from './command';
import { demoAvailable, loadDemo } from './incidents/demo';
import { declareIncident, recordMilestone, requireIncident, setSeverity, setStatus, updateIncident } from './incidents/incidents';
import { setProfile } from './profile/profile';
import { appendEntry, correctEntry, entryHistory, listEntries, pinEntry } from './timeline/timeline';
import { APP_VERSION } from './version';
// War room (issue 4): roles, roster, timers, cadence, catalog, impact.
import { warroomHandlers } from './warroom/handlers';
// Artifact vault (issue 6).
import { vaultHandlers } from './vault/handlers';
import type { Vault } from './vault/vault';
// Sync (issue 5): integrations, outbox, sync status, on-call.
import { createSyncHandlers, type SyncRuntime } from './sync/handlers';

export type Handler<N extends CommandName> = (input: ParsedInput<N>, ctx: CommandContext) => Promise<CommandResult<N>>;

/** What a PreparedHandler's prepare() hands over to the write transaction. */
export interface Prepared<R> {
  /** Runs inside the write transaction: short, and re-checks what may have changed since prepare. */
  run(ctx: CommandContext): Promise<R>;
  /** Called when run() did not commit (it threw, the commit failed, or it never ran): undo what prepare staged. */
  release?(): void;
}

/**
 * A mutation with slow work that must not hold the write queue (key derivation, encrypting a file):
 * prepare() runs before the transaction with the read connection, and returns what runs inside it.
 */
export interface PreparedHandler<N extends CommandName> {
  readonly prepare: (input: ParsedInput<N>, ctx: CommandContext) => Promise<Prepared<CommandResult<N>>>;
}

export type Handlers = { [N in CommandName]: Handler<N> | PreparedHandler<N> };

/** The head seal's writer, as the verify commands see it: flush first, so coverage is current. */
export type IntegrityRuntime = IntegrityView & { flush(): Promise<void> };

export function createHandlers(env: { dataDir: string; storageNotice?: string | null; vault: Vault; sync: SyncRuntime; integrity: IntegrityRuntime }): Handlers {
  const sealed = () => env.integrity.flush().catch(() => undefined);
  return {
    ...warroomHandlers,
    ...vaultHandlers(env.vault),
    // The custody log is sealed with the audit trail, so its verification needs the same view.
    'custody:verify': async (i, ctx) => {
      await sealed();
      return verifyCustody(ctx.db, i.artifactId, env.integrity);
    },
    // Sync (issue 5)
    ...createSyncHandlers(env.sync),
    'app:info': async (_i, ctx) => ({
      version: APP_VERSION,
      schemaVersion: SCHEMA_VERSION,
      dataDir: env.dataDir,
      profile: await profileRepo.get(ctx.db),
      demoAvailable: demoAvailable(ctx.resourcesDir),
      storageNotice: env.storageNotice ?? null,
    }),
    'profile:get': (_i, ctx) => profileRepo.get(ctx.db),
    'profile:set': setProfile,
    'demo:load': (_i, ctx) => loadDemo(ctx),

    'incidents:declare': declareIncident,
    'incidents:list': (i, ctx) => incidentsRepo.list(ctx.db, { ...(i.status ? { status: i.status } : {}), ...(i.mode ? { mode: i.mode } : {}) }),
    'incidents:get': (i, ctx) => requireIncident(ctx.db, i.id),
    'incidents:update': updateIncident,
    'incidents:set-severity': setSeverity,
    'incidents:set-status': setStatus,
    'incidents:milestone': recordMilestone,

    'timeline:append': appendEntry,
    'timeline:list': listEntries,
    'timeline:pin': pinEntry,
    'timeline:correct': correctEntry,
    'timeline:history': entryHistory,

    'audit:list': (i, ctx) => auditRepo.list(ctx.db, i.before, i.limit ?? 100),
    'audit:verify': async (_i, ctx) => {
      await sealed();
      return verifyAudit(ctx.db, env.integrity);
    },
  };
}
