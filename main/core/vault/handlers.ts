// The vault commands: its key (create, unlock, lock), evidence (import, preview, export, crypto-shred),
// orphaned blobs, and the chain of custody. Key derivation and encryption happen in prepare, before the
// write transaction (dispatcher.ts).
import type { IntegrityRuntime } from '../audit/integrity';
import { defineHandlers } from '../command';
import { verifyCustody } from './custody';
import type { Vault } from './vault';

export interface VaultDeps {
  vault: Vault;
  integrity: IntegrityRuntime;
}

export const vaultHandlers = defineHandlers(['vault', 'artifacts', 'custody'], ({ vault, integrity }: VaultDeps) => ({
  'vault:status': (_i, ctx) => vault.status(ctx.db),
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
  // The custody log is sealed with the audit trail: flush first, so coverage is current.
  'custody:verify': async (i, ctx) => {
    await integrity.flush().catch(() => undefined);
    return verifyCustody(ctx.db, i.artifactId, integrity);
  },
}));
