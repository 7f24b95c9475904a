// The audit commands: the trail itself, and its verification (chain, keyed checkpoints, head seal).
import { defineHandlers } from '../command';
import { auditRepo } from '../repositories/auditRepo';
import { verifyAudit } from './auditChain';
import type { IntegrityRuntime } from './integrity';

export interface AuditDeps {
  integrity: IntegrityRuntime;
}

export const auditHandlers = defineHandlers(['audit'], ({ integrity }: AuditDeps) => ({
  'audit:list': (i, ctx) => auditRepo.list(ctx.db, i.before, i.limit ?? 100),
  'audit:verify': async (_i, ctx) => {
    await integrity.flush().catch(() => undefined);
    return verifyAudit(ctx.db, integrity);
  },
}));
