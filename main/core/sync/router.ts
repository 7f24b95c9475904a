// Routing rules: turn appended events into outbox items INSIDE the event's own transaction, so a
// domain change and what it must tell the outside world commit (or roll back) together.
import { monotonicFactory } from 'ulid';
import type { LoggedEvent } from '../../../shared/events';
import type { AppendScope } from '../events/eventLog';
import { incidentsRepo } from '../repositories/incidentsRepo';
import { outboxRepo } from '../repositories/outboxRepo';
import { integrationsRepo, type StoredIntegration } from '../repositories/integrationsRepo';
import { ADAPTERS } from './adapters/registry';
import type { RoutedEvent } from './adapters/types';

/** The events sync cares about; everything else (pins, corrections, outbox bookkeeping) is ignored. */
export function toRouted(ev: LoggedEvent): RoutedEvent | null {
  switch (ev.kind) {
    case 'incident.declared':
      return { type: 'declared' };
    case 'incident.severity_changed':
      return { type: 'severity_changed', from: ev.payload.from, to: ev.payload.to, reason: ev.payload.reason };
    case 'incident.status_changed':
      return { type: 'status_changed', from: ev.payload.from, to: ev.payload.to, note: ev.payload.note };
    case 'incident.milestone':
      return ev.payload.milestone === 'acknowledged' ? { type: 'acknowledged' } : null;
    case 'timeline.note':
      return { type: 'timeline', entryKind: 'note', text: ev.payload.text, actor: ev.actor };
    case 'timeline.decision':
      return { type: 'timeline', entryKind: 'decision', text: ev.payload.text, actor: ev.actor };
    case 'timeline.action':
      return { type: 'timeline', entryKind: 'action', text: ev.payload.text, actor: ev.actor };
    case 'sync.caught_up':
      return { type: 'caught_up' };
    default:
      return null;
  }
}

/** Exercises never page real people and never reach a public page, whatever the rules say. */
export function excludesExercise(integ: Pick<StoredIntegration, 'kind' | 'routing'>, incident: { mode: string }): boolean {
  const adapter = ADAPTERS[integ.kind];
  return incident.mode === 'exercise' && (adapter.pages || adapter.public || !integ.routing.includeExercises);
}

export class SyncRouter {
  private cache: StoredIntegration[] | null = null;
  private readonly ulid = monotonicFactory();

  /** Call after integrations change; the next event re-reads them inside its transaction. */
  invalidate(): void {
    this.cache = null;
  }

  /**
   * The enabled integrations an event is for. Catching up is for the one integration it names, read
   * in this transaction rather than from the cache: it may have been configured a moment ago in the
   * same command, and the cache must never hold a row that could still roll back.
   */
  private async targets(tx: AppendScope['db'], ev: LoggedEvent): Promise<StoredIntegration[]> {
    if (ev.kind === 'sync.caught_up') {
      const one = await integrationsRepo.get(tx, ev.payload.integration);
      return one?.enabled ? [one] : [];
    }
    if (!this.cache) this.cache = await integrationsRepo.list(tx);
    return this.cache.filter((i) => i.enabled);
  }

  readonly onAppend = async (scope: AppendScope, ev: LoggedEvent): Promise<void> => {
    const tx = scope.db;
    if (!ev.incidentId) return;
    const routed = toRouted(ev);
    if (!routed) return;
    const active = await this.targets(tx, ev);
    if (active.length === 0) return;
    const row = await incidentsRepo.find(tx, ev.incidentId);
    if (!row) return;
    // Projections are updated after the event is appended: apply the event's own change here.
    const incident = {
      ...row,
      ...(routed.type === 'status_changed' ? { status: routed.to } : {}),
      ...(routed.type === 'severity_changed' ? { severity: routed.to } : {}),
    };
    for (const integ of active) {
      if (excludesExercise(integ, incident)) continue;
      const history = await outboxRepo.operationsFor(tx, integ.name, incident.id);
      const ops = ADAPTERS[integ.kind].plan(routed, { incident, history }, integ, ev.id);
      for (const op of ops) {
        const id = this.ulid(Date.parse(ev.at) || undefined);
        await outboxRepo.insert(tx, {
          id,
          incidentId: incident.id,
          integration: integ.name,
          operation: op.operation,
          summary: op.summary,
          idempotencyKey: `${ev.id}:${op.operation}`,
          vendorKey: op.vendorKey || id,
          payload: op.payload,
          createdAt: ev.at,
          ...(op.refused ? { refused: op.refused } : {}),
        });
        history.push(op.operation);
        scope.changed('outbox', incident.id);
      }
    }
  };
}
