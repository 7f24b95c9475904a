// Fake Opsgenie Alert API. Every write answers 202 {"result":"Request will be processed",
// "requestId"} and is processed a little later; GET /v2/alerts/requests/{id} answers 404 until then,
// and afterwards tells whether it worked. The alias deduplicates open alerts.
import { randomUUID } from 'node:crypto';
import { FAKE_CREDENTIALS } from './credentials';
import { limiter, route, startFake, type FakeRequest, type FakeResponse, type RunningFake } from './server';

interface Alert {
  id: string;
  alias: string;
  message: string;
  status: 'open' | 'closed';
  acknowledged: boolean;
  count: number;
}
interface RequestState {
  done: boolean;
  success: boolean;
  action: string;
  status: string;
  alertId?: string;
  alias?: string;
  processedAt?: string;
}

export interface OpsgenieFake extends RunningFake {
  alerts: Map<string, Alert>;
}

export async function startOpsgenieFake(opts: { port?: number; rateLimit?: boolean; processDelayMs?: number } = {}): Promise<OpsgenieFake> {
  const alerts = new Map<string, Alert>();
  const requests = new Map<string, RequestState>();
  const delay = opts.processDelayMs ?? 15;
  const allow = limiter(10, 20);
  const took = () => Math.round(Math.random() * 20) / 1000;
  const unauthorized = (req: FakeRequest): FakeResponse | null =>
    req.headers.authorization === `GenieKey ${FAKE_CREDENTIALS.opsgenie.apiKey}` ? null : { status: 401, body: { message: 'Could not authenticate', took: took(), requestId: randomUUID() } };

  const fake = await startFake({ name: 'opsgenie', ...opts }, ({ effects, rateLimited }) => {
    const accept = (action: string, work: () => Omit<RequestState, 'done' | 'action'>): FakeResponse => {
      const id = randomUUID();
      requests.set(id, { done: false, success: false, action, status: '' });
      setTimeout(() => requests.set(id, { ...work(), done: true, action, processedAt: new Date().toISOString() }), delay);
      return { status: 202, body: { result: 'Request will be processed', took: took(), requestId: id } };
    };
    const limited = (): FakeResponse | null =>
      rateLimited() && !allow('key') ? { status: 429, body: { message: 'You are making too many requests! To avoid errors, we recommend you limit requests.', took: took(), requestId: randomUUID() } } : null;
    return [
      route('POST', /^\/v2\/alerts$/, (req) => {
        const u = unauthorized(req) ?? limited();
        if (u) return u;
        const b = (req.json ?? {}) as Record<string, unknown>;
        const errors: Record<string, string> = {};
        if (typeof b.message !== 'string' || !b.message.trim()) errors.message = 'Message can not be empty.';
        else if (b.message.length > 130) errors.message = 'Message can not be longer than 130 characters.';
        if (b.alias !== undefined && (typeof b.alias !== 'string' || b.alias.length > 512)) errors.alias = 'Alias can not be longer than 512 characters.';
        if (b.priority !== undefined && !/^P[1-5]$/.test(String(b.priority))) errors.priority = 'Priority should be one of P1, P2, P3, P4, P5';
        if (Array.isArray(b.tags) && (b.tags.length > 20 || b.tags.some((t) => String(t).length > 50))) errors.tags = 'Tags can have at most 20 items of 50 characters.';
        if (Object.keys(errors).length) return { status: 422, body: { message: 'Request body is not processable. Please check the errors.', errors, took: took(), requestId: randomUUID() } };
        const alias = typeof b.alias === 'string' && b.alias ? b.alias : randomUUID();
        return accept('Create', () => {
          const cur = alerts.get(alias);
          if (cur && cur.status === 'open') {
            cur.count++;
            effects.record(alias, 'dedup');
            return { success: true, status: 'Alert is deduplicated', alertId: cur.id, alias };
          }
          const a: Alert = { id: randomUUID(), alias, message: String(b.message), status: 'open', acknowledged: false, count: 1 };
          alerts.set(alias, a);
          effects.record(alias, 'create');
          return { success: true, status: 'Created alert', alertId: a.id, alias };
        });
      }),
      route('POST', /^\/v2\/alerts\/([^/]+)\/(close|acknowledge)$/, (req, m) => {
        const u = unauthorized(req) ?? limited();
        if (u) return u;
        const ident = decodeURIComponent(m[1]!);
        const verb = m[2]!;
        const type = req.query.get('identifierType') ?? 'id';
        if (!['id', 'alias', 'tiny'].includes(type)) return { status: 422, body: { message: `Invalid identifierType: ${type}`, took: took(), requestId: randomUUID() } };
        return accept(verb === 'close' ? 'Close' : 'Acknowledge', () => {
          const a = type === 'alias' ? alerts.get(ident) : [...alerts.values()].find((x) => x.id === ident);
          if (!a) return { success: false, status: 'Alert does not exist' };
          if (verb === 'close') {
            if (a.status === 'open') {
              a.status = 'closed';
              effects.record(a.alias, 'close');
            }
            return { success: true, status: 'Closed alert', alertId: a.id, alias: a.alias };
          }
          if (!a.acknowledged) {
            a.acknowledged = true;
            effects.record(a.alias, 'acknowledge');
          }
          return { success: true, status: 'Acknowledged alert', alertId: a.id, alias: a.alias };
        });
      }),
      route('GET', /^\/v2\/alerts\/requests\/([^/]+)$/, (req, m) => {
        const u = unauthorized(req);
        if (u) return u;
        const r = requests.get(m[1]!);
        if (!r || !r.done) return { status: 404, body: { message: 'Request not found. It might not be processed, yet.', took: took(), requestId: randomUUID() } };
        return {
          status: 200,
          body: {
            data: { success: r.success, action: r.action, processedAt: r.processedAt, integrationId: 'sandbox-integration', isSuccess: r.success, status: r.status, alertId: r.alertId ?? '', alias: r.alias ?? '' },
            took: took(),
            requestId: randomUUID(),
          },
        };
      }),
      route('GET', /^\/v2\/alerts$/, (req) => {
        const u = unauthorized(req);
        if (u) return u;
        const limit = Math.min(100, Number(req.query.get('limit') ?? 20) || 20);
        return { status: 200, body: { data: [...alerts.values()].slice(-limit).map((a) => ({ id: a.id, alias: a.alias, message: a.message, status: a.status, count: a.count })), took: took(), requestId: randomUUID() } };
      }),
      route('GET', /^\/v2\/schedules\/([^/]+)\/on-calls$/, (req, m) => {
        const u = unauthorized(req);
        if (u) return u;
        const name = decodeURIComponent(m[1]!);
        if (name !== FAKE_CREDENTIALS.opsgenie.schedule) return { status: 404, body: { message: 'Schedule with identifier [' + name + '] does not exist', took: took(), requestId: randomUUID() } };
        return { status: 200, body: { data: { _parent: { id: 'sched-1', name, enabled: true }, onCallRecipients: ['alan.turing@example.com'] }, took: took(), requestId: randomUUID() } };
      }),
    ];
  });
  return Object.assign(fake, { alerts });
}
