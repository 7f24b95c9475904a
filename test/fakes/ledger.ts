// How an outbox row shows at its fake vendor, so a test can match each row with what the vendor did
// instead of trusting the row's own state:
// - ledgerKey: the key the fake records in its effects ledger when that row's write takes effect
//   (`trigger:<dedup_key>`, `post:<delivery id>`, `issue:<label>`…);
// - requestIds: the same keys as a request carries them on the wire (and, for reads, as the answer
//   names them), so a retry can be compared with the first attempt at the fake or the proxy.
import type { IncomingHttpHeaders } from 'node:http';
import type { FakeKind } from './index';

export interface WireRequest {
  method: string;
  /** Path with the query string. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RequestIds {
  /** A request that can change something at the vendor (as opposed to a search, poll or test). */
  write: boolean;
  /** Ledger keys the request carries (a write: what it asks to be done; a read: what it asks about). */
  ids: string[];
  /** For a read that succeeded: the ledger keys its answer shows exist at the vendor. */
  found: string[];
}

const OPSGENIE_EFFECT: Record<string, string> = { trigger: 'create', resolve: 'close', acknowledge: 'acknowledge' };

/** The ledger key of the effect an outbox row asks for, at the fake of its integration kind. */
export function ledgerKey(kind: FakeKind, operation: string, vendorKey: string): string {
  switch (kind) {
    case 'pagerduty':
      return `${operation}:${vendorKey}`;
    case 'opsgenie':
      return `${OPSGENIE_EFFECT[operation] ?? operation}:${vendorKey}`;
    case 'statuspage':
      return `${operation === 'create_incident' ? 'create' : 'update'}:${vendorKey}`;
    case 'slack':
      return `${operation === 'create_channel' ? 'channel' : 'post'}:${vendorKey}`;
    case 'jira':
      return `issue:${vendorKey}`;
    case 'webhook':
      return `delivery:${vendorKey}`;
    case 'teams':
      return `post:${vendorKey}`;
  }
}

/**
 * The ledger key a logged effect belongs to. A repeat the vendor absorbed (PagerDuty and Opsgenie
 * record it as `dedup`) belongs to the trigger it repeated.
 */
export function effectLedgerKey(kind: FakeKind, effect: string, key: string): { ledger: string; repeat: boolean } {
  if (effect === 'dedup') return { ledger: `${kind === 'opsgenie' ? 'create' : 'trigger'}:${key}`, repeat: true };
  return { ledger: `${effect}:${key}`, repeat: false };
}

function parse(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function json(text: string): Record<string, unknown> | null {
  const v = parse(text);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const present = (xs: Array<string | null>): string[] => xs.filter((x): x is string => x !== null);

/**
 * What a request carries (`ids`) and, given its answer, what a successful read found (`found`): all
 * as ledger keys. A search that found nothing names nothing, whatever it asked for.
 */
export function requestIds(kind: FakeKind, req: WireRequest, answer?: { status: number; body: string }): RequestIds {
  const path = new URL(req.url, 'http://fake').pathname;
  const b = json(req.body);
  const body = answer && answer.status >= 200 && answer.status < 300 ? answer.body : '';
  const a = json(body);
  const write = (ids: string[]): RequestIds => ({ write: true, ids, found: [] });
  const read = (ids: string[], found: string[]): RequestIds => ({ write: false, ids, found });
  switch (kind) {
    case 'pagerduty': {
      if (req.method !== 'POST' || path !== '/v2/enqueue') return read([], []);
      const action = str(b?.event_action);
      const dedup = str(b?.dedup_key);
      return write(action && dedup ? [`${action}:${dedup}`] : []);
    }
    case 'opsgenie': {
      if (req.method === 'POST' && path === '/v2/alerts') return write(present([str(b?.alias)]).map((x) => `create:${x}`));
      const m = /^\/v2\/alerts\/([^/]+)\/(close|acknowledge)$/.exec(path);
      if (req.method === 'POST' && m) return write([`${m[2]}:${decodeURIComponent(m[1]!)}`]);
      if (req.method === 'GET' && path.startsWith('/v2/alerts/requests/')) {
        const d = (a?.data ?? null) as { action?: unknown; alias?: unknown; isSuccess?: unknown } | null;
        const action = str(d?.action)?.toLowerCase();
        const alias = str(d?.alias);
        return read([], d?.isSuccess === true && action && alias ? [`${action}:${alias}`] : []);
      }
      return read([], []);
    }
    case 'statuspage': {
      type Inc = { metadata?: { commandpost?: { external_id?: unknown; last_update?: unknown } } };
      const named = (i: Inc | null | undefined): string[] => {
        const cp = i?.metadata?.commandpost;
        const ext = str(cp?.external_id);
        const last = str(cp?.last_update);
        return [...(ext ? [`create:${ext}`] : []), ...(last ? [`update:${last}`] : [])];
      };
      const cp = ((b?.incident ?? null) as Inc | null)?.metadata?.commandpost;
      if (req.method === 'POST' && /\/incidents$/.test(path)) return write(present([str(cp?.external_id)]).map((x) => `create:${x}`));
      if (req.method === 'PATCH') return write(present([str(cp?.last_update)]).map((x) => `update:${x}`));
      if (req.method === 'GET' && /\/incidents$/.test(path)) {
        const list = parse(body);
        return read([], Array.isArray(list) ? (list as Inc[]).flatMap(named) : []);
      }
      if (req.method === 'GET' && /\/incidents\/[^/]+$/.test(path)) return read([], named(a as Inc | null));
      return read([], []);
    }
    case 'slack': {
      if (path === '/api/conversations.create') return write(present([str(b?.name)]).map((x) => `channel:${x}`));
      if (path === '/api/chat.postMessage') {
        const meta = (b?.metadata ?? null) as { event_payload?: { delivery_id?: unknown } } | null;
        return write(present([str(meta?.event_payload?.delivery_id)]).map((x) => `post:${x}`));
      }
      if (path === '/api/conversations.history') {
        const msgs = (a?.messages ?? []) as Array<{ metadata?: { event_payload?: { delivery_id?: unknown } } }>;
        return read([], present(msgs.map((m) => str(m.metadata?.event_payload?.delivery_id))).map((x) => `post:${x}`));
      }
      if (path === '/api/conversations.list') {
        const chans = (a?.channels ?? []) as Array<{ name?: unknown }>;
        return read([], present(chans.map((c) => str(c.name))).map((x) => `channel:${x}`));
      }
      return read([], []);
    }
    case 'jira': {
      if (req.method === 'POST' && path === '/rest/api/3/issue') {
        const labels = ((b?.fields as { labels?: unknown } | undefined)?.labels ?? []) as unknown[];
        return write(labels.map(String).filter((l) => l.startsWith('cp-')).map((l) => `issue:${l}`));
      }
      if (req.method === 'POST' && path === '/rest/api/3/search/jql') {
        const m = /labels\s*=\s*"([^"]+)"/.exec(String(b?.jql ?? ''));
        const asked = m ? [`issue:${m[1]!}`] : [];
        const hits = Array.isArray(a?.issues) ? a.issues.length : 0;
        return read(asked, hits > 0 ? asked : []);
      }
      return read([], []);
    }
    case 'webhook': {
      const id = req.headers['x-commandpost-delivery'];
      const ids = typeof id === 'string' && id ? [`delivery:${id}`] : [];
      return req.method === 'POST' ? write(ids) : read([], []);
    }
    case 'teams':
      return req.method === 'POST' ? write(present([str(b?.commandPostDeliveryId)]).map((x) => `post:${x}`)) : read([], []);
  }
}
