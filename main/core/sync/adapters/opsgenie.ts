// Opsgenie Alert API. Requests are asynchronous: a 202 only says "Request will be processed", so
// each attempt polls GET /v2/alerts/requests/{requestId} for the real outcome. The alias is the
// dedup key, so re-posting after an inconclusive poll cannot open a second alert.
import { z } from 'zod';
import type { OnCallEntry } from '../../../../shared/domain/sync';
import type { Severity } from '../../../../shared/domain/incidents';
import { bodyText, classify, clipText, guarded, guardedTest, joinUrl, pagerDecision, pagerOpened, settingsSchema, str } from './common';
import type { DeliveryContext, DeliveryOutcome, SyncAdapter } from './types';

const PRIORITY: Record<Severity, string> = { 'SEV-1': 'P1', 'SEV-2': 'P2', 'SEV-3': 'P3', 'SEV-4': 'P4', 'SEV-5': 'P5' };
const POLLS = 8;
const POLL_GAP_MS = 250;

function ogMessage(json: unknown, fallback: string): string {
  const o = json as { message?: unknown; errors?: Record<string, unknown> } | null;
  if (o && typeof o.message === 'string') return o.message + (o.errors ? `: ${Object.entries(o.errors).map(([k, v]) => `${k} ${String(v)}`).join('; ')}` : '');
  return fallback;
}

async function pollRequest(ctx: DeliveryContext, requestId: string, accepted: number): Promise<DeliveryOutcome> {
  const auth = { Authorization: `GenieKey ${ctx.secret ?? ''}` };
  for (let i = 0; i < POLLS; i++) {
    await ctx.sleep(POLL_GAP_MS * (i + 1));
    const res = await ctx.http({ method: 'GET', url: joinUrl(ctx.config.baseUrl, `/v2/alerts/requests/${encodeURIComponent(requestId)}`), headers: auth });
    if (res.status === 404) continue; // "Request not found. It might not be processed, yet."
    if (res.status !== 200) {
      const c = classify(res, ctx.now(), (r) => ogMessage(r.json, bodyText(r)));
      // An answered poll failure says nothing about the alert: try the whole (idempotent) request again.
      return c.kind === 'delivered' ? { kind: 'retry', status: res.status, error: 'unexpected poll answer' } : { ...c, kind: 'retry' } as DeliveryOutcome;
    }
    const data = (res.json as { data?: { isSuccess?: boolean; success?: boolean; status?: string; alertId?: string } }).data ?? {};
    if (data.isSuccess === true || data.success === true) {
      return { kind: 'delivered', status: accepted, ...(data.alertId ? { refs: { alertId: data.alertId } } : {}) };
    }
    return { kind: 'dead', status: 200, error: `Opsgenie could not process the request: ${data.status ?? 'no reason given'}` };
  }
  return { kind: 'retry', status: accepted, error: `Opsgenie accepted request ${requestId} but had not processed it after ${POLLS} polls` };
}

export const opsgenieAdapter: SyncAdapter = {
  kind: 'opsgenie',
  label: 'Opsgenie (Alert API)',
  secretLabel: 'API key (sent as "GenieKey <key>")',
  secretRequired: true,
  defaultBaseUrl: 'https://api.opsgenie.com',
  defaultRouting: { minSeverity: 'SEV-2', onDeclare: true, onSeverityChange: true, onStatusChange: false, onTimeline: false, onResolve: true, includeExercises: false, catchUp: 'offer' },
  public: false,
  pages: true,
  settingsSchema: settingsSchema({
    responderTeam: z.string().max(100).optional(),
    scheduleName: z.string().max(100).optional(),
    source: z.string().max(100).optional(),
  }),

  opened: pagerOpened,

  plan(event, facts, config) {
    const action = pagerDecision(event, facts, config.routing);
    if (!action) return [];
    const i = facts.incident;
    const alias = `cp-${i.id}`;
    if (action === 'trigger') {
      const team = str(config.settings, 'responderTeam');
      return [
        {
          operation: 'trigger',
          summary: `Create alert: ${i.humanId} ${i.severity} ${i.title}`,
          vendorKey: alias,
          payload: {
            message: clipText(`${i.humanId}: ${i.title}`, 130),
            alias,
            description: clipText(i.summary || i.title, 15_000),
            priority: PRIORITY[i.severity],
            tags: ['command-post', i.severity.toLowerCase()],
            details: { incident: i.humanId, severity: i.severity },
            source: str(config.settings, 'source', 'Command Post'),
            ...(team ? { responders: [{ type: 'team', name: team }] } : {}),
          },
        },
      ];
    }
    const op = action === 'resolve' ? 'close' : 'acknowledge';
    return [{ operation: action, summary: `${op === 'close' ? 'Close' : 'Acknowledge'} alert: ${i.humanId}`, vendorKey: alias, payload: { alias, action: op, source: 'Command Post', note: `${i.humanId} ${op === 'close' ? 'resolved' : 'acknowledged'} in Command Post` } }];
  },

  deliver: (ctx) =>
    guarded(async () => {
      const auth = { Authorization: `GenieKey ${ctx.secret ?? ''}` };
      const p = ctx.item.payload;
      const url =
        ctx.item.operation === 'trigger'
          ? joinUrl(ctx.config.baseUrl, '/v2/alerts')
          : joinUrl(ctx.config.baseUrl, `/v2/alerts/${encodeURIComponent(String(p.alias))}/${String(p.action)}?identifierType=alias`);
      const body = ctx.item.operation === 'trigger' ? p : { source: p.source, note: p.note };
      const res = await ctx.http({ method: 'POST', url, headers: auth, body: JSON.stringify(body) });
      if (res.status !== 202 && !(res.status >= 200 && res.status < 300)) return classify(res, ctx.now(), (r) => ogMessage(r.json, bodyText(r)));
      const requestId = (res.json as { requestId?: unknown } | null)?.requestId;
      if (typeof requestId !== 'string') return { kind: 'retry', status: res.status, error: 'Opsgenie answered without a requestId' };
      return pollRequest(ctx, requestId, res.status);
    }),

  test: (ctx) =>
    guardedTest(async () => {
      const res = await ctx.http({ method: 'GET', url: joinUrl(ctx.config.baseUrl, '/v2/alerts?limit=1'), headers: { Authorization: `GenieKey ${ctx.secret ?? ''}` } });
      const ok = res.status === 200;
      return { ok, status: res.status, message: ok ? 'Opsgenie accepted the API key.' : ogMessage(res.json, bodyText(res)) };
    }),

  async oncall(ctx) {
    const schedule = str(ctx.config.settings, 'scheduleName');
    if (!schedule) return null;
    const res = await ctx.http({
      method: 'GET',
      url: joinUrl(ctx.config.baseUrl, `/v2/schedules/${encodeURIComponent(schedule)}/on-calls?scheduleIdentifierType=name&flat=true`),
      headers: { Authorization: `GenieKey ${ctx.secret ?? ''}` },
    });
    if (res.status !== 200) throw new Error(`Opsgenie on-calls answered ${res.status}: ${ogMessage(res.json, bodyText(res))}`);
    const data = (res.json as { data?: { onCallRecipients?: string[]; _parent?: { name?: string } } }).data ?? {};
    return (data.onCallRecipients ?? []).map((u): OnCallEntry => ({ schedule: data._parent?.name ?? schedule, user: u, level: null, start: null, end: null }));
  },
};
