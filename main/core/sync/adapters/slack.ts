// Slack Web API. Errors come back as HTTP 200 with {"ok": false, "error": "…"}, so `ok` is checked
// on every answer. One channel per incident (#inc-2026-0042-<slug>); posts carry our delivery id in
// message metadata, and a retry after a lost answer looks for it in the channel history first
// (chat.postMessage has no idempotency key), paging back to when the item was created.
import { z } from 'zod';
import { bodyText, bool, chatShouldPost, chatText, classify, clipText, guarded, guardedTest, joinUrl, settingsSchema, str } from './common';
import type { DeliveryContext, DeliveryOutcome, PlannedOp, SyncAdapter } from './types';
import type { HttpResponse } from '../http';

const RETRYABLE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);
const EVENT_TYPE = 'commandpost_update';
/** Page size for the history search (Slack allows up to 999; it recommends no more than 200). */
const HISTORY_PAGE = 200;
/** Our clock and Slack's may disagree: the search starts this long before the item was created. */
const CLOCK_MARGIN_S = 3_600;
/** A bound on one search (40,000 messages since the item was created). */
const MAX_HISTORY_PAGES = 200;

/** `inc-2026-0042-checkout-is-down`: Slack names are ≤80 chars of a-z, 0-9, - and _. */
export function slackChannelName(humanId: string, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const base = humanId.toLowerCase();
  return `${base}${slug ? `-${slug}` : ''}`.slice(0, 80).replace(/-+$/, '');
}

async function slackCall(ctx: Pick<DeliveryContext, 'http' | 'config' | 'secret'>, method: string, body: Record<string, unknown> | null, query = ''): Promise<HttpResponse> {
  const headers = { Authorization: `Bearer ${ctx.secret ?? ''}` };
  const url = joinUrl(ctx.config.baseUrl, `/api/${method}${query}`);
  return body === null
    ? ctx.http({ method: 'GET', url, headers })
    : ctx.http({ method: 'POST', url, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) });
}

/** HTTP first (429 / 5xx), then Slack's own `ok`. */
function slackOutcome(res: HttpResponse, now: number): DeliveryOutcome | { kind: 'ok'; json: Record<string, unknown> } {
  if (res.status !== 200) return classify(res, now, bodyText);
  const json = (res.json ?? {}) as { ok?: boolean; error?: string };
  if (json.ok === true) return { kind: 'ok', json: json as Record<string, unknown> };
  const error = json.error ?? 'no error given';
  return RETRYABLE.has(error) ? { kind: 'retry', status: 200, error: `Slack: ${error}` } : { kind: 'dead', status: 200, error: `Slack refused: ${error}` };
}

async function findChannel(ctx: DeliveryContext, name: string): Promise<string | null | DeliveryOutcome> {
  let cursor = '';
  for (let page = 0; page < 20; page++) {
    const res = await slackCall(ctx, 'conversations.list', null, `?limit=200&exclude_archived=true&types=public_channel,private_channel${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const out = slackOutcome(res, ctx.now());
    if (out.kind !== 'ok') return out;
    const channels = (out.json.channels as Array<{ id: string; name: string }> | undefined) ?? [];
    const hit = channels.find((c) => c.name === name);
    if (hit) return hit.id;
    cursor = (out.json.response_metadata as { next_cursor?: string } | undefined)?.next_cursor ?? '';
    if (!cursor) return null;
  }
  return null;
}

/**
 * Did an earlier attempt of this item get posted? Reads conversations.history newest first, page by
 * page (cursor), back to shortly before the item was created, however many messages came since.
 */
async function postedBefore(ctx: DeliveryContext, channel: string): Promise<boolean | DeliveryOutcome> {
  const created = Date.parse(ctx.item.createdAt);
  const oldest = Number.isFinite(created) ? Math.max(0, Math.floor(created / 1000) - CLOCK_MARGIN_S) : 0;
  let cursor = '';
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    const query = `?channel=${encodeURIComponent(channel)}&limit=${HISTORY_PAGE}&include_all_metadata=true&oldest=${oldest}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const hist = await slackCall(ctx, 'conversations.history', null, query);
    const out = slackOutcome(hist, ctx.now());
    if (out.kind === 'dead') return out;
    if (out.kind === 'retry') return { ...out, error: `history check before retry: ${out.error}` };
    if (out.kind === 'delivered') return { kind: 'retry', status: out.status, error: 'unexpected answer to the history check' };
    const messages = (out.json.messages as Array<{ metadata?: { event_type?: string; event_payload?: { delivery_id?: string } } }> | undefined) ?? [];
    if (messages.some((m) => m.metadata?.event_type === EVENT_TYPE && m.metadata.event_payload?.delivery_id === ctx.item.vendorKey)) return true;
    cursor = (out.json.response_metadata as { next_cursor?: string } | undefined)?.next_cursor ?? '';
    if (out.json.has_more !== true || !cursor) return false;
  }
  // Tens of thousands of messages since the item was created and still not found: posting risks a
  // duplicate in a channel that busy, which is better than never sending the update.
  return false;
}

export const slackAdapter: SyncAdapter = {
  kind: 'slack',
  label: 'Slack',
  secretLabel: 'Bot token (xoxb-…), scopes chat:write, channels:manage, channels:read, channels:history',
  secretRequired: true,
  defaultBaseUrl: 'https://slack.com',
  defaultRouting: { minSeverity: 'SEV-3', onDeclare: true, onSeverityChange: true, onStatusChange: true, onTimeline: false, onResolve: true, includeExercises: false, catchUp: 'offer' },
  public: false,
  pages: false,
  settingsSchema: settingsSchema({
    perIncidentChannel: z.boolean().optional(),
    channel: z.string().max(80).optional(),
    privateChannels: z.boolean().optional(),
  }),

  // A channel or a post for this incident: later updates go there.
  opened: (history) => history.length > 0,

  plan(event, facts, config) {
    const perIncident = bool(config.settings, 'perIncidentChannel', true);
    const opened = slackAdapter.opened(facts.history);
    if (!chatShouldPost(event, facts, config.routing, opened)) return [];
    const i = facts.incident;
    const ops: PlannedOp[] = [];
    const name = slackChannelName(i.humanId, i.title);
    if (perIncident && !facts.history.includes('create_channel')) {
      ops.push({ operation: 'create_channel', summary: `Create Slack channel #${name}`, vendorKey: name, payload: { name, is_private: bool(config.settings, 'privateChannels', false) } });
    }
    const text = clipText(chatText(event, facts), 3_000);
    ops.push({
      operation: 'post',
      summary: `Post to Slack: ${clipText(text, 80)}`,
      vendorKey: '', // filled in by the router with the item id (the delivery id)
      payload: { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }], unfurl_links: false },
    });
    return ops;
  },

  deliver: (ctx) =>
    guarded(async (): Promise<DeliveryOutcome> => {
      if (ctx.item.operation === 'create_channel') {
        const name = String(ctx.item.payload.name);
        const res = await slackCall(ctx, 'conversations.create', ctx.item.payload);
        const out = slackOutcome(res, ctx.now());
        if (out.kind === 'ok') return { kind: 'delivered', status: res.status, refs: { channelId: String((out.json.channel as { id: string }).id) } };
        if (out.kind === 'dead' && out.error.endsWith('name_taken')) {
          // Our own earlier attempt may have created it before its answer was lost: adopt it.
          const found = await findChannel(ctx, name);
          if (typeof found === 'string') return { kind: 'delivered', status: 200, refs: { channelId: found } };
          if (found === null) return { kind: 'dead', status: 200, error: `Slack says #${name} exists but it is not visible to the bot (archived or private).` };
          return found;
        }
        return out;
      }
      const channel = (await ctx.refs.get('channelId')) ?? (str(ctx.config.settings, 'channel') || null);
      if (!channel) return { kind: 'dead', status: null, error: 'No Slack channel for this incident (its creation failed or was discarded) and no default channel is set.' };
      if (ctx.item.previousAttempts > 0) {
        const found = await postedBefore(ctx, channel);
        if (found === true) return { kind: 'delivered', status: 200 };
        if (found !== false) return found;
      }
      const res = await slackCall(ctx, 'chat.postMessage', {
        ...ctx.item.payload,
        channel,
        metadata: { event_type: EVENT_TYPE, event_payload: { delivery_id: ctx.item.vendorKey } },
      });
      const out = slackOutcome(res, ctx.now());
      return out.kind === 'ok' ? { kind: 'delivered', status: res.status } : out;
    }),

  test: (ctx) =>
    guardedTest(async () => {
      const res = await slackCall(ctx, 'auth.test', {});
      const json = (res.json ?? {}) as { ok?: boolean; error?: string; team?: string; user?: string };
      if (res.status === 200 && json.ok) return { ok: true, status: 200, message: `Slack token works (team ${json.team ?? '?'}, bot ${json.user ?? '?'}).` };
      return { ok: false, status: res.status, message: res.status === 200 ? `Slack refused: ${json.error ?? 'unknown error'}` : bodyText(res) };
    }),
};
