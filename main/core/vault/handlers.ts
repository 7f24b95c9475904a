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

export const vaultHandlers = defineHandlers(['vault', 'artifacts', 'custody'], ({ vault: { keys, artifacts }, integrity }: VaultDeps) => ({
  'vault:status': (_i, ctx) => keys.status(ctx.db),
  'vault:create': { prepare: (i, ctx) => keys.prepareCreate(i, ctx) },
  'vault:unlock': { prepare: (i, ctx) => keys.prepareUnlock(i, ctx) },
  'vault:lock': async (_i, ctx) => {
    keys.lock(ctx);
    return keys.status(ctx.db, false);
  },
  'vault:orphans': (_i, ctx) => artifacts.orphans(ctx.db),
  'vault:reattach': { prepare: (i, ctx) => artifacts.prepareReattach(i, ctx) },
  'artifacts:import': { prepare: (i, ctx) => artifacts.prepareImport(i, ctx) },
  'artifacts:list': (i, ctx) => artifacts.list(i, ctx),
  'artifacts:read': (i, ctx) => artifacts.read(i, ctx),
  'artifacts:export': { prepare: (i, ctx) => artifacts.prepareExport(i, ctx) },
  'artifacts:delete': (i, ctx) => artifacts.delete(i, ctx),
  'artifacts:custody': (i, ctx) => artifacts.custody(i.id, ctx.db),
  // The custody log is sealed with the audit trail: flush first, so coverage is current.
  'custody:verify': async (i, ctx) => {
    await integrity.flush().catch(() => undefined);
    return verifyCustody(ctx.db, i.artifactId, integrity);
  },
}));
