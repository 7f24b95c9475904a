// What reached each integration for one incident, and what did not and why, so that the Outbox never
// says "everything has been sent" when something was never routed. It is computed from the two logs
// that already hold the truth: the incident's events and the outbox rows they queued (every row's
// key names the event that queued it). For an event that queued nothing, the routing decision is
// replayed with the adapter's own plan() on the incident as it was then, and the reason is the one
// change that would have routed it: a rule (a severity filter, a switched-off event), or a gap (the
// integration never opened the incident: it was added or enabled later). What an adapter ignores by
// design (a pager and a status note, an exercise and a public page) is no reason at all.
import type { ParsedInput } from '../../../shared/contract';
import { ACTIVE_STATUSES, type Incident } from '../../../shared/domain/incidents';
import type { CoverageVerdict, IntegrationCoverage, NotRouted, RoutingRules, SyncCoverage } from '../../../shared/domain/sync';
import type { LoggedEvent } from '../../../shared/events';
import { AppError } from '../../../shared/errors';
import type { CommandContext } from '../command';
import { eventsRepo } from '../repositories/eventsRepo';
import { incidentsRepo } from '../repositories/incidentsRepo';
import { integrationsRepo, type StoredIntegration } from '../repositories/integrationsRepo';
import { outboxRepo } from '../repositories/outboxRepo';
import { ADAPTERS } from './adapters/registry';
import type { IncidentFacts, RoutedEvent } from './adapters/types';
import { configOf, offerOf, planCatchUp, vendorOf } from './catchUp';
import { excludesExercise, toRouted } from './router';

/** The events an integration is expected to act on; timeline notes and acknowledgements are optional extras. */
const OWED: ReadonlySet<RoutedEvent['type']> = new Set(['declared', 'severity_changed', 'status_changed']);
const WAITING = new Set(['pending', 'in_flight', 'failed']);
const PREVIEW_EVENT = 'preview';

type Reason = { kind: 'gap' | 'rule'; reason: string };
type Row = Awaited<ReturnType<typeof outboxRepo.forIncident>>[number];

/** What the replay reads: the events that change what an integration is owed (never the notes). */
const REPLAYED = ['incident.declared', 'incident.updated', 'incident.severity_changed', 'incident.status_changed'] as const;
/** Where a row's event sits in the log (a row whose event is gone counts as the newest). */
const placeOf = (r: Row): number => r.source_seq ?? Infinity;

/** One rule switched on (or widened) at a time: the first that would have routed the event is the reason. */
const RELAXATIONS: Array<{ rules: Partial<RoutingRules>; reason: (sev: Incident['severity'], rules: RoutingRules) => string }> = [
  { rules: { minSeverity: 'SEV-5' }, reason: (sev, r) => `rule filters ${sev} (acts from ${r.minSeverity})` },
  { rules: { onDeclare: true }, reason: () => 'rule does not act on declarations' },
  { rules: { onSeverityChange: true }, reason: () => 'rule does not act on severity changes' },
  { rules: { onStatusChange: true }, reason: () => 'rule does not forward status changes' },
  { rules: { onResolve: true }, reason: () => 'rule does not act on resolve' },
];

/** The incident as the router saw it right after each of its events. */
function statesAfterEvents(inc: Incident, events: LoggedEvent[]): Map<string, IncidentFacts['incident']> {
  let cur: IncidentFacts['incident'] = { id: inc.id, humanId: inc.humanId, title: inc.title, severity: inc.severity, status: 'investigating', mode: inc.mode, summary: inc.summary };
  const out = new Map<string, IncidentFacts['incident']>();
  for (const e of events) {
    if (e.kind === 'incident.declared') cur = { ...cur, title: e.payload.title, severity: e.payload.severity, mode: e.payload.mode };
    else if (e.kind === 'incident.updated' && e.payload.title) cur = { ...cur, title: e.payload.title };
    else if (e.kind === 'incident.severity_changed') cur = { ...cur, severity: e.payload.to };
    else if (e.kind === 'incident.status_changed') cur = { ...cur, status: e.payload.to };
    out.set(e.id, cur);
  }
  return out;
}

/** Why `event` queued nothing for `integ`, or null when the adapter ignores it by design. */
function explain(integ: StoredIntegration, event: RoutedEvent, facts: IncidentFacts, notOpened: string): Reason | null {
  const adapter = ADAPTERS[integ.kind];
  if (facts.incident.mode === 'exercise' && excludesExercise(integ, facts.incident)) {
    return adapter.pages || adapter.public ? null : { kind: 'rule', reason: 'rule excludes exercises' };
  }
  const config = configOf(integ);
  const plans = (rules: RoutingRules, history: readonly string[]) => adapter.plan(event, { ...facts, history }, { ...config, routing: rules }, PREVIEW_EVENT).length > 0;
  // It would be routed today: it was not then, because the integration did not exist or was off.
  if (plans(integ.routing, facts.history)) return { kind: 'gap', reason: adapter.opened(facts.history) ? 'not routed when it happened (the integration was off or its rules differed)' : notOpened };
  const severity = event.type === 'severity_changed' ? event.to : facts.incident.severity;
  for (const r of RELAXATIONS) {
    if (plans({ ...integ.routing, ...r.rules }, facts.history)) return { kind: 'rule', reason: r.reason(severity, integ.routing) };
  }
  // Had the incident been opened there, would this have gone out? Then not opening it is the gap.
  if (!adapter.opened(facts.history)) {
    const opening = adapter.plan({ type: 'caught_up' }, facts, config, PREVIEW_EVENT).map((o) => o.operation);
    if (opening.length > 0 && plans(integ.routing, [...facts.history, ...opening])) return { kind: 'gap', reason: notOpened };
  }
  return null;
}

function coverageOf(integ: StoredIntegration, inc: Incident, events: LoggedEvent[], states: Map<string, IncidentFacts['incident']>, rows: Row[]): { cov: IntegrationCoverage; notRouted: NotRouted[] } {
  const adapter = ADAPTERS[integ.kind];
  const mine = rows.filter((r) => r.integration === integ.name);
  const live = mine.filter((r) => r.state !== 'discarded');
  const routed = new Set(mine.map((r) => r.source_id));
  const opened = adapter.opened(live.map((r) => r.operation));
  const cov: IntegrationCoverage = {
    integration: integ.name,
    kind: integ.kind,
    enabled: integ.enabled,
    pages: adapter.pages,
    opened,
    routedEvents: routed.size,
    pending: mine.filter((r) => WAITING.has(r.state)).length,
    delivered: mine.filter((r) => r.state === 'delivered').length,
    dead: mine.filter((r) => r.state === 'dead').length,
    discarded: mine.filter((r) => r.state === 'discarded').length,
    reasons: [],
    offer: null,
  };
  const reasons = new Map<string, { kind: Reason['kind']; events: number }>();
  const add = (r: Reason, events: number) => {
    const cur = reasons.get(r.reason) ?? { kind: r.kind, events: 0 };
    cur.events += events;
    reasons.set(r.reason, cur);
  };
  const active = ACTIVE_STATUSES.includes(inc.status);
  const plan = planCatchUp(integ, inc, live.map((r) => r.operation));
  const canOpen = 'operations' in plan;
  if (canOpen && integ.routing.catchUp !== 'never') cov.offer = offerOf(integ, inc, plan.operations);
  const vendorNotOpened = `${vendorOf(integ)} not opened for ${inc.humanId}`;
  const notOpened = !active || !canOpen ? vendorNotOpened : integ.routing.catchUp === 'never' ? `${vendorNotOpened} (its rule never catches up)` : `${vendorNotOpened} — catch up`;
  // Once opened, the open carried the state of its moment: what happened before it is not owed.
  const openedAt = opened ? Math.min(...live.map(placeOf)) : -Infinity;
  for (const e of events) {
    const ev = toRouted(e);
    if (!ev || !OWED.has(ev.type) || routed.has(e.id) || e.seq < openedAt) continue;
    if (!integ.enabled) {
      add({ kind: 'rule', reason: `${integ.name} is disabled` }, 1);
      continue;
    }
    const history = live.filter((r) => placeOf(r) < e.seq).map((r) => r.operation);
    const why = explain(integ, ev, { incident: states.get(e.id)!, history }, notOpened);
    if (why) add(why, 1);
  }
  // Standing: an active incident it could open now and has not (even if no event was missed yet).
  if (integ.enabled && active && !opened && canOpen) add({ kind: 'gap', reason: notOpened }, 0);
  cov.reasons = [...reasons.keys()];
  return { cov, notRouted: [...reasons].map(([reason, v]) => ({ integration: integ.name, reason, kind: v.kind, events: v.events })) };
}

function headlineOf(verdict: CoverageVerdict, c: Pick<SyncCoverage, 'humanId' | 'pending' | 'delivered' | 'dead' | 'notRouted' | 'integrations'>): string {
  switch (verdict) {
    case 'not_routed':
      return `Not routed: ${c.notRouted.map((n) => (n.integration ? `${n.integration}: ${n.reason}` : n.reason)).join('; ')}`;
    case 'failed':
      return `${c.dead} ${c.dead === 1 ? 'item needs' : 'items need'} attention`;
    case 'pending':
      return `${c.pending} waiting to be sent`;
    case 'sent':
      return `Sent: ${c.delivered} delivered to ${c.integrations.filter((i) => i.delivered > 0).map((i) => i.integration).join(', ')}.`;
    case 'nothing_to_send':
      return `Nothing to send for ${c.humanId}: nothing happened that an integration acts on.`;
  }
}

export async function syncCoverage(input: ParsedInput<'sync:coverage'>, ctx: CommandContext): Promise<SyncCoverage> {
  const inc = await incidentsRepo.find(ctx.db, input.incidentId);
  if (!inc) throw new AppError('not_found', `No incident ${input.incidentId}.`, [{ path: 'incidentId', message: 'is not an incident' }]);
  const [integrations, events, rows] = await Promise.all([integrationsRepo.list(ctx.db), eventsRepo.forIncidentOfKinds(ctx.db, inc.id, REPLAYED), outboxRepo.forIncident(ctx.db, inc.id)]);
  const states = statesAfterEvents(inc, events);
  const each = integrations.map((g) => coverageOf(g, inc, events, states, rows));
  const list = each.map((e) => e.cov);
  const enabled = integrations.filter((g) => g.enabled);
  const owed = events.filter((e) => OWED.has(toRouted(e)?.type ?? 'timeline')).length;
  const notRouted: NotRouted[] =
    enabled.length === 0 ? [{ integration: null, reason: integrations.length ? 'no integration enabled' : 'no integration configured', kind: 'gap', events: owed }] : each.flatMap((e) => e.notRouted);
  const pending = list.reduce((n, c) => n + c.pending, 0);
  const delivered = list.reduce((n, c) => n + c.delivered, 0);
  const dead = list.reduce((n, c) => n + c.dead, 0);
  const verdict: CoverageVerdict = notRouted.length ? 'not_routed' : dead ? 'failed' : pending ? 'pending' : delivered ? 'sent' : 'nothing_to_send';

  const pagers = list.filter((c) => c.enabled && c.pages);
  const paged = pagers.some((c) => rows.some((r) => r.integration === c.integration && r.operation === 'trigger' && r.state !== 'discarded'));
  const firstPager = pagers[0];
  const pagerReason = firstPager?.reasons[0] ?? null;
  const paging: SyncCoverage['paging'] =
    inc.mode === 'exercise'
      ? { integrations: pagers.length, paged: false, reason: 'an exercise pages no one', offer: null }
      : pagers.length === 0
        ? { integrations: 0, paged: false, reason: 'no paging integration', offer: null }
        : paged
          ? { integrations: pagers.length, paged: true, reason: null, offer: null }
          : {
              integrations: pagers.length,
              paged: false,
              reason: pagerReason ? (pagerReason.startsWith(vendorOf(firstPager!)) ? pagerReason : `${firstPager!.integration}: ${pagerReason}`) : `${firstPager!.integration} has not paged for ${inc.humanId}`,
              offer: pagers.find((c) => c.offer)?.offer ?? null,
            };
  const out = { incidentId: inc.id, humanId: inc.humanId, pending, delivered, dead, notRouted, integrations: list };
  return { ...out, verdict, headline: headlineOf(verdict, out), paging };
}
