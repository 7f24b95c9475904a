// Fake PagerDuty: Events API v2 (POST /v2/enqueue) and the REST on-call list (GET /oncalls).
// 202 {"status":"success",…}, 400 {"status":"invalid event","errors":[…]}, 429 when throttled,
// and dedup: a trigger on an open dedup_key does not open a second incident.
import { randomBytes } from 'node:crypto';
import { FAKE_CREDENTIALS } from './credentials';
import { limiter, route, startFake, type RunningFake } from './server';

const SEVERITIES = ['critical', 'error', 'warning', 'info'];

export interface PagerDutyFake extends RunningFake {
  incidents: Map<string, { status: 'triggered' | 'acknowledged' | 'resolved'; summary: string; opened: number }>;
  /** Every valid event accepted (202), in arrival order, whether or not it changed an incident. */
  accepted: Array<{ action: string; dedupKey: string }>;
}

export async function startPagerDutyFake(opts: { port?: number; rateLimit?: boolean } = {}): Promise<PagerDutyFake> {
  const incidents: PagerDutyFake['incidents'] = new Map();
  const accepted: PagerDutyFake['accepted'] = [];
  // Events API v2 allows 120 events per minute per routing key.
  const allow = limiter(2, 120);
  const fake = await startFake({ name: 'pagerduty', ...opts }, ({ effects, rateLimited }) => [
    route('POST', /^\/v2\/enqueue$/, (req) => {
      const b = (req.json ?? {}) as Record<string, unknown>;
      const errors: string[] = [];
      const key = typeof b.routing_key === 'string' ? b.routing_key : '';
      if (key.length !== 32) errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
      else if (key !== FAKE_CREDENTIALS.pagerduty.routingKey) errors.push("'routing_key' is invalid");
      const action = b.event_action;
      if (action !== 'trigger' && action !== 'acknowledge' && action !== 'resolve') errors.push("'event_action' is missing or blank");
      let dedup = typeof b.dedup_key === 'string' ? b.dedup_key : '';
      if (dedup.length > 255) errors.push("'dedup_key' must be at most 255 characters");
      if (action !== 'trigger' && !dedup) errors.push("'dedup_key' is required for acknowledge and resolve events");
      const p = (b.payload ?? null) as Record<string, unknown> | null;
      if (action === 'trigger') {
        if (!p) errors.push("'payload' is missing or blank");
        else {
          if (typeof p.summary !== 'string' || !p.summary) errors.push("'payload.summary' is missing or blank");
          if (typeof p.source !== 'string' || !p.source) errors.push("'payload.source' is missing or blank");
          if (!SEVERITIES.includes(String(p.severity))) errors.push("'payload.severity' is invalid (must be one of critical, error, warning, info)");
        }
      }
      if (errors.length) return { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors } };
      if (rateLimited() && !allow(key)) {
        return { status: 429, body: { status: 'throttle event', message: 'Requests for this service are arriving too quickly.  Please retry later.' } };
      }
      if (!dedup) dedup = randomBytes(16).toString('hex');
      accepted.push({ action: String(action), dedupKey: dedup });
      const cur = incidents.get(dedup);
      if (action === 'trigger') {
        if (!cur || cur.status === 'resolved') {
          incidents.set(dedup, { status: 'triggered', summary: String(p?.summary), opened: Date.now() });
          effects.record(dedup, 'trigger');
        } else effects.record(dedup, 'dedup');
      } else if (action === 'acknowledge' && cur && cur.status === 'triggered') {
        cur.status = 'acknowledged';
        effects.record(dedup, 'acknowledge');
      } else if (action === 'resolve' && cur && cur.status !== 'resolved') {
        cur.status = 'resolved';
        effects.record(dedup, 'resolve');
      }
      return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: dedup } };
    }),
    route('GET', /^\/oncalls$/, (req) => {
      if (req.headers.authorization !== `Token token=${FAKE_CREDENTIALS.pagerduty.apiToken}`) {
        return { status: 401, body: { error: { message: 'Authentication failed', code: 2006 } } };
      }
      const now = Date.now();
      return {
        status: 200,
        body: {
          oncalls: [
            { user: { summary: 'Ada Lovelace' }, schedule: { summary: 'Payments primary' }, escalation_policy: { summary: 'Payments' }, escalation_level: 1, start: new Date(now - 3_600_000).toISOString(), end: new Date(now + 7 * 3_600_000).toISOString() },
            { user: { summary: 'Grace Hopper' }, schedule: null, escalation_policy: { summary: 'Payments' }, escalation_level: 2, start: null, end: null },
          ],
          limit: 100,
          offset: 0,
          more: false,
        },
      };
    }),
  ]);
  return Object.assign(fake, { incidents, accepted });
}
