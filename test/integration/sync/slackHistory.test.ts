// Slack's chat.postMessage has no idempotency key, so a post whose answer may have been lost is
// looked for in the channel history first. The history is paged the way Slack pages it
// (limit ≤ 999, default 100, has_more + response_metadata.next_cursor, oldest/latest), and the search
// goes back to the item's creation, however many messages arrived since.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { slackAdapter } from '../../../main/core/sync/adapters/slack';
import type { DeliveryContext } from '../../../main/core/sync/adapters/types';
import { createHttpClient } from '../../../main/core/sync/http';
import { FAKE_CREDENTIALS as C } from '../../fakes';
import { startSlackFake, type SlackFake } from '../../fakes/slack';

let slack: SlackFake;
beforeAll(async () => {
  slack = await startSlackFake();
});
afterAll(async () => {
  await slack.close();
});

async function call(method: string, body: Record<string, unknown> | null, query = ''): Promise<Record<string, unknown>> {
  const res = await fetch(`${slack.url}/api/${method}${query}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${C.slack.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await res.json()) as Record<string, unknown>;
}

async function channel(name: string): Promise<string> {
  const out = await call('conversations.create', { name });
  return (out.channel as { id: string }).id;
}

function ctx(channelId: string, item: { vendorKey: string; previousAttempts: number; createdAt: string }): DeliveryContext {
  return {
    item: { id: item.vendorKey, operation: 'post', payload: { text: 'INC-2026-0042 status investigating → identified' }, stream: 's1', ...item },
    config: { name: 'slack', kind: 'slack', baseUrl: slack.url, settings: {}, routing: slackAdapter.defaultRouting },
    secret: C.slack.token,
    http: createHttpClient({ timeoutMs: 5_000 }),
    refs: { get: async (k) => (k === 'channelId' ? channelId : null) },
    now: () => Date.now(),
    sleep: async () => undefined,
  };
}

test('the fake pages conversations.history like Slack: default 100, has_more, next_cursor, limit at most 999', async () => {
  const id = await channel('inc-paging-fake');
  for (let n = 0; n < 250; n++) await call('chat.postMessage', { channel: id, text: `filler ${n}` });
  const first = await call('conversations.history', null, `?channel=${id}`);
  expect((first.messages as unknown[]).length).toBe(100);
  expect(first.has_more).toBe(true);
  const cursor = (first.response_metadata as { next_cursor: string }).next_cursor;
  expect(cursor).not.toBe('');
  const second = await call('conversations.history', null, `?channel=${id}&limit=200&cursor=${encodeURIComponent(cursor)}`);
  expect((second.messages as Array<{ text: string }>).map((m) => m.text)).toEqual(Array.from({ length: 150 }, (_, k) => `filler ${149 - k}`));
  expect(second.has_more).toBe(false);
  const all = await call('conversations.history', null, `?channel=${id}&limit=5000`);
  expect((all.messages as unknown[]).length).toBe(250);
  // oldest / latest bound the range (exclusive unless inclusive=true); newest first as in Slack.
  const msgs = (all.messages as Array<{ ts: string }>).map((m) => m.ts);
  const window = await call('conversations.history', null, `?channel=${id}&limit=999&oldest=${msgs[20]}&latest=${msgs[10]}`);
  expect((window.messages as Array<{ ts: string }>).map((m) => m.ts)).toEqual(msgs.slice(11, 20));
  const inclusive = await call('conversations.history', null, `?channel=${id}&limit=999&oldest=${msgs[20]}&latest=${msgs[10]}&inclusive=true`);
  expect((inclusive.messages as unknown[]).length).toBe(11);
  // A page never holds more than 999, whatever limit asks for.
  const ch = slack.channels.get(id)!;
  const top = Number(ch.messages[0]!.ts.split('.')[0]);
  for (let n = 1; n <= 1000; n++) ch.messages.unshift({ ts: `${top + 1}.${String(n).padStart(6, '0')}`, text: `seeded ${n}` });
  const capped = await call('conversations.history', null, `?channel=${id}&limit=5000`);
  expect((capped.messages as unknown[]).length).toBe(999);
  expect(capped.has_more).toBe(true);
  expect(await call('conversations.history', null, `?channel=${id}&cursor=bm9wZQ==`)).toEqual({ ok: false, error: 'invalid_cursor' });
});

test('a retried post finds its first attempt behind more than 100 newer messages and is not posted twice', async () => {
  const id = await channel('inc-paging-retry');
  const createdAt = new Date(Date.now() - 1_000).toISOString();
  const first = await slackAdapter.deliver(ctx(id, { vendorKey: 'delivery-behind-250', previousAttempts: 0, createdAt }));
  expect(first).toMatchObject({ kind: 'delivered' });
  // The answer was lost; meanwhile the channel got busy.
  for (let n = 0; n < 250; n++) await call('chat.postMessage', { channel: id, text: `responder chatter ${n}` });
  const again = await slackAdapter.deliver(ctx(id, { vendorKey: 'delivery-behind-250', previousAttempts: 1, createdAt }));
  expect(again).toMatchObject({ kind: 'delivered' });
  expect(slack.effects.counts.get('post:delivery-behind-250')).toBe(1);
  // An item that never got out is posted once after the search comes up empty.
  const fresh = await slackAdapter.deliver(ctx(id, { vendorKey: 'delivery-never-sent', previousAttempts: 2, createdAt: new Date().toISOString() }));
  expect(fresh).toMatchObject({ kind: 'delivered' });
  expect(slack.effects.counts.get('post:delivery-never-sent')).toBe(1);
});
