// Fake Atlassian Statuspage: incidents under /v1/pages/{page_id}. "Authorization: OAuth <key>",
// 401 {"error":"Could not authenticate"}, 422 {"error":[…]} on validation, 420 when rate limited
// (Statuspage's historic "Enhance your calm"), no idempotency key on create.
import { randomBytes } from 'node:crypto';
import { FAKE_CREDENTIALS } from './credentials';
import { limiter, route, startFake, type FakeRequest, type FakeResponse, type RunningFake } from './server';

const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'scheduled', 'in_progress', 'verifying', 'completed'];
const IMPACTS = ['none', 'minor', 'major', 'critical'];
const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];

export interface SpIncident {
  id: string;
  name: string;
  status: string;
  impact: string;
  metadata: Record<string, unknown>;
  incident_updates: Array<{ id: string; status: string; body: string; created_at: string }>;
  components: Record<string, string>;
  created_at: string;
  updated_at: string;
}

export interface StatuspageFake extends RunningFake {
  incidents: SpIncident[];
}

function validate(inc: Record<string, unknown>, creating: boolean): string[] {
  const errors: string[] = [];
  if (creating && (typeof inc.name !== 'string' || !inc.name.trim())) errors.push("Name can't be blank");
  if (typeof inc.name === 'string' && inc.name.length > 255) errors.push('Name is too long (maximum is 255 characters)');
  if (inc.status !== undefined && !STATUSES.includes(String(inc.status))) errors.push('Status is not included in the list');
  if (inc.impact_override !== undefined && !IMPACTS.includes(String(inc.impact_override))) errors.push('Impact override is not included in the list');
  if (typeof inc.body === 'string' && inc.body.length > 25_000) errors.push('Body is too long (maximum is 25000 characters)');
  const comps = inc.components as Record<string, unknown> | undefined;
  if (comps && Object.values(comps).some((v) => !COMPONENT_STATUSES.includes(String(v)))) errors.push('Component status is not included in the list');
  return errors;
}

export async function startStatuspageFake(opts: { port?: number; rateLimit?: boolean } = {}): Promise<StatuspageFake> {
  const incidents: SpIncident[] = [];
  const allow = limiter(1, 5);
  const fake = await startFake({ name: 'statuspage', ...opts }, ({ effects, rateLimited }) => {
    const guard = (req: FakeRequest, page: string): FakeResponse | null => {
      if (req.headers.authorization !== `OAuth ${FAKE_CREDENTIALS.statuspage.apiKey}`) return { status: 401, body: { error: 'Could not authenticate' } };
      if (page !== FAKE_CREDENTIALS.statuspage.pageId) return { status: 404, body: { error: 'The requested resource could not be found.' } };
      if (rateLimited() && !allow('key')) return { status: 420, body: { error: 'Rate limit exceeded' } };
      return null;
    };
    const now = () => new Date().toISOString();
    return [
      route('GET', /^\/v1\/pages\/([^/]+)$/, (req, m) => guard(req, m[1]!) ?? { status: 200, body: { id: m[1], name: 'Sandbox status page', subdomain: 'sandbox', url: 'https://status.example.com' } }),
      route('GET', /^\/v1\/pages\/([^/]+)\/incidents$/, (req, m) => {
        const g = guard(req, m[1]!);
        if (g) return g;
        const limit = Math.min(100, Number(req.query.get('limit') ?? 100) || 100);
        const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
        const q = (req.query.get('q') ?? '').toLowerCase();
        const list = [...incidents].reverse().filter((i) => !q || i.name.toLowerCase().includes(q) || i.incident_updates.some((u) => u.body.toLowerCase().includes(q)));
        return { status: 200, body: list.slice((page - 1) * limit, page * limit) };
      }),
      route('GET', /^\/v1\/pages\/([^/]+)\/incidents\/([^/]+)$/, (req, m) => {
        const g = guard(req, m[1]!);
        if (g) return g;
        const inc = incidents.find((i) => i.id === m[2]);
        return inc ? { status: 200, body: inc } : { status: 404, body: { error: 'The requested resource could not be found.' } };
      }),
      route('POST', /^\/v1\/pages\/([^/]+)\/incidents$/, (req, m) => {
        const g = guard(req, m[1]!);
        if (g) return g;
        const inc = ((req.json as { incident?: unknown } | null)?.incident ?? null) as Record<string, unknown> | null;
        if (!inc) return { status: 400, body: { error: 'incident is missing' } };
        const errors = validate(inc, true);
        if (errors.length) return { status: 422, body: { error: errors } };
        const at = now();
        const created: SpIncident = {
          id: randomBytes(6).toString('hex'),
          name: String(inc.name),
          status: String(inc.status ?? 'investigating'),
          impact: String(inc.impact_override ?? 'none'),
          metadata: (inc.metadata as Record<string, unknown>) ?? {},
          incident_updates: [{ id: randomBytes(6).toString('hex'), status: String(inc.status ?? 'investigating'), body: String(inc.body ?? ''), created_at: at }],
          components: (inc.components as Record<string, string>) ?? {},
          created_at: at,
          updated_at: at,
        };
        incidents.push(created);
        const ext = (created.metadata.commandpost as { external_id?: string } | undefined)?.external_id ?? created.id;
        effects.record(ext, 'create');
        return { status: 201, body: created };
      }),
      route('PATCH', /^\/v1\/pages\/([^/]+)\/incidents\/([^/]+)$/, (req, m) => {
        const g = guard(req, m[1]!);
        if (g) return g;
        const cur = incidents.find((i) => i.id === m[2]);
        if (!cur) return { status: 404, body: { error: 'The requested resource could not be found.' } };
        const inc = ((req.json as { incident?: unknown } | null)?.incident ?? null) as Record<string, unknown> | null;
        if (!inc) return { status: 400, body: { error: 'incident is missing' } };
        const errors = validate(inc, false);
        if (errors.length) return { status: 422, body: { error: errors } };
        const at = now();
        if (inc.status !== undefined) cur.status = String(inc.status);
        if (inc.metadata) cur.metadata = inc.metadata as Record<string, unknown>;
        if (inc.components) cur.components = { ...cur.components, ...(inc.components as Record<string, string>) };
        if (inc.body !== undefined || inc.status !== undefined) cur.incident_updates.unshift({ id: randomBytes(6).toString('hex'), status: cur.status, body: String(inc.body ?? ''), created_at: at });
        cur.updated_at = at;
        const upd = (cur.metadata.commandpost as { last_update?: string } | undefined)?.last_update ?? `${cur.id}:${at}`;
        effects.record(upd, 'update', { status: cur.status });
        return { status: 200, body: cur };
      }),
    ];
  });
  return Object.assign(fake, { incidents });
}
