// Microsoft Teams incoming webhook. The secret IS the webhook URL (whoever holds it can post), so
// it lives in the key store. A configured base URL replaces the URL's origin (the local fake, a
// proxy). Incoming webhooks have no idempotency key and no way to read back, so a post whose answer
// was lost may appear twice: the one at-least-once integration, said plainly in the UI.
import { z } from 'zod';
import { bodyText, chatShouldPost, chatText, classify, clipText, guarded, guardedTest } from './common';
import type { DeliveryContext, SyncAdapter } from './types';
import type { HttpResponse } from '../http';

export function teamsUrl(ctx: Pick<DeliveryContext, 'config' | 'secret'>): string | null {
  let hook: URL;
  try {
    hook = new URL((ctx.secret ?? '').trim());
  } catch {
    return null;
  }
  if (!ctx.config.baseUrl) return hook.toString();
  return new URL(hook.pathname + hook.search, ctx.config.baseUrl).toString();
}

function teamsOutcome(res: HttpResponse, now: number) {
  // Connector webhooks answer 200 "1" on success; some relay errors as 200 with a message body.
  if (res.status === 200 && res.text.trim() !== '1' && /error|failed/i.test(res.text)) {
    return /\b429\b/.test(res.text)
      ? { kind: 'retry' as const, status: 200, error: `Teams: ${bodyText(res)}`, retryAfterMs: 1_000 }
      : { kind: 'dead' as const, status: 200, error: `Teams: ${bodyText(res)}` };
  }
  return classify(res, now, bodyText);
}

export const teamsAdapter: SyncAdapter = {
  kind: 'teams',
  label: 'Microsoft Teams (incoming webhook)',
  secretLabel: 'Incoming webhook URL',
  secretRequired: true,
  defaultBaseUrl: '',
  defaultRouting: { minSeverity: 'SEV-3', onDeclare: true, onSeverityChange: true, onStatusChange: true, onTimeline: false, onResolve: true, includeExercises: false, catchUp: 'offer' },
  public: false,
  pages: false,
  settingsSchema: z.strictObject({}) as unknown as SyncAdapter['settingsSchema'],

  opened: (history) => history.length > 0,

  plan(event, facts, config) {
    if (!chatShouldPost(event, facts, config.routing, facts.history.length > 0)) return [];
    const text = clipText(chatText(event, facts), 3_000);
    const i = facts.incident;
    return [
      {
        operation: 'post',
        summary: `Post to Teams: ${clipText(text, 80)}`,
        vendorKey: '',
        payload: {
          '@type': 'MessageCard',
          '@context': 'https://schema.org/extensions',
          summary: clipText(`${i.humanId} ${i.title}`, 200),
          themeColor: i.severity === 'SEV-1' ? 'C4314B' : 'E3A21A',
          title: `${i.humanId} · ${i.severity} · ${i.title}`,
          text,
        },
      },
    ];
  },

  deliver: (ctx) =>
    guarded(async () => {
      const url = teamsUrl(ctx);
      if (!url) return { kind: 'dead', status: null, error: 'The stored Teams webhook URL is not a valid URL.' };
      const res = await ctx.http({ method: 'POST', url, body: JSON.stringify({ ...ctx.item.payload, potentialAction: [], commandPostDeliveryId: ctx.item.vendorKey }) });
      return teamsOutcome(res, ctx.now());
    }),

  test: (ctx) =>
    guardedTest(async () => {
      const url = teamsUrl(ctx);
      if (!url) return { ok: false, status: null, message: 'The stored Teams webhook URL is not a valid URL.' };
      // An incoming webhook can only post: the test is a visible, labelled message.
      const res = await ctx.http({ method: 'POST', url, body: JSON.stringify({ '@type': 'MessageCard', '@context': 'https://schema.org/extensions', summary: 'Command Post connection test', text: 'Command Post connection test: this channel will receive incident updates.' }) });
      const out = teamsOutcome(res, ctx.now());
      return { ok: out.kind === 'delivered', status: res.status, message: out.kind === 'delivered' ? 'Teams accepted the test message.' : out.error };
    }),
};
