// Contract tests: each adapter against its fake vendor, including the vendor's error shapes and
// quirks. Direct adapter calls use the real HTTP client; flows go through the real engine.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jiraAdapter } from '../../../main/core/sync/adapters/jira';
import { opsgenieAdapter } from '../../../main/core/sync/adapters/opsgenie';
import { pagerDutyAdapter } from '../../../main/core/sync/adapters/pagerduty';
import { slackAdapter } from '../../../main/core/sync/adapters/slack';
import { statuspageAdapter } from '../../../main/core/sync/adapters/statuspage';
import { teamsAdapter } from '../../../main/core/sync/adapters/teams';
import type { DeliveryContext, SyncAdapter } from '../../../main/core/sync/adapters/types';
import { webhookAdapter } from '../../../main/core/sync/adapters/webhook';
import { createHttpClient } from '../../../main/core/sync/http';
import { FAKE_CREDENTIALS as C, FAKE_KINDS, sandboxIntegrations, startAllFakes, type FakeKind, type Fakes } from '../../fakes';
import { DEFAULT_INDEX_LAG } from '../../fakes/jira';
import { WEBHOOK_TOLERANCE_S } from '../../fakes/webhook';
import { drained, effects, syncCore, type SyncCore } from './harness';

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startAllFakes({ opsgenieDelayMs: 5 });
});
afterAll(async () => {
  await fakes.close();
});

const routing = pagerDutyAdapter.defaultRouting;
function ctx(adapter: SyncAdapter, baseUrl: string, secret: string | null, item: Partial<DeliveryContext['item']> & { operation: string; payload: Record<string, unknown> }, settings: Record<string, unknown> = {}, refs: Record<string, string> = {}): DeliveryContext {
  return {
    item: { id: 'item-1', vendorKey: item.vendorKey ?? 'vk-1', previousAttempts: 0, stream: 's1', createdAt: new Date().toISOString(), ...item },
    config: { name: adapter.kind, kind: adapter.kind, baseUrl, settings: settings as never, routing },
    secret,
    http: createHttpClient({ timeoutMs: 3_000 }),
    refs: { get: async (k) => refs[k] ?? null },
    now: () => Date.now(),
    // Waits compressed 100× like the engine's test clock: a vendor-visible minute lasts 600 ms.
    sleep: (ms) => new Promise((r) => setTimeout(r, ms / 100)),
  };
}

describe('PagerDuty Events v2', () => {
  const pd = () => fakes.pagerduty.url;
  const trigger = { event_action: 'trigger', dedup_key: 'cp-contract-1', payload: { summary: 'INC-2026-0001 SEV-1: down', source: 'cp', severity: 'critical' } };
  test('trigger → 202 and one incident; a repeated trigger with the dedup_key opens no second one', async () => {
    const a = await pagerDutyAdapter.deliver(ctx(pagerDutyAdapter, pd(), C.pagerduty.routingKey, { operation: 'trigger', payload: trigger }));
    const b = await pagerDutyAdapter.deliver(ctx(pagerDutyAdapter, pd(), C.pagerduty.routingKey, { operation: 'trigger', payload: trigger }));
    expect(a).toEqual({ kind: 'delivered', status: 202 });
    expect(b).toEqual({ kind: 'delivered', status: 202 });
    const fx = await effects(pd());
    expect(fx.effects['trigger:cp-contract-1']).toBe(1);
    expect(fx.effects['dedup:cp-contract-1']).toBe(1);
  });
  test('a bad routing key is dead with PagerDuty\'s own message', async () => {
    const out = await pagerDutyAdapter.deliver(ctx(pagerDutyAdapter, pd(), 'too-short', { operation: 'trigger', payload: trigger }));
    expect(out).toMatchObject({ kind: 'dead', status: 400 });
    expect((out as { error: string }).error).toContain("Length of 'routing_key' is incorrect (should be 32 characters)");
  });
  test('429 retries no sooner than 30 s', async () => {
    fakes.pagerduty.failNext(429, 1, { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' });
    const out = await pagerDutyAdapter.deliver(ctx(pagerDutyAdapter, pd(), C.pagerduty.routingKey, { operation: 'trigger', payload: trigger }));
    expect(out).toMatchObject({ kind: 'retry', status: 429 });
    expect((out as { retryAfterMs: number }).retryAfterMs).toBeGreaterThanOrEqual(30_000);
  });
  test('on-call is read from /oncalls with the REST token', async () => {
    const entries = await pagerDutyAdapter.oncall!({ ...ctx(pagerDutyAdapter, pd(), JSON.stringify({ routingKey: C.pagerduty.routingKey, apiToken: C.pagerduty.apiToken }), { operation: 'x', payload: {} }) });
    expect(entries?.map((e) => e.user)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });
});

describe('Opsgenie (asynchronous requests)', () => {
  const og = () => fakes.opsgenie.url;
  test('create answers 202 + requestId; the adapter polls until the alert exists', async () => {
    const out = await opsgenieAdapter.deliver(ctx(opsgenieAdapter, og(), C.opsgenie.apiKey, { operation: 'trigger', payload: { message: 'INC-1: down', alias: 'cp-og-1', priority: 'P1' } }));
    expect(out).toMatchObject({ kind: 'delivered', status: 202 });
    expect(fakes.opsgenie.alerts.get('cp-og-1')?.status).toBe('open');
  });
  test('a request that fails later (close of an unknown alert) is dead with Opsgenie\'s status', async () => {
    const out = await opsgenieAdapter.deliver(ctx(opsgenieAdapter, og(), C.opsgenie.apiKey, { operation: 'resolve', payload: { alias: 'cp-never', action: 'close', source: 'cp', note: 'x' } }));
    expect(out).toEqual({ kind: 'dead', status: 200, error: 'Opsgenie could not process the request: Alert does not exist' });
  });
  test('validation (422) and authentication (401) errors are dead with the vendor message', async () => {
    const long = await opsgenieAdapter.deliver(ctx(opsgenieAdapter, og(), C.opsgenie.apiKey, { operation: 'trigger', payload: { message: 'x'.repeat(131), alias: 'a' } }));
    expect(long).toMatchObject({ kind: 'dead', status: 422 });
    expect((long as { error: string }).error).toContain('Message can not be longer than 130 characters');
    const auth = await opsgenieAdapter.deliver(ctx(opsgenieAdapter, og(), 'wrong', { operation: 'trigger', payload: { message: 'x', alias: 'a' } }));
    expect(auth).toMatchObject({ kind: 'dead', status: 401, error: '401: Could not authenticate' });
  });
});

describe('Statuspage', () => {
  const sp = () => fakes.statuspage.url;
  const settings = { pageId: C.statuspage.pageId };
  const create = { incident: { name: 'Checkout degraded', status: 'investigating', body: 'We are investigating.', metadata: { commandpost: { external_id: 'cp-sp-1' } } } };
  test('create (201) then a retry after a lost answer finds it by external id instead of creating again', async () => {
    const first = await statuspageAdapter.deliver(ctx(statuspageAdapter, sp(), C.statuspage.apiKey, { operation: 'create_incident', vendorKey: 'cp-sp-1', payload: create }, settings));
    expect(first).toMatchObject({ kind: 'delivered', status: 201 });
    const retry = await statuspageAdapter.deliver(ctx(statuspageAdapter, sp(), C.statuspage.apiKey, { operation: 'create_incident', vendorKey: 'cp-sp-1', payload: create, previousAttempts: 1 }, settings));
    expect(retry).toMatchObject({ kind: 'delivered', status: 200, refs: { incidentId: (first as unknown as { refs: { incidentId: string } }).refs.incidentId } });
    expect((await effects(sp())).effects['create:cp-sp-1']).toBe(1);
  });
  test('an update stamps its id, so a retried update is not applied twice', async () => {
    const created = await statuspageAdapter.deliver(ctx(statuspageAdapter, sp(), C.statuspage.apiKey, { operation: 'create_incident', vendorKey: 'cp-sp-2', payload: { incident: { ...create.incident, metadata: { commandpost: { external_id: 'cp-sp-2' } } } } }, settings));
    const refs = (created as unknown as { refs: Record<string, string> }).refs;
    const upd = { incident: { status: 'resolved', body: 'Resolved.', metadata: { commandpost: { external_id: 'cp-sp-2', last_update: 'u-1' } } } };
    expect(await statuspageAdapter.deliver(ctx(statuspageAdapter, sp(), C.statuspage.apiKey, { operation: 'status:resolved', vendorKey: 'u-1', payload: upd }, settings, refs))).toMatchObject({ kind: 'delivered', status: 200 });
    expect(await statuspageAdapter.deliver(ctx(statuspageAdapter, sp(), C.statuspage.apiKey, { operation: 'status:resolved', vendorKey: 'u-1', payload: upd, previousAttempts: 2 }, settings, refs))).toMatchObject({ kind: 'delivered', status: 200 });
    expect((await effects(sp())).effects['update:u-1']).toBe(1);
  });
  test('422 {"error":[…]} is dead with the message; 420 (rate limited) retries', async () => {
    const bad = await statuspageAdapter.deliver(ctx(statuspageAdapter, sp(), C.statuspage.apiKey, { operation: 'create_incident', payload: { incident: { name: 'x', status: 'on_fire' } } }, settings));
    expect(bad).toMatchObject({ kind: 'dead', status: 422, error: '422: Status is not included in the list' });
    fakes.statuspage.failNext(420, 1, { error: 'Rate limit exceeded' });
    const limited = await statuspageAdapter.deliver(ctx(statuspageAdapter, sp(), C.statuspage.apiKey, { operation: 'create_incident', payload: create }, settings));
    expect(limited).toMatchObject({ kind: 'retry', status: 420 });
  });
});

describe('Slack (HTTP 200 with ok:false)', () => {
  const sl = () => fakes.slack.url;
  test('a bad token is dead although the HTTP status is 200', async () => {
    const out = await slackAdapter.deliver(ctx(slackAdapter, sl(), 'xoxb-wrong', { operation: 'create_channel', payload: { name: 'inc-2026-0001-x' } }));
    expect(out).toEqual({ kind: 'dead', status: 200, error: 'Slack refused: invalid_auth' });
  });
  test('name_taken adopts the existing channel; a post goes there; a retried post is found in history', async () => {
    const a = await slackAdapter.deliver(ctx(slackAdapter, sl(), C.slack.token, { operation: 'create_channel', payload: { name: 'inc-2026-0009-adopt' } }));
    const b = await slackAdapter.deliver(ctx(slackAdapter, sl(), C.slack.token, { operation: 'create_channel', payload: { name: 'inc-2026-0009-adopt' }, previousAttempts: 1 }));
    expect((b as unknown as { refs: unknown }).refs).toEqual((a as unknown as { refs: unknown }).refs);
    const refs = (a as unknown as { refs: Record<string, string> }).refs;
    const post = { operation: 'post', vendorKey: 'delivery-77', payload: { text: 'hello' } };
    expect(await slackAdapter.deliver(ctx(slackAdapter, sl(), C.slack.token, post, {}, refs))).toEqual({ kind: 'delivered', status: 200 });
    expect(await slackAdapter.deliver(ctx(slackAdapter, sl(), C.slack.token, { ...post, previousAttempts: 1 }, {}, refs))).toEqual({ kind: 'delivered', status: 200 });
    expect((await effects(sl())).effects['post:delivery-77']).toBe(1);
  });
  test('channel_not_found is dead; 429 honours Retry-After', async () => {
    expect(await slackAdapter.deliver(ctx(slackAdapter, sl(), C.slack.token, { operation: 'post', payload: { text: 'x' } }, {}, { channelId: 'CNOPE' }))).toEqual({ kind: 'dead', status: 200, error: 'Slack refused: channel_not_found' });
    fakes.slack.failNext(429, 1, { ok: false, error: 'ratelimited' }, { 'Retry-After': '7' });
    const out = await slackAdapter.deliver(ctx(slackAdapter, sl(), C.slack.token, { operation: 'create_channel', payload: { name: 'inc-rl' } }));
    expect(out).toMatchObject({ kind: 'retry', status: 429, retryAfterMs: 7_000 });
  });
});

describe('Teams, Jira, webhook', () => {
  test('Teams: 200 "1" is delivered; an empty card is dead with Teams\' text', async () => {
    const hook = `https://example.webhook.office.com${C.teams.path}`;
    expect(await teamsAdapter.deliver(ctx(teamsAdapter, fakes.teams.url, hook, { operation: 'post', payload: { text: 'hi' } }))).toEqual({ kind: 'delivered', status: 200 });
    expect(await teamsAdapter.deliver(ctx(teamsAdapter, fakes.teams.url, hook, { operation: 'post', payload: {} }))).toEqual({ kind: 'dead', status: 400, error: '400: Summary or Text is required.' });
  });
  test('Jira: ADF description required; create 201; a retry searches its label first', async () => {
    const settings = { email: C.jira.email, projectKey: 'OPS' };
    const fields = { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'INC-1', labels: ['command-post', 'cp-jira-1'] };
    const plain = await jiraAdapter.deliver(ctx(jiraAdapter, fakes.jira.url, C.jira.token, { operation: 'create_issue', vendorKey: 'cp-jira-1', payload: { fields: { ...fields, description: 'plain text' } } }, settings));
    expect(plain).toMatchObject({ kind: 'dead', status: 400, error: '400: description: Operation value must be an Atlassian Document (see the Atlassian Document Format)' });
    const item = { operation: 'create_issue', vendorKey: 'cp-jira-1', payload: { fields: { ...fields, description: { type: 'doc', version: 1, content: [] } } } };
    const first = await jiraAdapter.deliver(ctx(jiraAdapter, fakes.jira.url, C.jira.token, item, settings));
    expect(first).toMatchObject({ kind: 'delivered', status: 201, refs: { issueKey: 'OPS-1' } });
    const again = await jiraAdapter.deliver(ctx(jiraAdapter, fakes.jira.url, C.jira.token, { ...item, previousAttempts: 1 }, settings));
    expect(again).toMatchObject({ kind: 'delivered', status: 200, refs: { issueKey: 'OPS-1' } });
    expect(fakes.jira.issues).toHaveLength(1);
  });
  describe('Jira search is eventually consistent (a new issue is missing from JQL results for a while)', () => {
    const settings = { email: C.jira.email, projectKey: 'OPS' };
    const item = (label: string) => ({
      operation: 'create_issue',
      vendorKey: label,
      payload: { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: `INC ${label}`, labels: ['command-post', label], description: { type: 'doc', version: 1, content: [] } } },
    });
    const withLabel = (label: string) => fakes.jira.issues.filter((i) => i.labels.includes(label));
    const searches = (label: string) => fakes.jira.requests.filter((q) => q.path === '/rest/api/3/search/jql' && q.ids.includes(`issue:${label}`));
    afterAll(() => fakes.jira.setIndexLag(DEFAULT_INDEX_LAG));

    test('the create answer is lost and the search does not see the issue yet: the retry finds it instead of creating a second', async () => {
      fakes.jira.setIndexLag(DEFAULT_INDEX_LAG);
      fakes.jira.faultFirstWrites('dropResponse', 1);
      const lost = await jiraAdapter.deliver(ctx(jiraAdapter, fakes.jira.url, C.jira.token, item('cp-lag-1'), settings));
      expect(lost).toMatchObject({ kind: 'retry', status: null });
      expect(withLabel('cp-lag-1')).toHaveLength(1); // Jira did create it
      const retry = await jiraAdapter.deliver(ctx(jiraAdapter, fakes.jira.url, C.jira.token, { ...item('cp-lag-1'), previousAttempts: 1 }, settings));
      expect(retry).toEqual({ kind: 'delivered', status: 200, refs: { issueKey: withLabel('cp-lag-1')[0]!.key } });
      expect(withLabel('cp-lag-1')).toHaveLength(1);
      // The lag was real: the first search after the lost answer did not see the issue.
      const seen = searches('cp-lag-1').map((q) => q.found.length > 0);
      expect(seen[0]).toBe(false);
      expect(seen.at(-1)).toBe(true);
    });

    test('a lag counted in searches: the retry looks again after the first search missed the issue', async () => {
      fakes.jira.setIndexLag({ ms: 0, searches: 1 });
      fakes.jira.faultFirstWrites('dropResponse', 1);
      await jiraAdapter.deliver(ctx(jiraAdapter, fakes.jira.url, C.jira.token, item('cp-lag-2'), settings));
      const retry = await jiraAdapter.deliver(ctx(jiraAdapter, fakes.jira.url, C.jira.token, { ...item('cp-lag-2'), previousAttempts: 1 }, settings));
      expect(retry).toMatchObject({ kind: 'delivered', status: 200 });
      expect(withLabel('cp-lag-2')).toHaveLength(1);
      expect(searches('cp-lag-2').map((q) => q.found.length > 0)).toEqual([false, true]);
    });

    test('nothing was created (a 500 before acting): after two empty searches, a wait apart, the retry creates exactly one issue', async () => {
      fakes.jira.setIndexLag(DEFAULT_INDEX_LAG);
      fakes.jira.faultFirstWrites('error500', 1);
      expect(await jiraAdapter.deliver(ctx(jiraAdapter, fakes.jira.url, C.jira.token, item('cp-lag-3'), settings))).toMatchObject({ kind: 'retry', status: 500 });
      expect(withLabel('cp-lag-3')).toHaveLength(0);
      const retry = await jiraAdapter.deliver(ctx(jiraAdapter, fakes.jira.url, C.jira.token, { ...item('cp-lag-3'), previousAttempts: 1 }, settings));
      expect(retry).toMatchObject({ kind: 'delivered', status: 201 });
      expect(withLabel('cp-lag-3')).toHaveLength(1);
      expect(searches('cp-lag-3').map((q) => q.found.length > 0)).toEqual([false, false]);
    });
  });
  test('webhook: HMAC-SHA256 over "<timestamp>.<body>"; a wrong secret is refused by the receiver', async () => {
    const settings = { path: C.webhook.path };
    expect(await webhookAdapter.deliver(ctx(webhookAdapter, fakes.webhook.url, C.webhook.secret, { operation: 'declared', vendorKey: 'd-1', payload: { type: 'incident.declared' } }, settings))).toEqual({ kind: 'delivered', status: 200 });
    const bad = await webhookAdapter.deliver(ctx(webhookAdapter, fakes.webhook.url, 'wrong-secret', { operation: 'declared', vendorKey: 'd-2', payload: { type: 'x' } }, settings));
    expect(bad).toMatchObject({ kind: 'dead', status: 401 });
    const got = fakes.webhook.deliveries.find((d) => d.id === 'd-1')!;
    expect(got.body).toMatchObject({ id: 'd-1', type: 'incident.declared' });
    // The signature is reproducible by any receiver from the documented recipe alone: recomputed
    // here from the captured delivery (raw body as received, the timestamp header, the secret).
    const recipe = `sha256=${createHmac('sha256', C.webhook.secret).update(`${got.timestamp}.${got.raw}`).digest('hex')}`;
    expect(got.signature).toBe(recipe);
    expect(got.timestamp).toMatch(/^\d+$/);
    expect(Math.abs(Date.now() / 1000 - Number(got.timestamp))).toBeLessThanOrEqual(WEBHOOK_TOLERANCE_S);
  });

  test('webhook receiver: a stale timestamp and a bad signature are refused, a replayed delivery id is not a second effect', async () => {
    const url = fakes.webhook.url + C.webhook.path;
    const sign = (ts: string, body: string, secret: string = C.webhook.secret) => `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;
    const post = (id: string, ts: string, body: string, signature: string) =>
      fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CommandPost-Delivery': id, 'X-CommandPost-Timestamp': ts, 'X-CommandPost-Signature': signature }, body });
    const now = Math.floor(Date.now() / 1000);
    const body = (id: string) => JSON.stringify({ id, type: 'incident.declared' });
    const effectsBefore = fakes.webhook.effects.log.length;

    // Correctly signed, but older than the tolerance (a captured request replayed later).
    const staleTs = String(now - WEBHOOK_TOLERANCE_S - 60);
    const stale = await post('r-stale', staleTs, body('r-stale'), sign(staleTs, body('r-stale')));
    expect(stale.status).toBe(400);
    expect(await stale.json()).toEqual({ error: 'stale timestamp (possible replay)' });
    // Fresh, but signed with another secret, or over another body than the one sent.
    const ts = String(now);
    const wrongKey = await post('r-badsig', ts, body('r-badsig'), sign(ts, body('r-badsig'), 'not-the-secret'));
    expect(wrongKey.status).toBe(401);
    const tampered = await post('r-tampered', ts, body('r-tampered'), sign(ts, body('r-other')));
    expect(tampered.status).toBe(401);
    expect(fakes.webhook.deliveries.filter((d) => d.id.startsWith('r-'))).toEqual([]);
    expect(fakes.webhook.effects.log.length).toBe(effectsBefore);

    // The same signed delivery twice within the tolerance: accepted once, the repeat is a no-op.
    const okBody = body('r-ok');
    expect((await post('r-ok', ts, okBody, sign(ts, okBody))).status).toBe(200);
    const again = await post('r-ok', ts, okBody, sign(ts, okBody));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    expect(fakes.webhook.effects.counts.get('delivery:r-ok')).toBe(1);
  });
});

describe('through the engine', () => {
  let core: SyncCore;
  beforeAll(async () => {
    core = await syncCore();
    const urls = Object.fromEntries(FAKE_KINDS.map((k) => [k, fakes[k].url])) as Record<FakeKind, string>;
    for (const cfg of sandboxIntegrations(urls)) await core.invoke('integrations:configure', cfg);
  });
  afterAll(async () => {
    await core.cleanup();
  });

  test('integrations:test makes one real request per vendor and reports what it said', async () => {
    for (const name of FAKE_KINDS) {
      const r = await core.invoke('integrations:test', { name });
      expect(r.ok, `${name}: ${r.message}`).toBe(true);
    }
    await core.invoke('integrations:configure', { kind: 'slack', name: 'slack', settings: { perIncidentChannel: true }, secret: 'xoxb-wrong' });
    const bad = await core.invoke('integrations:test', { name: 'slack' });
    expect(bad).toMatchObject({ ok: false, status: 200, message: 'Slack refused: invalid_auth' });
    await core.invoke('integrations:configure', { kind: 'slack', name: 'slack', settings: { perIncidentChannel: true }, secret: C.slack.token });
  });

  test('a dead item shows the vendor reason; retry and discard are recorded on the timeline', async () => {
    fakes.jira.failNext(400, 1, { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } });
    const inc = await core.invoke('incidents:declare', { title: 'Search outage', severity: 'SEV-2' });
    await drained(core);
    const [dead] = await core.invoke('outbox:list', { state: 'dead' });
    expect(dead).toMatchObject({ integration: 'jira', operation: 'create_issue', lastStatus: 400, lastError: '400: summary: You must specify a summary of the issue.' });
    await core.invoke('outbox:retry', { id: dead!.id });
    await drained(core);
    expect((await core.invoke('outbox:list', { integration: 'jira' })).map((i) => i.state)).toEqual(['delivered']);
    const timeline = await core.invoke('timeline:list', { incidentId: inc.id });
    expect(timeline.entries.map((e) => e.text).join('\n')).toContain('Retry requested: Create Jira issue');
    // Discard: an item that cannot go out is given up on, with the reason on the record.
    fakes.teams.failNext(400, 1);
    await core.invoke('incidents:set-status', { id: inc.id, status: 'identified' });
    await drained(core);
    const [deadTeams] = await core.invoke('outbox:list', { state: 'dead' });
    await core.invoke('outbox:discard', { id: deadTeams!.id, reason: 'posted by hand in Teams' });
    const t2 = await core.invoke('timeline:list', { incidentId: inc.id });
    expect(t2.entries[0]!.text).toContain('Discarded (will not be sent): Post to Teams');
    expect(t2.entries[0]!.text).toContain('posted by hand in Teams');
    await expect(core.invoke('outbox:retry', { id: deadTeams!.id })).rejects.toThrow(/discarded/);
  });

  test('sync:status reports each integration from its own requests, with last-synced times', async () => {
    const s = await core.invoke('sync:status', {});
    expect(s.integrations.map((i) => i.name).sort()).toEqual([...FAKE_KINDS].sort());
    for (const i of s.integrations) {
      expect(i.state, i.name).toBe('online');
      expect(i.breaker).toBe('closed');
    }
    expect(s.integrations.find((i) => i.name === 'pagerduty')!.lastSyncedAt).not.toBeNull();
  });

  test('on-call roster is cached with its age', async () => {
    const integ = (await core.invoke('integrations:list', {})).find((i) => i.name === 'pagerduty')!;
    await core.sync.engine!.refreshOncall({ ...integ, secretRef: 'integration:pagerduty' });
    const roster = await core.invoke('oncall:list', {});
    const pd = roster.find((r) => r.integration === 'pagerduty')!;
    expect(pd.entries.map((e) => e.user)).toContain('Ada Lovelace');
    expect(pd.ageSeconds).toBeGreaterThanOrEqual(0);
  });
});
