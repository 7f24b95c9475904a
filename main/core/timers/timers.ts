// Time-boxes, asks and cadence timers. A timer is a stored deadline (due_ms); its state is derived
// from the deadline and the injectable clock whenever it is read, so a restart, a laptop sleep or a
// clock change can never lose one. The scheduler only records that a threshold was crossed.
import { ulid } from 'ulid';
import type { ParsedInput } from '../../../shared/contract';
import type { Incident, Severity } from '../../../shared/domain/incidents';
import { AppError } from '../../../shared/errors';
import { DECISIONS_BY_KIND, timerState, type CadencePolicy, type Timer, type TimerList } from '../../../shared/domain/timers';
import type { SqlRunner } from '../db/sqlite';
import { incidentsRepo } from '../repositories/incidentsRepo';
import { timersRepo, type TimerRow } from '../repositories/timersRepo';
import type { CommandContext } from '../command';
import { requireIncident } from '../incidents/incidents';
import { projectEntry } from '../timeline/timeline';
import { formatClock, UTC } from '../../../shared/time';

const MIN = 60_000;
// Readings in recorded text name their zone; the renderer shows them in the zone its user chose.
const fmtTime = (ms: number) => formatClock(ms, UTC);
const KIND_LABEL = { diagnosis: 'Diagnosis box', ask: 'Ask', cadence: 'Cadence' } as const;

export function toTimer(r: TimerRow, nowMs: number): Timer {
  return {
    id: r.id,
    incidentId: r.incident_id,
    kind: r.kind,
    label: r.label,
    owner: r.owner,
    startedAt: new Date(r.started_ms).toISOString(),
    dueAt: new Date(r.due_ms).toISOString(),
    durationMs: r.due_ms - r.started_ms,
    state: timerState({ state: r.state, startedMs: r.started_ms, dueMs: r.due_ms, warnedAt: r.warned_at, expiredAt: r.expired_at }, nowMs),
    remainingMs: r.due_ms - nowMs,
    warnedAt: r.warned_at,
    expiredAt: r.expired_at,
    resolvedAt: r.resolved_at,
    decision: r.decision,
    note: r.note,
    extensions: r.extensions,
    policyKey: r.policy_key,
    createdBy: r.created_by,
  };
}

async function requireActive(ctx: CommandContext, ref: string): Promise<Incident> {
  const inc = await requireIncident(ctx.db, ref);
  if (inc.status === 'resolved' || inc.status === 'closed') throw new AppError('conflict', `${inc.humanId} is ${inc.status}; timers run only while an incident is active.`);
  return inc;
}

async function insertTimer(
  ctx: CommandContext,
  inc: Incident,
  t: { kind: TimerRow['kind']; label: string; owner: string | null; startedMs: number; dueMs: number; policyKey: string | null },
): Promise<TimerRow> {
  const row: TimerRow = {
    id: ulid(ctx.now()),
    incident_id: inc.id,
    kind: t.kind,
    label: t.label,
    owner: t.owner,
    started_ms: t.startedMs,
    due_ms: t.dueMs,
    state: 'open',
    warned_at: null,
    expired_at: null,
    resolved_at: null,
    decision: null,
    note: null,
    extensions: 0,
    policy_key: t.policyKey,
    created_by: ctx.actor,
  };
  await timersRepo.insert(ctx.db, row);
  return row;
}

export async function startTimer(input: ParsedInput<'timers:start'>, ctx: CommandContext): Promise<Timer> {
  const inc = await requireActive(ctx, input.incidentId);
  const now = ctx.now();
  if (input.kind === 'diagnosis') {
    const running = (await timersRepo.forIncident(ctx.db, inc.id)).find((t) => t.kind === 'diagnosis' && t.state === 'open');
    if (running) throw new AppError('conflict', `The diagnosis box “${running.label}” is still open; decide on it (extend, switch or escalate) first.`);
  }
  const row = await insertTimer(ctx, inc, { kind: input.kind, label: input.label, owner: input.owner ?? null, startedMs: now, dueMs: now + input.minutes * MIN, policyKey: null });
  const ev = await ctx.log.append(ctx, {
    incidentId: inc.id,
    actor: ctx.actor,
    kind: 'timer.started',
    payload: { timerId: row.id, kind: row.kind, label: row.label, owner: row.owner, minutes: input.minutes, dueAt: new Date(row.due_ms).toISOString() },
  });
  const owner = row.owner ? ` (owner ${row.owner})` : '';
  const text =
    input.kind === 'diagnosis'
      ? `Diagnosis box: try “${row.label}”${owner} for ${input.minutes} min, until ${fmtTime(row.due_ms)}`
      : input.kind === 'ask'
        ? `Ask${row.owner ? ` to ${row.owner}` : ''}: “${row.label}”, report back in ${input.minutes} min (by ${fmtTime(row.due_ms)})`
        : `Cadence reminder: “${row.label}” due ${fmtTime(row.due_ms)}`;
  await projectEntry(ctx, ev, input.kind === 'diagnosis' ? 'decision' : 'action', text);
  ctx.changed('timers', inc.id);
  return toTimer(row, now);
}

export async function listTimers(input: ParsedInput<'timers:list'>, ctx: CommandContext): Promise<TimerList> {
  const inc = await requireIncident(ctx.db, input.incidentId);
  const now = ctx.now();
  const rows = await timersRepo.forIncident(ctx.db, inc.id);
  return { now: new Date(now).toISOString(), timers: rows.map((r) => toTimer(r, now)) };
}

export async function resolveTimer(input: ParsedInput<'timers:resolve'>, ctx: CommandContext): Promise<{ timer: Timer; next: Timer | null }> {
  const row = await timersRepo.get(ctx.db, input.timerId);
  if (!row) throw new AppError('not_found', `No timer ${input.timerId}.`);
  if (row.state !== 'open') throw new AppError('conflict', `“${row.label}” was already ${row.state === 'resolved' ? `resolved (${row.decision})` : 'cancelled'}.`);
  if (!DECISIONS_BY_KIND[row.kind].includes(input.decision)) {
    throw new AppError('invalid_input', `A ${row.kind} timer cannot be resolved with “${input.decision}”.`, [
      { path: 'decision', message: `must be one of ${DECISIONS_BY_KIND[row.kind].join(', ')}` },
    ]);
  }
  const inc = await requireIncident(ctx.db, row.incident_id);
  const note = input.note.trim();
  const now = ctx.now();
  const minutes = input.minutes ?? Math.max(1, Math.round((row.due_ms - row.started_ms) / MIN));
  const what = `${KIND_LABEL[row.kind].toLowerCase()} “${row.label}”`;
  let next: TimerRow | null = null;
  let text: string;

  if (input.decision === 'extend') {
    if (!note) throw new AppError('invalid_input', 'Extending a time-box needs a reason.', [{ path: 'note', message: 'give the reason for the extension' }]);
    const ev = await ctx.log.append(ctx, {
      incidentId: inc.id,
      actor: ctx.actor,
      kind: 'timer.extended',
      payload: { timerId: row.id, minutes, previousDueAt: new Date(row.due_ms).toISOString(), note },
    });
    await timersRepo.extend(ctx.db, row.id, now, now + minutes * MIN);
    await projectEntry(ctx, ev, 'decision', `Extended ${what} by ${minutes} min (until ${fmtTime(now + minutes * MIN)}): ${note}`);
    ctx.changed('timers', inc.id);
    return { timer: toTimer((await timersRepo.get(ctx.db, row.id))!, now), next: null };
  }

  if (input.decision === 'switch') {
    const hypothesis = input.hypothesis?.trim();
    if (!hypothesis) throw new AppError('invalid_input', 'Switching needs the next hypothesis.', [{ path: 'hypothesis', message: 'name the hypothesis to try next' }]);
    await timersRepo.close(ctx.db, row.id, 'resolved', 'switch', note || null, new Date(now).toISOString());
    const owner = input.owner === undefined ? row.owner : input.owner.trim() || null;
    next = await insertTimer(ctx, inc, { kind: 'diagnosis', label: hypothesis, owner, startedMs: now, dueMs: now + minutes * MIN, policyKey: null });
    text = `Switched hypothesis: “${row.label}” → “${hypothesis}” for ${minutes} min (until ${fmtTime(now + minutes * MIN)})${note ? `: ${note}` : ''}`;
  } else if (input.decision === 'escalate') {
    await timersRepo.close(ctx.db, row.id, 'resolved', 'escalate', note || null, new Date(now).toISOString());
    text = `Escalated after ${what}${note ? `: ${note}` : ''}`;
  } else if (input.decision === 'cancel') {
    await timersRepo.close(ctx.db, row.id, 'cancelled', 'cancel', note || null, new Date(now).toISOString());
    text = `Cancelled ${what}${note ? `: ${note}` : ''}`;
  } else {
    await timersRepo.close(ctx.db, row.id, 'resolved', 'done', note || null, new Date(now).toISOString());
    if (row.kind === 'cadence' && row.policy_key) {
      const policy = await timersRepo.policy(ctx.db, inc.severity, row.policy_key);
      if (policy?.enabled && policy.everyMinutes) {
        next = await insertTimer(ctx, inc, { kind: 'cadence', label: policy.label, owner: row.owner, startedMs: now, dueMs: now + policy.everyMinutes * MIN, policyKey: policy.key });
      }
    }
    const late = now > row.due_ms ? ` (${Math.round((now - row.due_ms) / MIN)} min late)` : '';
    text =
      row.kind === 'diagnosis'
        ? `Hypothesis confirmed: “${row.label}”${note ? `: ${note}` : ''}`
        : row.kind === 'ask'
          ? `Ask answered${row.owner ? ` by ${row.owner}` : ''}: “${row.label}”${late}${note ? `: ${note}` : ''}`
          : `Done: ${row.label}${late}${next ? `; next due ${fmtTime(next.due_ms)}` : ''}${note ? `: ${note}` : ''}`;
  }
  const ev = await ctx.log.append(ctx, {
    incidentId: inc.id,
    actor: ctx.actor,
    kind: 'timer.resolved',
    payload: { timerId: row.id, decision: input.decision, note, nextTimerId: next?.id ?? null },
  });
  await projectEntry(ctx, ev, input.decision === 'cancel' ? 'system' : 'decision', text);
  ctx.changed('timers', inc.id);
  return { timer: toTimer((await timersRepo.get(ctx.db, row.id))!, now), next: next ? toTimer(next, now) : null };
}

// ---------------------------------------------------------------------------------------------
// Cadence

/**
 * Plan the cadence timers of an incident from the policy for `severity`: one-offs already done are
 * skipped; a recurring update is next due `every` after it was last done, or `first` after the
 * declaration. Past deadlines are kept as they are: an overdue update is overdue.
 */
export async function planCadence(ctx: CommandContext, inc: Incident, severity: Severity): Promise<TimerRow[]> {
  const now = ctx.now();
  for (const t of await timersRepo.openCadence(ctx.db, inc.id)) await timersRepo.close(ctx.db, t.id, 'cancelled', 'cancel', 're-planned', new Date(now).toISOString());
  const policies = (await timersRepo.policies(ctx.db, severity)).filter((p) => p.enabled);
  const lastDone = await timersRepo.lastCadenceDone(ctx.db, inc.id);
  const declaredMs = Date.parse(inc.milestones.declared ?? inc.createdAt);
  const rows: TimerRow[] = [];
  for (const p of policies) {
    const done = lastDone.get(p.key);
    if (done && p.everyMinutes === null) continue;
    const startedMs = done ? Date.parse(done) : declaredMs;
    const dueMs = startedMs + (done ? p.everyMinutes! : p.firstMinutes) * MIN;
    rows.push(await insertTimer(ctx, inc, { kind: 'cadence', label: p.label, owner: null, startedMs, dueMs, policyKey: p.key }));
  }
  return rows;
}

export async function startCadence(input: ParsedInput<'cadence:start'>, ctx: CommandContext): Promise<Timer[]> {
  const inc = await requireActive(ctx, input.incidentId);
  const rows = await planCadence(ctx, inc, inc.severity);
  const ev = await ctx.log.append(ctx, { incidentId: inc.id, actor: ctx.actor, kind: 'cadence.started', payload: { severity: inc.severity, timers: rows.map((r) => r.id) } });
  const list = rows.map((r) => `${r.label} ${fmtTime(r.due_ms)}`).join(', ');
  await projectEntry(ctx, ev, 'system', rows.length ? `Cadence for ${inc.severity} started: ${list}` : `No cadence policy is enabled for ${inc.severity}.`);
  ctx.changed('timers', inc.id);
  const now = ctx.now();
  return rows.map((r) => toTimer(r, now));
}

export function listPolicies(_input: ParsedInput<'cadence:policies'>, ctx: CommandContext): Promise<CadencePolicy[]> {
  return timersRepo.policies(ctx.db);
}

const describeRow = (p: Pick<CadencePolicy, 'firstMinutes' | 'everyMinutes' | 'enabled'>) =>
  p.enabled ? `first after ${p.firstMinutes} min${p.everyMinutes ? `, then every ${p.everyMinutes} min` : ', once'}` : 'off';

export async function setPolicy(input: ParsedInput<'cadence:set-policy'>, ctx: CommandContext): Promise<CadencePolicy> {
  const before = await timersRepo.policy(ctx.db, input.severity, input.key);
  if (!before) throw new AppError('not_found', `No cadence policy ${input.severity}/${input.key}.`);
  const after: CadencePolicy = {
    ...before,
    firstMinutes: input.firstMinutes,
    everyMinutes: input.everyMinutes,
    enabled: input.enabled,
    updatedAt: new Date(ctx.now()).toISOString(),
    updatedBy: ctx.actor,
  };
  if (before.firstMinutes === after.firstMinutes && before.everyMinutes === after.everyMinutes && before.enabled === after.enabled) return before;
  await timersRepo.updatePolicy(ctx.db, after);
  const change = `Cadence policy ${input.severity} · ${before.label}: ${describeRow(before)} → ${describeRow(after)}${input.reason ? ` (${input.reason})` : ''}`;
  // The policy is global; its audit trail is the event log plus the timeline of every active
  // incident it changes, whose cadence timers are re-planned in the same transaction.
  await ctx.log.append(ctx, { incidentId: null, actor: ctx.actor, kind: 'cadence.policy_changed', payload: { before, after, reason: input.reason ?? null } });
  const affected = (await incidentsRepo.list(ctx.db, {})).filter((i) => i.severity === input.severity && (i.status === 'investigating' || i.status === 'identified' || i.status === 'monitoring'));
  for (const inc of affected) {
    const hadCadence = (await timersRepo.openCadence(ctx.db, inc.id)).length > 0;
    const ev = await ctx.log.append(ctx, { incidentId: inc.id, actor: ctx.actor, kind: 'cadence.policy_applied', payload: { severity: input.severity, key: input.key, replanned: hadCadence } });
    if (hadCadence) await planCadence(ctx, inc, inc.severity);
    await projectEntry(ctx, ev, 'system', change + (hadCadence ? '; cadence timers re-planned' : ''));
    ctx.changed('timers', inc.id);
  }
  ctx.changed('cadence');
  return after;
}

/** Close every open timer of an incident (it was resolved); used by the event-log listener. */
export async function closeAllOpen(db: SqlRunner, incidentId: string, at: string): Promise<TimerRow[]> {
  const open = (await timersRepo.forIncident(db, incidentId)).filter((t) => t.state === 'open');
  for (const t of open) await timersRepo.close(db, t.id, 'cancelled', 'cancel', 'incident resolved', at);
  return open;
}
