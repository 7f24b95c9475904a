// Jira Cloud REST v3: one tracking issue per incident, its description in Atlassian Document
// Format. Jira has no idempotency key, so the issue carries a client-side external id as a label
// and a create whose answer may have been lost is preceded by a JQL search for that label.
// That search is eventually consistent: Jira Cloud's /search/jql does not read its own writes (an
// issue can take seconds, sometimes minutes, to appear), and its one consistent mode,
// reconcileIssues, needs the issue ids, which a create whose answer was lost never returned. So an
// empty search is not taken as "not created" at once: the adapter waits SEARCH_SETTLE_MS (on the
// sync clock), searches once more, and only creates the issue when that search is empty too. One
// wait and one more search, not a polling loop: every request can fail on a bad network, and an
// attempt that fails starts over. An issue Jira has not indexed a minute after the lost answer can
// still be created twice.
import { z } from 'zod';
import { ACTIVE, bodyText, catchUpDue, classify, clipText, guarded, guardedTest, inRange, joinUrl, settingsSchema, str } from './common';
import type { DeliveryContext, DeliveryOutcome, SyncAdapter } from './types';

function jiraMessage(json: unknown, fallback: string): string {
  const o = json as { errorMessages?: string[]; errors?: Record<string, string> } | null;
  const parts = [...(o?.errorMessages ?? []), ...Object.entries(o?.errors ?? {}).map(([k, v]) => `${k}: ${v}`)];
  return parts.length ? parts.join('; ') : fallback;
}

/** How long a retried create waits for the search to index an issue an earlier attempt made. */
export const SEARCH_SETTLE_MS = 60_000;

function auth(ctx: Pick<DeliveryContext, 'config' | 'secret'>): Record<string, string> {
  const basic = Buffer.from(`${str(ctx.config.settings, 'email')}:${ctx.secret ?? ''}`).toString('base64');
  return { Authorization: `Basic ${basic}`, Accept: 'application/json' };
}

/** ADF: a document of paragraphs; Jira v3 rejects a plain string description. */
export function adf(paragraphs: string[]): Record<string, unknown> {
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.filter((p) => p.length > 0).map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: p }] })),
  };
}

export const jiraAdapter: SyncAdapter = {
  kind: 'jira',
  label: 'Jira Cloud',
  secretLabel: 'API token (with the account e-mail in settings)',
  secretRequired: true,
  defaultBaseUrl: 'https://your-site.atlassian.net',
  defaultRouting: { minSeverity: 'SEV-3', onDeclare: true, onSeverityChange: true, onStatusChange: false, onTimeline: false, onResolve: false, includeExercises: false, catchUp: 'offer' },
  public: false,
  pages: false,
  settingsSchema: settingsSchema({
    email: z.string().min(3, { error: 'is required (the Jira account e-mail)' }).max(200),
    projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, { error: 'must be a Jira project key such as OPS' }),
    issueType: z.string().max(60).optional(),
  }),

  opened: (history) => history.includes('create_issue'),

  plan(event, facts, config) {
    const i = facts.incident;
    if (facts.history.includes('create_issue')) return [];
    const due =
      (event.type === 'declared' && config.routing.onDeclare && inRange(i.severity, config.routing)) ||
      (event.type === 'severity_changed' && config.routing.onSeverityChange && inRange(event.to, config.routing) && ACTIVE.has(i.status)) ||
      (event.type === 'caught_up' && catchUpDue(facts, config.routing));
    if (!due) return [];
    const label = `cp-${i.id.toLowerCase()}`;
    return [
      {
        operation: 'create_issue',
        summary: `Create Jira issue: ${i.humanId} ${i.title}`,
        vendorKey: label,
        payload: {
          fields: {
            project: { key: str(config.settings, 'projectKey') },
            issuetype: { name: str(config.settings, 'issueType', 'Task') },
            summary: clipText(`${i.humanId} ${i.severity}: ${i.title}`, 255),
            description: adf([`${i.humanId} was declared ${i.severity} in Command Post.`, i.summary]),
            labels: ['command-post', label],
          },
        },
      },
    ];
  },

  deliver: (ctx) =>
    guarded(async (): Promise<DeliveryOutcome> => {
      const msg = (r: Parameters<typeof bodyText>[0]) => jiraMessage(r.json, bodyText(r));
      if (ctx.item.previousAttempts > 0) {
        // An earlier attempt may have created the issue: look for its label, and if the search does
        // not show it, give the index time and look once more before creating another.
        for (const wait of [0, SEARCH_SETTLE_MS]) {
          if (wait > 0) await ctx.sleep(wait);
          const search = await ctx.http({
            method: 'POST',
            url: joinUrl(ctx.config.baseUrl, '/rest/api/3/search/jql'),
            headers: auth(ctx),
            body: JSON.stringify({ jql: `labels = "${ctx.item.vendorKey}"`, fields: ['key'], maxResults: 1 }),
          });
          if (search.status !== 200) {
            const c = classify(search, ctx.now(), msg);
            return c.kind === 'dead' ? c : { kind: 'retry', status: search.status, error: `search before retry: ${msg(search)}`, ...(c.kind === 'retry' && c.retryAfterMs ? { retryAfterMs: c.retryAfterMs } : {}) };
          }
          const hit = ((search.json as { issues?: Array<{ key: string }> }).issues ?? [])[0];
          if (hit) return { kind: 'delivered', status: 200, refs: { issueKey: hit.key } };
        }
      }
      const res = await ctx.http({ method: 'POST', url: joinUrl(ctx.config.baseUrl, '/rest/api/3/issue'), headers: auth(ctx), body: JSON.stringify(ctx.item.payload) });
      const out = classify(res, ctx.now(), msg);
      const key = (res.json as { key?: string } | null)?.key;
      return out.kind === 'delivered' && key ? { ...out, refs: { issueKey: key } } : out;
    }),

  test: (ctx) =>
    guardedTest(async () => {
      const res = await ctx.http({ method: 'GET', url: joinUrl(ctx.config.baseUrl, '/rest/api/3/myself'), headers: auth(ctx) });
      const ok = res.status === 200;
      return { ok, status: res.status, message: ok ? `Jira accepted the token for ${(res.json as { displayName?: string }).displayName ?? 'the account'}.` : jiraMessage(res.json, bodyText(res)) };
    }),
};
