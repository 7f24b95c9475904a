// Fake Jira Cloud REST v3: POST /rest/api/3/issue (201 {id,key,self}), JQL search by label,
// /myself. Basic auth (email:api-token). v3 requires an ADF description; errors are
// {"errorMessages":[…],"errors":{field: message}}. No idempotency key: a repeated create makes a
// second issue, which is why clients search for their label first.
// The search is eventually consistent, as Jira Cloud's /rest/api/3/search/jql is (Atlassian's
// "search and reconcile" guide: no read-after-write consistency by default; a change can take from
// seconds to minutes to show in search results): a new issue is missing from search results
// until it is `indexLagMs` old and `indexLagSearches` matching searches have missed it. Only
// reconcileIssues (by issue id, which a client whose create answer was lost does not have) reads
// its own writes. GET /rest/api/3/issue/{key} is consistent at once.
import { FAKE_CREDENTIALS } from './credentials';
import { limiter, route, startFake, type FakeRequest, type FakeResponse, type RunningFake } from './server';

interface Issue {
  id: string;
  key: string;
  summary: string;
  labels: string[];
  description: unknown;
  createdAt: number;
  /** Matching searches that did not show it yet. */
  missedBy: number;
}

export interface IndexLag {
  /** A new issue is missing from searches until it is this old (real ms). */
  ms: number;
  /** …and until this many matching searches have missed it. */
  searches: number;
}

/** A few hundred milliseconds: long enough that a retry right after a lost answer does not see it. */
export const DEFAULT_INDEX_LAG: IndexLag = { ms: 300, searches: 0 };

export interface JiraFake extends RunningFake {
  issues: Issue[];
  setIndexLag(lag: IndexLag): void;
  /** Searches that answered without an issue that existed (created earlier) with the label asked for. */
  laggedSearches(): number;
}

export async function startJiraFake(opts: { port?: number; rateLimit?: boolean; indexLag?: IndexLag } = {}): Promise<JiraFake> {
  const issues: Issue[] = [];
  let lag = opts.indexLag ?? DEFAULT_INDEX_LAG;
  const allow = limiter(10, 10);
  let next = 10_000;
  const fake = await startFake({ name: 'jira', ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.rateLimit !== undefined ? { rateLimit: opts.rateLimit } : {}) }, ({ effects, rateLimited }) => {
    const auth = (req: FakeRequest): FakeResponse | null => {
      const expected = `Basic ${Buffer.from(`${FAKE_CREDENTIALS.jira.email}:${FAKE_CREDENTIALS.jira.token}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return { status: 401, text: 'Client must be authenticated to access this resource.' };
      if (rateLimited() && !allow('user')) return { status: 429, headers: { 'Retry-After': '2' }, body: { errorMessages: ['Rate limit exceeded.'], errors: {} } };
      return null;
    };
    return [
      route('GET', /^\/rest\/api\/3\/myself$/, (req) => auth(req) ?? { status: 200, body: { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Command Post bot', emailAddress: FAKE_CREDENTIALS.jira.email, active: true } }),
      route('POST', /^\/rest\/api\/3\/issue$/, (req, _m) => {
        const a = auth(req);
        if (a) return a;
        const f = ((req.json as { fields?: unknown } | null)?.fields ?? {}) as Record<string, unknown>;
        const errors: Record<string, string> = {};
        const project = f.project as { key?: string; id?: string } | undefined;
        if (!project || (project.key !== FAKE_CREDENTIALS.jira.projectKey && project.id !== '10000')) errors.project = 'valid project is required';
        const type = f.issuetype as { name?: string } | undefined;
        if (!type || !['Task', 'Bug', 'Incident', 'Story'].includes(String(type.name))) errors.issuetype = 'valid issue type is required';
        if (typeof f.summary !== 'string' || !f.summary.trim()) errors.summary = 'You must specify a summary of the issue.';
        else if (f.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
        const d = f.description as { type?: string; version?: number; content?: unknown } | undefined;
        if (d !== undefined && (typeof d !== 'object' || d === null || d.type !== 'doc' || d.version !== 1 || !Array.isArray(d.content))) {
          errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
        }
        const labels = Array.isArray(f.labels) ? f.labels.map(String) : [];
        const bad = labels.find((l) => /\s/.test(l));
        if (bad) errors.labels = `The label '${bad}' contains spaces which is invalid.`;
        if (Object.keys(errors).length) return { status: 400, body: { errorMessages: [], errors } };
        const id = String(++next);
        const key = `${FAKE_CREDENTIALS.jira.projectKey}-${issues.length + 1}`;
        issues.push({ id, key, summary: String(f.summary), labels, description: d, createdAt: Date.now(), missedBy: 0 });
        effects.record(labels.find((l) => l.startsWith('cp-')) ?? key, 'issue');
        return { status: 201, body: { id, key, self: `http://127.0.0.1/rest/api/3/issue/${id}` } };
      }),
      route('POST', /^\/rest\/api\/3\/search\/jql$/, (req) => {
        const a = auth(req);
        if (a) return a;
        const jql = String((req.json as { jql?: unknown } | null)?.jql ?? '');
        const m = jql.match(/labels\s*=\s*"([^"]+)"/);
        if (!m) return { status: 400, body: { errorMessages: [`Error in the JQL Query: this fake understands only labels = "x" (got ${jql.slice(0, 80)})`], errors: {} } };
        const now = Date.now();
        const hits = issues.filter((i) => {
          if (!i.labels.includes(m[1]!)) return false;
          if (now - i.createdAt >= lag.ms && i.missedBy >= lag.searches) return true;
          i.missedBy++;
          return false;
        });
        return { status: 200, body: { issues: hits.map((i) => ({ id: i.id, key: i.key, fields: { summary: i.summary } })), isLast: true } };
      }),
      route('GET', /^\/rest\/api\/3\/issue\/([^/]+)$/, (req, m) => {
        const a = auth(req);
        if (a) return a;
        const i = issues.find((x) => x.key === m[1] || x.id === m[1]);
        if (!i) return { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } };
        return { status: 200, body: { id: i.id, key: i.key, fields: { summary: i.summary, labels: i.labels, description: i.description } } };
      }),
    ];
  });
  return Object.assign(fake, {
    issues,
    setIndexLag(l: IndexLag) {
      lag = l;
    },
    laggedSearches: () =>
      fake.requests.filter((q) => q.path === '/rest/api/3/search/jql' && q.status === 200 && q.found.length === 0 && issues.some((i) => q.ids.includes(`issue:${i.labels.find((l) => l.startsWith('cp-')) ?? ''}`) && i.createdAt <= q.at)).length,
  });
}
