// A generic outgoing webhook. Each delivery has a stable id (X-CommandPost-Delivery) so receivers
// can drop repeats, and is signed: HMAC-SHA256 over "<timestamp>.<body>" with the shared secret,
// sent as X-CommandPost-Signature: sha256=<hex>. Receivers should reject stale timestamps.
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { chatShouldPost, chatText, classify, bodyText, guarded, guardedTest, joinUrl, settingsSchema, str } from './common';
import type { SyncAdapter } from './types';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

function headers(secret: string, deliveryId: string, body: string): Record<string, string> {
  // The signing time is the real wall clock: it is what the receiver compares with its own.
  const ts = String(Math.floor(Date.now() / 1000));
  return { 'X-CommandPost-Delivery': deliveryId, 'X-CommandPost-Timestamp': ts, 'X-CommandPost-Signature': signWebhook(secret, ts, body) };
}

export const webhookAdapter: SyncAdapter = {
  kind: 'webhook',
  label: 'Generic webhook (HMAC-signed)',
  secretLabel: 'Signing secret (shared with the receiver)',
  secretRequired: true,
  defaultBaseUrl: 'https://example.invalid',
  defaultRouting: { minSeverity: 'SEV-5', onDeclare: true, onSeverityChange: true, onStatusChange: true, onTimeline: true, onResolve: true, includeExercises: false, catchUp: 'offer' },
  public: false,
  pages: false,
  settingsSchema: settingsSchema({ path: z.string().max(300).regex(/^\//, { error: 'must start with /' }).optional() }),

  opened: (history) => history.length > 0,

  plan(event, facts, config, eventId) {
    if (!chatShouldPost(event, facts, config.routing, facts.history.length > 0)) return [];
    const i = facts.incident;
    return [
      {
        operation: event.type,
        summary: `Webhook: ${chatText(event, facts).slice(0, 80)}`,
        vendorKey: '',
        payload: {
          type: `incident.${event.type}`,
          eventId,
          text: chatText(event, facts),
          incident: { id: i.id, humanId: i.humanId, title: i.title, severity: i.severity, status: i.status, mode: i.mode },
          data: event,
        },
      },
    ];
  },

  deliver: (ctx) =>
    guarded(async () => {
      const body = JSON.stringify({ id: ctx.item.vendorKey, ...ctx.item.payload });
      const res = await ctx.http({ method: 'POST', url: joinUrl(ctx.config.baseUrl, str(ctx.config.settings, 'path')), headers: headers(ctx.secret ?? '', ctx.item.vendorKey, body), body });
      return classify(res, ctx.now(), bodyText);
    }),

  test: (ctx) =>
    guardedTest(async () => {
      const body = JSON.stringify({ id: `ping-${Date.now()}`, type: 'ping', text: 'Command Post connection test' });
      const res = await ctx.http({ method: 'POST', url: joinUrl(ctx.config.baseUrl, str(ctx.config.settings, 'path')), headers: headers(ctx.secret ?? '', `ping-${Date.now()}`, body), body });
      const ok = res.status >= 200 && res.status < 300;
      return { ok, status: res.status, message: ok ? 'The receiver accepted a signed ping.' : bodyText(res) };
    }),
};
