// The vault's command handlers, spread into createHandlers() (handlers.ts).
import type { Handlers } from '../handlers';
import type { Vault } from './vault';

type VaultCommand =
  | 'vault:status'
  | 'vault:create'
  | 'vault:unlock'
  | 'vault:lock'
  | 'vault:orphans'
  | 'vault:reattach'
  | 'artifacts:import'
  | 'artifacts:list'
  | 'artifacts:read'
  | 'artifacts:export'
  | 'artifacts:delete'
  | 'artifacts:custody'
  | 'custody:verify';

export function vaultHandlers(vault: Vault): Pick<Handlers, VaultCommand> {
  return {
    'vault:status': (_i, ctx) => vault.status(ctx.db),
    // Key derivation and encryption happen in prepare, before the write transaction (dispatcher.ts).
    'vault:create': { prepare: (i, ctx) => vault.prepareCreate(i, ctx) },
    'vault:unlock': { prepare: (i, ctx) => vault.prepareUnlock(i, ctx) },
    'vault:lock': async (_i, ctx) => {
      vault.lock(ctx);
      return vault.status(ctx.db, false);
    },
    'vault:orphans': (_i, ctx) => vault.orphans(ctx.db),
    'vault:reattach': { prepare: (i, ctx) => vault.prepareReattach(i, ctx) },
    'artifacts:import': { prepare: (i, ctx) => vault.prepareImport(i, ctx) },
    'artifacts:list': (i, ctx) => vault.list(i, ctx),
    'artifacts:read': (i, ctx) => vault.read(i, ctx),
    'artifacts:export': { prepare: (i, ctx) => vault.prepareExport(i, ctx) },
    'artifacts:delete': (i, ctx) => vault.delete(i, ctx),
    'artifacts:custody': (i, ctx) => vault.custody(i.id, ctx.db),
    'custody:verify': (i, ctx) => vault.verify(ctx.db, i.artifactId),
  };
}
