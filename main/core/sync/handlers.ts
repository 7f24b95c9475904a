// The sync commands: integrations (and catching them up), the outbox, what reached whom, sync status
// and the on-call cache.
import { defineHandlers } from '../command';
import { integrationsRepo } from '../repositories/integrationsRepo';
import { catchUp, listOffers } from './catchUp';
import { syncCoverage } from './coverage';
import { configure, discard, listOutbox, publicInfo, requireEngine, retry, syncStatus, testIntegration, type SyncRuntime } from './sync';

export interface SyncDeps {
  sync: SyncRuntime;
}

export const syncHandlers = defineHandlers(['sync', 'integrations', 'outbox', 'oncall'], ({ sync }: SyncDeps) => ({
  'integrations:configure': (i, ctx) => configure(sync, i, ctx),
  'integrations:list': async (_i, ctx) => (await integrationsRepo.list(ctx.db)).map(publicInfo),
  'integrations:test': (i) => testIntegration(sync, i.name),
  'integrations:offers': listOffers,
  'integrations:catch-up': (i, ctx) => catchUp(i, ctx),
  'sync:coverage': syncCoverage,
  'outbox:list': listOutbox,
  'outbox:retry': (i, ctx) => retry(sync, i, ctx),
  'outbox:discard': discard,
  'sync:status': (_i, ctx) => syncStatus(sync, ctx),
  'oncall:list': async () => requireEngine(sync).oncall(),
}));
