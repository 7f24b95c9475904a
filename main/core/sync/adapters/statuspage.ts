// Atlassian Statuspage: the one PUBLIC integration. It never receives timeline notes or status
// notes, only templated public text, and every text is leak-checked before it is queued. Creates
// carry a client-side external id in `metadata`; after a lost response we look for it before
// creating again. Updates stamp their own id into metadata so a retry can see it already applied.
import { z } from 'zod';
import type { IncidentStatus, Severity } from '../../../../shared/domain/incidents';
import { leakReason } from '../leakCheck';
import { ACTIVE, bodyText, catchUpDue, classify, guarded, guardedTest, inRange, joinUrl, settingsSchema, str } from './common';
import type { DeliveryContext, DeliveryOutcome, PlannedOp, SyncAdapter } from './types';

const IMPACT: Record<Severity, string> = { 'SEV-1': 'critical', 'SEV-2': 'major', 'SEV-3': 'minor', 'SEV-4': 'none', 'SEV-5': 'none' };
const PUBLIC_STATUS: Record<IncidentStatus, 'investigating' | 'identified' | 'monitoring' | 'resolved'> = {
  investigating: 'investigating',
  identified: 'identified',
  monitoring: 'monitoring',
  resolved: 'resolved',
  closed: 'resolved',
};
export const DEFAULT_PUBLIC_TEMPLATES: Record<'investigating' | 'identified' | 'monitoring' | 'resolved', string> = {
  investigating: 'We are investigating an issue affecting some of our services. We will post an update within 30 minutes.',
  identified: 'The cause has been identified and a fix is being implemented.',
  monitoring: 'A fix has been implemented and we are monitoring the results.',
  resolved: 'This incident has been resolved. Thank you for your patience.',
};

function spMessage(json: unknown, fallback: string): string {
  const e = (json as { error?: unknown; message?: unknown } | null)?.error ?? (json as { message?: unknown } | null)?.message;
  if (Array.isArray(e)) return e.map(String).join('; ');
  if (typeof e === 'string') return e;
  return fallback;
}

interface SpIncident {
  id: string;
  metadata?: { commandpost?: { external_id?: string; last_update?: string } };
}

function pageUrl(ctx: Pick<DeliveryContext, 'config'>, path: string): string {
  return joinUrl(ctx.config.baseUrl, `/v1/pages/${encodeURIComponent(str(ctx.config.settings, 'pageId'))}${path}`);
}

export const statuspageAdapter: SyncAdapter = {
  kind: 'statuspage',
  label: 'Atlassian Statuspage (public)',
  secretLabel: 'API key (sent as "OAuth <key>")',
  secretRequired: true,
  defaultBaseUrl: 'https://api.statuspage.io',
  defaultRouting: { minSeverity: 'SEV-1', onDeclare: true, onSeverityChange: true, onStatusChange: true, onTimeline: false, onResolve: true, includeExercises: false, catchUp: 'offer' },
  public: true,
  pages: false,
  settingsSchema: settingsSchema({
    pageId: z.string().min(1, { error: 'is required (the Statuspage page id)' }).max(64),
    componentIds: z.array(z.string().max(64)).max(50).optional(),
    publicName: z.string().max(255).optional(),
    allowedHosts: z.array(z.string().max(200)).max(20).optional(),
    deliverNotifications: z.boolean().optional(),
    template_investigating: z.string().max(25_000).optional(),
    template_identified: z.string().max(25_000).optional(),
    template_monitoring: z.string().max(25_000).optional(),
    template_resolved: z.string().max(25_000).optional(),
  }),

  opened: (history) => history.includes('create_incident'),

  plan(event, facts, config, eventId) {
    const i = facts.incident;
    const rules = config.routing;
    const created = facts.history.includes('create_incident');
    const lastStatus = [...facts.history].reverse().find((o) => o.startsWith('status:'))?.slice(7) ?? (created ? 'investigating' : null);
    const template = (s: keyof typeof DEFAULT_PUBLIC_TEMPLATES) => str(config.settings, `template_${s}`) || DEFAULT_PUBLIC_TEMPLATES[s];
    const allowedHosts = (config.settings.allowedHosts as string[] | undefined) ?? [];
    const components = (config.settings.componentIds as string[] | undefined) ?? [];
    const externalId = `cp-${i.id}`;
    const check = (op: PlannedOp, texts: string[]): PlannedOp => {
      const reason = leakReason(texts.join('\n'), { allowedHosts });
      return reason ? { ...op, refused: reason } : op;
    };
    const create = (): PlannedOp[] => {
      const name = str(config.settings, 'publicName') || i.title;
      const body = template('investigating');
      const componentStatus = i.severity === 'SEV-1' ? 'major_outage' : 'partial_outage';
      return [
        check(
          {
            operation: 'create_incident',
            summary: `Publish status page incident: ${name}`,
            vendorKey: externalId,
            payload: {
              incident: {
                name,
                status: 'investigating',
                impact_override: IMPACT[i.severity],
                body,
                component_ids: components,
                components: Object.fromEntries(components.map((c) => [c, componentStatus])),
                deliver_notifications: config.settings.deliverNotifications !== false,
                metadata: { commandpost: { external_id: externalId } },
              },
            },
          },
          [name, body],
        ),
      ];
    };
    const update = (status: keyof typeof DEFAULT_PUBLIC_TEMPLATES): PlannedOp[] => {
      const body = template(status);
      const op: PlannedOp = {
        operation: `status:${status}`,
        summary: `Update status page: ${status}`,
        vendorKey: `${externalId}:${eventId}`,
        payload: {
          incident: {
            status,
            body,
            ...(status === 'resolved' && components.length ? { components: Object.fromEntries(components.map((c) => [c, 'operational'])) } : {}),
            metadata: { commandpost: { external_id: externalId, last_update: `${externalId}:${eventId}` } },
          },
        },
      };
      return [check(op, [body])];
    };

    if (i.mode === 'exercise') return []; // a public page never shows an exercise
    switch (event.type) {
      case 'declared':
        return rules.onDeclare && inRange(i.severity, rules) ? create() : [];
      case 'severity_changed':
        return !created && rules.onSeverityChange && inRange(event.to, rules) && ACTIVE.has(i.status) ? create() : [];
      case 'status_changed': {
        if (!created) return [];
        const to = PUBLIC_STATUS[event.to];
        if (to === lastStatus) return [];
        if (to === 'resolved' ? !rules.onResolve : !rules.onStatusChange) return [];
        return update(to);
      }
      case 'caught_up': {
        // Opened at today's severity; then today's status, as the first update would have been.
        if (created || !catchUpDue(facts, rules)) return [];
        const now = PUBLIC_STATUS[i.status];
        return [...create(), ...(now !== 'investigating' && rules.onStatusChange ? update(now) : [])];
      }
      default:
        // Timeline notes and acknowledgements are internal: never published.
        return [];
    }
  },

  deliver: (ctx) =>
    guarded(async (): Promise<DeliveryOutcome> => {
      const auth = { Authorization: `OAuth ${ctx.secret ?? ''}` };
      const msg = (r: Parameters<typeof bodyText>[0]) => spMessage(r.json, bodyText(r));
      if (ctx.item.operation === 'create_incident') {
        if (ctx.item.previousAttempts > 0) {
          // No idempotency key at Statuspage: look for our external id before creating again.
          const found = await ctx.http({ method: 'GET', url: pageUrl(ctx, '/incidents?limit=100'), headers: auth });
          if (found.status !== 200) return classify(found, ctx.now(), msg).kind === 'dead' ? classify(found, ctx.now(), msg) : { kind: 'retry', status: found.status, error: `search before retry: ${msg(found)}` };
          const hit = ((found.json as SpIncident[] | null) ?? []).find((x) => x.metadata?.commandpost?.external_id === ctx.item.vendorKey);
          if (hit) return { kind: 'delivered', status: found.status, refs: { incidentId: hit.id } };
        }
        const res = await ctx.http({ method: 'POST', url: pageUrl(ctx, '/incidents'), headers: auth, body: JSON.stringify(ctx.item.payload) });
        const out = classify(res, ctx.now(), msg);
        const id = (res.json as SpIncident | null)?.id;
        if (out.kind === 'delivered') return typeof id === 'string' ? { ...out, refs: { incidentId: id } } : { kind: 'retry', status: res.status, error: 'Statuspage answered without an incident id' };
        return out;
      }
      const incidentId = await ctx.refs.get('incidentId');
      if (!incidentId) return { kind: 'dead', status: null, error: 'There is no status page incident to update (its creation failed or was discarded).' };
      if (ctx.item.previousAttempts > 0) {
        const cur = await ctx.http({ method: 'GET', url: pageUrl(ctx, `/incidents/${encodeURIComponent(incidentId)}`), headers: auth });
        if (cur.status === 200 && (cur.json as SpIncident).metadata?.commandpost?.last_update === ctx.item.vendorKey) return { kind: 'delivered', status: 200 };
        if (cur.status !== 200 && cur.status !== 404) return { kind: 'retry', status: cur.status, error: `check before retry: ${msg(cur)}` };
      }
      const res = await ctx.http({ method: 'PATCH', url: pageUrl(ctx, `/incidents/${encodeURIComponent(incidentId)}`), headers: auth, body: JSON.stringify(ctx.item.payload) });
      return classify(res, ctx.now(), msg);
    }),

  test: (ctx) =>
    guardedTest(async () => {
      const res = await ctx.http({ method: 'GET', url: pageUrl(ctx, ''), headers: { Authorization: `OAuth ${ctx.secret ?? ''}` } });
      const ok = res.status === 200;
      const name = (res.json as { name?: string } | null)?.name;
      return { ok, status: res.status, message: ok ? `Statuspage page "${name ?? '?'}" is reachable.` : spMessage(res.json, bodyText(res)) };
    }),
};
