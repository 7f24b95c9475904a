// PagerDuty Events API v2: trigger / acknowledge / resolve on one dedup_key per incident, so a
// retried trigger after a lost response never opens a second PagerDuty incident.
import { z } from 'zod';
import type { OnCallEntry } from '../../../../shared/domain/sync';
import type { Severity } from '../../../../shared/domain/incidents';
import { bodyText, classify, clipText, guarded, guardedTest, joinUrl, pagerDecision, pagerOpened, settingsSchema, str } from './common';
import type { SyncAdapter } from './types';

const PD_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  'SEV-1': 'critical',
  'SEV-2': 'critical',
  'SEV-3': 'error',
  'SEV-4': 'warning',
  'SEV-5': 'info',
};

/** The secret is the routing key, or JSON {"routingKey", "apiToken"} when on-call should be read too. */
export function pagerDutySecret(secret: string | null): { routingKey: string; apiToken: string | null } {
  const s = (secret ?? '').trim();
  if (s.startsWith('{')) {
    try {
      const o = JSON.parse(s) as { routingKey?: unknown; apiToken?: unknown };
      return { routingKey: typeof o.routingKey === 'string' ? o.routingKey : '', apiToken: typeof o.apiToken === 'string' && o.apiToken ? o.apiToken : null };
    } catch {
      return { routingKey: '', apiToken: null };
    }
  }
  return { routingKey: s, apiToken: null };
}

function pdMessage(json: unknown, fallback: string): string {
  const o = json as { message?: unknown; errors?: unknown; error?: { message?: unknown; errors?: unknown } } | null;
  if (o && Array.isArray(o.errors)) return `${String(o.message ?? 'invalid event')}: ${o.errors.map(String).join('; ')}`;
  if (o?.error && typeof o.error.message === 'string') return o.error.message + (Array.isArray(o.error.errors) ? `: ${o.error.errors.join('; ')}` : '');
  if (o && typeof o.message === 'string') return o.message;
  return fallback;
}

export const pagerDutyAdapter: SyncAdapter = {
  kind: 'pagerduty',
  label: 'PagerDuty (Events API v2)',
  secretLabel: 'Routing key (32 characters), or JSON {"routingKey": "…", "apiToken": "…"} to also read on-call',
  secretRequired: true,
  defaultBaseUrl: 'https://events.pagerduty.com',
  defaultRouting: { minSeverity: 'SEV-2', onDeclare: true, onSeverityChange: true, onStatusChange: false, onTimeline: false, onResolve: true, includeExercises: false, catchUp: 'offer' },
  public: false,
  pages: true,
  settingsSchema: settingsSchema({
    source: z.string().max(255).optional(),
    component: z.string().max(255).optional(),
    apiBaseUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
    clientUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
  }),

  opened: pagerOpened,

  plan(event, facts, config) {
    const action = pagerDecision(event, facts, config.routing);
    if (!action) return [];
    const i = facts.incident;
    const dedupKey = `cp-${i.id}`;
    const body: Record<string, unknown> = { event_action: action, dedup_key: dedupKey, client: 'Command Post' };
    const clientUrl = str(config.settings, 'clientUrl');
    if (clientUrl) body.client_url = clientUrl;
    if (action === 'trigger') {
      body.payload = {
        summary: clipText(`${i.humanId} ${i.severity}: ${i.title}`, 1024),
        source: str(config.settings, 'source', 'command-post'),
        severity: PD_SEVERITY[i.severity],
        ...(str(config.settings, 'component') ? { component: str(config.settings, 'component') } : {}),
        custom_details: { incident: i.humanId, severity: i.severity, status: i.status },
      };
    }
    const verb = action === 'trigger' ? 'Trigger page' : action === 'resolve' ? 'Resolve page' : 'Acknowledge page';
    return [{ operation: action, summary: `${verb}: ${i.humanId} ${i.severity} ${i.title}`, vendorKey: dedupKey, payload: body }];
  },

  deliver: (ctx) =>
    guarded(async () => {
      const { routingKey } = pagerDutySecret(ctx.secret);
      const res = await ctx.http({ method: 'POST', url: joinUrl(ctx.config.baseUrl, '/v2/enqueue'), body: JSON.stringify({ ...ctx.item.payload, routing_key: routingKey }) });
      // PagerDuty asks clients to back off for at least 30 s after a 429.
      return classify(res, ctx.now(), (r) => pdMessage(r.json, bodyText(r)), { rateLimitFloorMs: 30_000 });
    }),

  test: (ctx) =>
    guardedTest(async () => {
      const { routingKey } = pagerDutySecret(ctx.secret);
      // Resolving a dedup_key that was never triggered is a no-op at PagerDuty but checks the key.
      const res = await ctx.http({
        method: 'POST',
        url: joinUrl(ctx.config.baseUrl, '/v2/enqueue'),
        body: JSON.stringify({ routing_key: routingKey, event_action: 'resolve', dedup_key: 'command-post-connection-test' }),
      });
      const ok = res.status >= 200 && res.status < 300;
      return { ok, status: res.status, message: ok ? 'PagerDuty accepted the routing key.' : pdMessage(res.json, bodyText(res)) };
    }),

  async oncall(ctx) {
    const { apiToken } = pagerDutySecret(ctx.secret);
    if (!apiToken) return null;
    const base = str(ctx.config.settings, 'apiBaseUrl') || ctx.config.baseUrl;
    const res = await ctx.http({ method: 'GET', url: joinUrl(base, '/oncalls?limit=100'), headers: { Authorization: `Token token=${apiToken}`, Accept: 'application/json' } });
    if (res.status !== 200) throw new Error(`PagerDuty /oncalls answered ${res.status}: ${pdMessage(res.json, bodyText(res))}`);
    const list = ((res.json as { oncalls?: unknown[] }).oncalls ?? []) as Array<{
      user?: { summary?: string };
      schedule?: { summary?: string } | null;
      escalation_policy?: { summary?: string };
      escalation_level?: number;
      start?: string | null;
      end?: string | null;
    }>;
    return list.map(
      (o): OnCallEntry => ({
        schedule: o.schedule?.summary ?? o.escalation_policy?.summary ?? 'escalation policy',
        user: o.user?.summary ?? 'unknown',
        level: typeof o.escalation_level === 'number' ? o.escalation_level : null,
        start: o.start ?? null,
        end: o.end ?? null,
      }),
    );
  },
};
