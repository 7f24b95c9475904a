// Catching up: an integration added (or enabled) while an incident was already active never opened
// it (no channel, no status page incident, no page), and the routing rules send updates only where
// the incident was opened. Catching up appends one `sync.caught_up` event per incident; the router
// turns it into the open and the current state inside that event's transaction, exactly as it turns
// a declaration into outbox rows, so the engine's idempotency keys (`<event id>:<operation>`) and the
// vendors' own keys are the ones every other item has. An incident already opened there is skipped,
// which is what makes catching up twice queue nothing.
import type { ParsedInput } from '../../../shared/contract';
import { ACTIVE_STATUSES, type Incident } from '../../../shared/domain/incidents';
import { VENDOR_NAMES, type CatchUpOffer, type CatchUpResult, type RoutingRules } from '../../../shared/domain/sync';
import { AppError } from '../../../shared/errors';
import type { CommandContext } from '../command';
import { incidentsRepo } from '../repositories/incidentsRepo';
import { integrationsRepo, type StoredIntegration } from '../repositories/integrationsRepo';
import { outboxRepo } from '../repositories/outboxRepo';
import type { SqlRunner } from '../db/sqlite';
import { projectEntry } from '../timeline/timeline';
import { inRange, rulesOpen } from './adapters/common';
import { ADAPTERS } from './adapters/registry';
import type { IncidentFacts, IntegrationConfig } from './adapters/types';
import { excludesExercise } from './router';

/** A plan is computed, never sent, under this event id: the real one exists only once appended. */
const PREVIEW_EVENT = 'preview';

export function configOf(integ: StoredIntegration): IntegrationConfig {
  return { name: integ.name, kind: integ.kind, baseUrl: integ.baseUrl, settings: integ.settings, routing: integ.routing };
}

export function vendorOf(integ: Pick<StoredIntegration, 'kind'>): string {
  return VENDOR_NAMES[integ.kind];
}

/** Why an exercise does not reach this integration: by design for pagers and public pages, else its rule. */
export function exerciseReason(integ: Pick<StoredIntegration, 'kind'>): string {
  const a = ADAPTERS[integ.kind];
  return a.pages ? 'an exercise pages no one' : a.public ? 'an exercise never reaches the public page' : 'rule excludes exercises';
}

/** The rule that keeps this integration from opening an incident of this severity, if one does. */
export function openBlocker(rules: RoutingRules, severity: Incident['severity']): string | null {
  if (!rulesOpen(rules)) return 'rule opens no incident (declarations and severity changes are off)';
  if (!inRange(severity, rules)) return `rule filters ${severity} (acts from ${rules.minSeverity})`;
  return null;
}

export type CatchUpPlan = { operations: string[] } | { reason: string };

/** What catching this incident up at this integration would queue, or why it would queue nothing. */
export function planCatchUp(integ: StoredIntegration, incident: IncidentFacts['incident'], history: readonly string[]): CatchUpPlan {
  const adapter = ADAPTERS[integ.kind];
  if (!integ.enabled) return { reason: `${integ.name} is disabled` };
  if (!ACTIVE_STATUSES.includes(incident.status)) return { reason: `${incident.status}: nothing to open` };
  if (excludesExercise(integ, incident)) return { reason: exerciseReason(integ) };
  if (adapter.opened(history)) return { reason: `already opened at ${vendorOf(integ)}` };
  const ops = adapter.plan({ type: 'caught_up' }, { incident, history }, configOf(integ), PREVIEW_EVENT);
  if (ops.length === 0) return { reason: openBlocker(integ.routing, incident.severity) ?? `${vendorOf(integ)} has nothing to open for ${incident.humanId}` };
  return { operations: ops.map((o) => o.operation) };
}

export function offerOf(integ: StoredIntegration, incident: Incident, operations: string[]): CatchUpOffer {
  const vendor = vendorOf(integ);
  return {
    integration: integ.name,
    kind: integ.kind,
    incidentId: incident.id,
    humanId: incident.humanId,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    label: ADAPTERS[integ.kind].pages ? `Page ${incident.humanId} via ${vendor} now` : `Open ${incident.humanId} at ${vendor} now`,
    operations,
  };
}

/** Active incidents, oldest first: the order a person would catch them up in. */
async function activeIncidents(db: SqlRunner): Promise<Incident[]> {
  const all = await incidentsRepo.list(db, {});
  return all.filter((i) => ACTIVE_STATUSES.includes(i.status)).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

export async function listOffers(input: ParsedInput<'integrations:offers'>, ctx: CommandContext): Promise<CatchUpOffer[]> {
  const integrations = (await integrationsRepo.list(ctx.db)).filter((i) => i.enabled && i.routing.catchUp !== 'never' && (!input.integration || i.name === input.integration));
  if (integrations.length === 0) return [];
  const incidents = await activeIncidents(ctx.db);
  const out: CatchUpOffer[] = [];
  for (const integ of integrations) {
    for (const inc of incidents) {
      const plan = planCatchUp(integ, inc, await outboxRepo.operationsFor(ctx.db, integ.name, inc.id));
      if ('operations' in plan) out.push(offerOf(integ, inc, plan.operations));
    }
  }
  return out;
}

export async function catchUp(input: ParsedInput<'integrations:catch-up'>, ctx: CommandContext, opts: { auto?: boolean } = {}): Promise<CatchUpResult> {
  const integ = await integrationsRepo.get(ctx.db, input.integration);
  if (!integ) throw new AppError('not_found', `No integration named "${input.integration}".`, [{ path: 'integration', message: 'is not configured' }]);
  if (!integ.enabled) throw new AppError('conflict', `${integ.name} is disabled: enable it before catching up.`, [{ path: 'integration', message: 'is disabled' }]);
  let incidents: Incident[];
  if (input.incidentIds) {
    incidents = [];
    for (const [n, ref] of input.incidentIds.entries()) {
      const inc = await incidentsRepo.find(ctx.db, ref);
      if (!inc) throw new AppError('not_found', `No incident ${ref}.`, [{ path: `incidentIds.${n}`, message: 'is not an incident' }]);
      if (!incidents.some((i) => i.id === inc.id)) incidents.push(inc);
    }
  } else {
    incidents = await activeIncidents(ctx.db);
  }
  const vendor = vendorOf(integ);
  const result: CatchUpResult = { integration: integ.name, queued: [], skipped: [] };
  for (const inc of incidents) {
    const before = await outboxRepo.operationsFor(ctx.db, integ.name, inc.id);
    const plan = planCatchUp(integ, inc, before);
    if ('reason' in plan) {
      result.skipped.push({ incidentId: inc.id, humanId: inc.humanId, reason: plan.reason });
      continue;
    }
    const ev = await ctx.log.append(ctx, {
      incidentId: inc.id,
      actor: ctx.actor,
      kind: 'sync.caught_up',
      payload: { integration: integ.name, operations: plan.operations, severity: inc.severity, status: inc.status, auto: opts.auto === true },
    });
    // What the router queued for the event, read back rather than assumed.
    const operations = (await outboxRepo.operationsFor(ctx.db, integ.name, inc.id)).slice(before.length);
    const how = opts.auto ? ' (automatically: its routing rule catches up)' : '';
    await projectEntry(ctx, ev, 'system', `Caught up ${integ.name} (${vendor}): opened ${inc.humanId} there and sent its state (${inc.severity}, ${inc.status})${how}`);
    result.queued.push({ incidentId: inc.id, humanId: inc.humanId, operations });
  }
  return result;
}

/**
 * After integrations:configure wrote the row: an integration whose rule says 'auto' catches up the
 * active incidents it matches when it is new, newly enabled, or newly set to 'auto'.
 */
export async function autoCatchUp(before: StoredIntegration | null, after: StoredIntegration, ctx: CommandContext): Promise<void> {
  if (!after.enabled || after.routing.catchUp !== 'auto') return;
  const becameDue = !before || !before.enabled || before.routing.catchUp !== 'auto';
  if (!becameDue) return;
  await catchUp({ integration: after.name }, ctx, { auto: true });
}
