// Every command's handler: one spread per domain. The Handlers type makes a command without a handler
// a compile error here; defineHandlers makes one of a domain's missing a compile error there.
import { auditHandlers, type AuditDeps } from './audit/handlers';
import { catalogHandlers } from './catalog/handlers';
import type { Handlers } from './command';
import { demoHandlers } from './demo/handlers';
import { incidentsHandlers } from './incidents/handlers';
import { profileHandlers, type ProfileDeps } from './profile/handlers';
import { rolesHandlers } from './roles/handlers';
import { syncHandlers, type SyncDeps } from './sync/handlers';
import { timelineHandlers } from './timeline/handlers';
import { timersHandlers } from './timers/handlers';
import { vaultHandlers, type VaultDeps } from './vault/handlers';

/** What the domains' handlers need from the composition root. */
export type HandlerDeps = ProfileDeps & AuditDeps & VaultDeps & SyncDeps;

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    ...profileHandlers(deps),
    ...incidentsHandlers(),
    ...demoHandlers(),
    ...timelineHandlers(),
    ...rolesHandlers(),
    ...timersHandlers(),
    ...catalogHandlers(),
    ...vaultHandlers(deps),
    ...syncHandlers(deps),
    ...auditHandlers(deps),
  };
}
