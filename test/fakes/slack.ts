// Fake Slack Web API. Errors are HTTP 200 {"ok":false,"error":"…"} (invalid_auth, not_authed,
// channel_not_found, name_taken, invalid_name_specials, no_text, invalid_cursor); rate limits are
// HTTP 429 with Retry-After (about one message per second per channel). Message metadata is kept and
// returned by conversations.history when include_all_metadata=true. conversations.history pages as
// Slack does: newest first, `limit` default 100 and at most 999, `oldest`/`latest` bound the range
// (exclusive unless inclusive=true), `has_more` and `response_metadata.next_cursor` for the next page.
import { randomBytes } from 'node:crypto';
import { FAKE_CREDENTIALS } from './credentials';
import { limiter, route, startFake, type FakeRequest, type FakeResponse, type RunningFake } from './server';

interface Message {
  ts: string;
  text: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}
interface Channel {
  id: string;
  name: string;
  is_private: boolean;
  created: number;
  messages: Message[];
}

const HISTORY_DEFAULT_LIMIT = 100;
const HISTORY_MAX_LIMIT = 999;

/** A Slack timestamp ("1700000000.000123") as microseconds, exactly (floats lose the last digits). */
function tsValue(ts: string): bigint | null {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(ts);
  return m ? BigInt(m[1]!) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0')) : null;
}

export interface SlackFake extends RunningFake {
  channels: Map<string, Channel>;
}

export async function startSlackFake(opts: { port?: number; rateLimit?: boolean } = {}): Promise<SlackFake> {
  const channels = new Map<string, Channel>();
  const perChannel = limiter(1, 1);
  let tsCounter = 0;
  const fake = await startFake({ name: 'slack', ...opts }, ({ effects, rateLimited }) => {
    const auth = (req: FakeRequest): FakeResponse | null => {
      const h = req.headers.authorization;
      if (!h) return { status: 200, body: { ok: false, error: 'not_authed' } };
      if (h !== `Bearer ${FAKE_CREDENTIALS.slack.token}`) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
      return null;
    };
    const find = (ref: string) => channels.get(ref) ?? [...channels.values()].find((c) => `#${c.name}` === ref || c.name === ref);
    const body = (req: FakeRequest) => (req.json ?? Object.fromEntries(new URLSearchParams(req.raw))) as Record<string, unknown>;
    return [
      route('POST', /^\/api\/auth\.test$/, (req) => auth(req) ?? { status: 200, body: { ok: true, url: 'https://sandbox.slack.com/', team: 'Sandbox', user: 'command-post', team_id: 'T0SANDBOX', user_id: 'U0BOT', bot_id: 'B0BOT' } }),
      route('POST', /^\/api\/conversations\.create$/, (req) => {
        const a = auth(req);
        if (a) return a;
        const b = body(req);
        const name = typeof b.name === 'string' ? b.name : '';
        if (!name) return { status: 200, body: { ok: false, error: 'invalid_name_required' } };
        if (name.length > 80) return { status: 200, body: { ok: false, error: 'invalid_name_maxlength' } };
        if (!/^[a-z0-9_-]+$/.test(name)) return { status: 200, body: { ok: false, error: 'invalid_name_specials' } };
        if ([...channels.values()].some((c) => c.name === name)) return { status: 200, body: { ok: false, error: 'name_taken' } };
        const ch: Channel = { id: `C${randomBytes(5).toString('hex').toUpperCase()}`, name, is_private: b.is_private === true, created: Math.floor(Date.now() / 1000), messages: [] };
        channels.set(ch.id, ch);
        effects.record(name, 'channel');
        return { status: 200, body: { ok: true, channel: { id: ch.id, name: ch.name, is_channel: true, is_private: ch.is_private, created: ch.created } } };
      }),
      route('POST', /^\/api\/chat\.postMessage$/, (req) => {
        const a = auth(req);
        if (a) return a;
        const b = body(req);
        const ch = find(String(b.channel ?? ''));
        if (!b.channel) return { status: 200, body: { ok: false, error: 'channel_not_found' } };
        if (!ch) return { status: 200, body: { ok: false, error: 'channel_not_found' } };
        if ((typeof b.text !== 'string' || !b.text) && !Array.isArray(b.blocks)) return { status: 200, body: { ok: false, error: 'no_text' } };
        if (rateLimited() && !perChannel(ch.id)) return { status: 429, headers: { 'Retry-After': '1' }, body: { ok: false, error: 'ratelimited' } };
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;
        const meta = b.metadata as Message['metadata'] | undefined;
        ch.messages.unshift({ ts, text: String(b.text ?? ''), ...(meta ? { metadata: meta } : {}) });
        effects.record(String(meta?.event_payload?.delivery_id ?? ts), 'post', { channel: ch.name, text: b.text });
        return { status: 200, body: { ok: true, channel: ch.id, ts, message: { type: 'message', text: b.text, ts, bot_id: 'B0BOT' } } };
      }),
      route('GET', /^\/api\/conversations\.history$/, (req) => {
        const a = auth(req);
        if (a) return a;
        const ch = find(req.query.get('channel') ?? '');
        if (!ch) return { status: 200, body: { ok: false, error: 'channel_not_found' } };
        const limit = Math.min(HISTORY_MAX_LIMIT, Math.max(1, Number(req.query.get('limit') ?? HISTORY_DEFAULT_LIMIT) || HISTORY_DEFAULT_LIMIT));
        const withMeta = req.query.get('include_all_metadata') === 'true';
        const inclusive = req.query.get('inclusive') === 'true' || req.query.get('inclusive') === '1';
        const oldest = tsValue(req.query.get('oldest') ?? '0');
        const latest = req.query.get('latest') ? tsValue(req.query.get('latest')!) : null;
        if (oldest === null) return { status: 200, body: { ok: false, error: 'invalid_ts_oldest' } };
        if (latest === null && req.query.get('latest')) return { status: 200, body: { ok: false, error: 'invalid_ts_latest' } };
        let from: bigint | null = null;
        const cursor = req.query.get('cursor');
        if (cursor) {
          const m = /^next_ts:(\d+\.\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
          from = m ? tsValue(m[1]!) : null;
          if (from === null) return { status: 200, body: { ok: false, error: 'invalid_cursor' } };
        }
        // Messages are kept newest first, as Slack returns them.
        const inRange = ch.messages.filter((msg) => {
          const t = tsValue(msg.ts)!;
          if (inclusive ? t < oldest : t <= oldest) return false;
          if (latest !== null && (inclusive ? t > latest : t >= latest)) return false;
          return from === null || t <= from;
        });
        const page = inRange.slice(0, limit);
        const next = inRange[limit];
        return {
          status: 200,
          body: {
            ok: true,
            messages: page.map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(withMeta && m.metadata ? { metadata: m.metadata } : {}) })),
            has_more: next !== undefined,
            pin_count: 0,
            response_metadata: { next_cursor: next ? Buffer.from(`next_ts:${next.ts}`).toString('base64') : '' },
          },
        };
      }),
      route('GET', /^\/api\/conversations\.list$/, (req) => {
        const a = auth(req);
        if (a) return a;
        const limit = Math.min(1000, Number(req.query.get('limit') ?? 100) || 100);
        const offset = Number(Buffer.from(req.query.get('cursor') ?? '', 'base64').toString() || 0) || 0;
        const all = [...channels.values()];
        const page = all.slice(offset, offset + limit);
        const next = offset + limit < all.length ? Buffer.from(String(offset + limit)).toString('base64') : '';
        return { status: 200, body: { ok: true, channels: page.map((c) => ({ id: c.id, name: c.name, is_private: c.is_private })), response_metadata: { next_cursor: next } } };
      }),
    ];
  });
  return Object.assign(fake, { channels });
}
