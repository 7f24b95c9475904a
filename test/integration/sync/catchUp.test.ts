// Catching up: an integration added (or re-enabled) after an incident was declared has never opened it
// (no Slack channel, no Statuspage incident), so the routing rules send it nothing for that incident:
// not the declaration, not a later status change. integrations:catch-up opens the incident there and
// sends its current state exactly once; later changes then reach the vendor. Real core, real SQLite,
// the real engine delivering to the Slack and Statuspage fakes on 127.0.0.1; judged at the fakes.
import { afterEach, describe, expect, test } from 'vitest';
import { FAKE_CREDENTIALS as C } from '../../fakes';
import { startSlackFake, type SlackFake } from '../../fakes/slack';
import { startStatuspageFake, type StatuspageFake } from '../../fakes/statuspage';
import { drained, rowsAtFakes, strayEffects, syncCore, type SyncCore } from './harness';

let core: SyncCore | null = null;
let slack: SlackFake | null = null;
let statuspage: StatuspageFake | null = null;
afterEach(async () => {
  await core?.cleanup();
  await slack?.close();
  await statuspage?.close();
  core = slack = statuspage = null;
});

async function start(opts: { engine?: boolean } = {}): Promise<{ c: SyncCore; slack: SlackFake; statuspage: StatuspageFake }> {
  slack = await startSlackFake();
  statuspage = await startStatuspageFake();
  core = await syncCore(opts.engine === false ? { start: false } : {});
  return { c: core, slack, statuspage };
}

function addSlack(c: SyncCore, url: string, routing: Record<string, unknown> = {}) {
  return c.invoke('integrations:configure', { kind: 'slack', name: 'slack', baseUrl: url, settings: { perIncidentChannel: true }, secret: C.slack.token, routing });
}
function addStatuspage(c: SyncCore, url: string, routing: Record<string, unknown> = {}) {
  return c.invoke('integrations:configure', { kind: 'statuspage', name: 'statuspage', baseUrl: url, settings: { pageId: C.statuspage.pageId }, secret: C.statuspage.apiKey, routing });
}

const ops = async (c: SyncCore, incidentId?: string) => (await c.invoke('outbox:list', incidentId ? { incidentId } : {})).map((i) => `${i.integration}:${i.operation}`);

describe('an integration added after the declaration', () => {
  test('receives nothing for the incident until it is caught up; then the open, the current state, and later changes, each once', async () => {
    const { c, slack: sl, statuspage: sp } = await start();
    const inc = await c.invoke('incidents:declare', { title: 'Checkout returning 502s', severity: 'SEV-1' });
    await c.invoke('incidents:set-status', { id: inc.id, status: 'identified', note: 'bad deploy' });
    await addSlack(c, sl.url);
    await addStatuspage(c, sp.url);

    // The failure as users met it: a status change after the integrations were added queues nothing,
    // and the vendors receive nothing, because neither ever opened the incident.
    await c.invoke('incidents:set-status', { id: inc.id, status: 'monitoring' });
    await drained(c);
    expect(await ops(c)).toEqual([]);
    expect(sp.incidents).toHaveLength(0);
    expect(sl.channels.size).toBe(0);
    // Nothing was sent, and the core says why instead of "all sent".
    const before = await c.invoke('sync:coverage', { incidentId: inc.id });
    expect(before.verdict).toBe('not_routed');
    expect(before.notRouted.map((n) => `${n.integration}: ${n.reason}`)).toEqual([`slack: Slack not opened for ${inc.humanId} — catch up`, `statuspage: Statuspage not opened for ${inc.humanId} — catch up`]);
    expect(before.integrations.map((i) => [i.integration, i.opened, i.routedEvents, i.pending, i.delivered])).toEqual([
      ['slack', false, 0, 0, 0],
      ['statuspage', false, 0, 0, 0],
    ]);
    // Both are offered, with what a person reads and what would be queued.
    const offers = await c.invoke('integrations:offers', {});
    expect(offers.map((o) => [o.integration, o.humanId, o.label, o.operations])).toEqual([
      ['slack', inc.humanId, `Open ${inc.humanId} at Slack now`, ['create_channel', 'post']],
      ['statuspage', inc.humanId, `Open ${inc.humanId} at Statuspage now`, ['create_incident', 'status:monitoring']],
    ]);

    // Catch up: the open, then the current state (status, severity).
    const sr = await c.invoke('integrations:catch-up', { integration: 'statuspage' });
    expect(sr.queued).toEqual([{ incidentId: inc.id, humanId: inc.humanId, operations: ['create_incident', 'status:monitoring'] }]);
    const lr = await c.invoke('integrations:catch-up', { integration: 'slack', incidentIds: [inc.humanId] });
    expect(lr.queued).toEqual([{ incidentId: inc.id, humanId: inc.humanId, operations: ['create_channel', 'post'] }]);
    await drained(c);
    expect(sp.incidents).toHaveLength(1);
    expect(sp.incidents[0]).toMatchObject({ status: 'monitoring', impact: 'critical' });
    const channel = [...sl.channels.values()];
    expect(channel.map((ch) => ch.name)).toEqual([`${inc.humanId.toLowerCase()}-checkout-returning-502s`]);
    expect(channel[0]!.messages).toHaveLength(1);
    expect(channel[0]!.messages[0]!.text).toMatch(new RegExp(`^${inc.humanId} SEV-1 monitoring: Checkout returning 502s`));

    // Idempotent: catching up again queues nothing and says why; the vendors are not opened twice.
    const again = await c.invoke('integrations:catch-up', { integration: 'statuspage' });
    expect(again.queued).toEqual([]);
    expect(again.skipped).toEqual([{ incidentId: inc.id, humanId: inc.humanId, reason: `already opened at Statuspage` }]);
    expect((await c.invoke('integrations:catch-up', { integration: 'slack' })).queued).toEqual([]);
    expect(await c.invoke('integrations:offers', {})).toEqual([]);

    // A later status change now reaches both vendors.
    await c.invoke('incidents:set-status', { id: inc.id, status: 'resolved' });
    await drained(c);
    // The router queues for integrations in name order.
    expect(await ops(c)).toEqual(['statuspage:create_incident', 'statuspage:status:monitoring', 'slack:create_channel', 'slack:post', 'slack:post', 'statuspage:status:resolved']);
    expect(sp.incidents).toHaveLength(1);
    expect(sp.incidents[0]!.status).toBe('resolved');
    expect(channel[0]!.messages).toHaveLength(2);
    // Exactly once at the vendors, each row under its own key, nothing else.
    const rows = await rowsAtFakes(c, { slack: sl, statuspage: sp } as never);
    expect(rows.map((r) => `${r.integration}:${r.operation} ×${r.effects}`)).toEqual(rows.map((r) => `${r.integration}:${r.operation} ×1`));
    expect(strayEffects({ slack: sl, statuspage: sp } as never, rows, ['slack', 'statuspage'])).toEqual([]);
    // The engine's keys are what they always were: `<event id>:<operation>`, and the vendors' own ids.
    const items = await c.invoke('outbox:list', {});
    const sqlKeys = await c.db.reader.all<{ idempotency_key: string; operation: string }>('SELECT idempotency_key, operation FROM outbox ORDER BY seq');
    for (const k of sqlKeys) expect(k.idempotency_key).toMatch(new RegExp(`^[0-9A-HJKMNP-TV-Z]{26}:${k.operation.replace(':', '\\:')}$`));
    expect(items.find((i) => i.operation === 'create_incident')!.idempotencyKey).toBe(`cp-${inc.id}`);

    // Now everything routed was delivered: the Outbox may say so.
    const after = await c.invoke('sync:coverage', { incidentId: inc.id });
    expect(after.verdict).toBe('sent');
    expect(after.notRouted).toEqual([]);
    expect(after.integrations.map((i) => [i.integration, i.opened, i.routedEvents, i.pending, i.delivered])).toEqual([
      ['slack', true, 2, 0, 3],
      ['statuspage', true, 2, 0, 3],
    ]);
    // The record shows who caught up what.
    const entries = await c.invoke('timeline:list', { incidentId: inc.id, limit: 50 });
    expect(entries.entries.filter((e) => e.kind === 'system' && e.text.startsWith('Caught up')).map((e) => e.text)).toEqual([
      `Caught up slack (Slack): opened ${inc.humanId} there and sent its state (SEV-1, monitoring)`,
      `Caught up statuspage (Statuspage): opened ${inc.humanId} there and sent its state (SEV-1, monitoring)`,
    ]);
  });

  test('all active incidents at once; resolved incidents and exercises are not offered; the rule filters what it filters', async () => {
    const { c, statuspage: sp } = await start({ engine: false });
    const a = await c.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
    const b = await c.invoke('incidents:declare', { title: 'Search slow', severity: 'SEV-3' });
    const old = await c.invoke('incidents:declare', { title: 'Login broken', severity: 'SEV-1' });
    await c.invoke('incidents:set-status', { id: old.id, status: 'resolved' });
    await c.invoke('incidents:declare', { title: 'Tabletop: region loss', severity: 'SEV-1', mode: 'exercise' });
    await addStatuspage(c, sp.url);
    // SEV-3 is below Statuspage's default (SEV-1): not offered, and the reason is named.
    expect((await c.invoke('integrations:offers', { integration: 'statuspage' })).map((o) => o.humanId)).toEqual([a.humanId]);
    const cov = await c.invoke('sync:coverage', { incidentId: b.id });
    expect(cov.notRouted.map((n) => `${n.integration}: ${n.reason}`)).toEqual(['statuspage: rule filters SEV-3 (acts from SEV-1)']);
    const res = await c.invoke('integrations:catch-up', { integration: 'statuspage', incidentIds: [a.id, b.id, old.id] });
    expect(res.queued.map((q) => q.humanId)).toEqual([a.humanId]);
    expect(res.skipped).toEqual([
      { incidentId: b.id, humanId: b.humanId, reason: 'rule filters SEV-3 (acts from SEV-1)' },
      { incidentId: old.id, humanId: old.humanId, reason: 'resolved: nothing to open' },
    ]);
    // The open of a SEV-1 in its first status is one item: there is no other state to send.
    expect(await ops(c)).toEqual(['statuspage:create_incident']);
    // Once the rule admits SEV-3, the SEV-3 is offered.
    await addStatuspage(c, sp.url, { minSeverity: 'SEV-3' });
    expect((await c.invoke('integrations:offers', { integration: 'statuspage' })).map((o) => o.humanId)).toEqual([b.humanId]);
  });

  test('an unknown or disabled integration is refused and nothing is written', async () => {
    const { c, slack: sl } = await start({ engine: false });
    await c.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
    await expect(c.invoke('integrations:catch-up', { integration: 'nope' })).rejects.toThrow(/No integration named "nope"/);
    await addSlack(c, sl.url);
    await c.invoke('integrations:configure', { kind: 'slack', name: 'slack', settings: { perIncidentChannel: true }, enabled: false });
    await expect(c.invoke('integrations:catch-up', { integration: 'slack' })).rejects.toThrow(/slack is disabled/);
    expect(await ops(c)).toEqual([]);
  });
});

describe('routing rules can require catching up', () => {
  test("catchUp 'auto': configuring opens the active incidents the rule matches; 'never' offers nothing; re-enabling catches up again", async () => {
    const { c, slack: sl, statuspage: sp } = await start({ engine: false });
    const a = await c.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-2' });
    const low = await c.invoke('incidents:declare', { title: 'Typo on pricing page', severity: 'SEV-5' });
    await addSlack(c, sl.url, { catchUp: 'auto' });
    // SEV-2 is in Slack's default range (SEV-3 and up); SEV-5 is not.
    expect(await ops(c)).toEqual(['slack:create_channel', 'slack:post']);
    expect(await ops(c, low.id)).toEqual([]);
    // Saving again (nothing newly enabled) does not catch up twice.
    await addSlack(c, sl.url, { catchUp: 'auto' });
    expect(await ops(c)).toEqual(['slack:create_channel', 'slack:post']);

    await addStatuspage(c, sp.url, { catchUp: 'never', minSeverity: 'SEV-2' });
    expect(await c.invoke('integrations:offers', {})).toEqual([]);
    const cov = await c.invoke('sync:coverage', { incidentId: a.id });
    // Not offered, but not hidden either: the Outbox says what was not sent and why.
    expect(cov.notRouted.map((n) => `${n.integration}: ${n.reason}`)).toEqual([`statuspage: Statuspage not opened for ${a.humanId} (its rule never catches up)`]);

    // Disabled meanwhile, an incident is declared and changes; re-enabled with 'auto', it is opened.
    await c.invoke('integrations:configure', { kind: 'statuspage', name: 'statuspage', settings: { pageId: C.statuspage.pageId }, enabled: false, routing: { catchUp: 'auto' } });
    const b = await c.invoke('incidents:declare', { title: 'Payments failing', severity: 'SEV-1' });
    await c.invoke('incidents:set-status', { id: b.id, status: 'identified' });
    expect(await ops(c, b.id)).toEqual(['slack:create_channel', 'slack:post', 'slack:post']);
    await c.invoke('integrations:configure', { kind: 'statuspage', name: 'statuspage', settings: { pageId: C.statuspage.pageId }, enabled: true });
    expect(await ops(c, b.id)).toEqual(['slack:create_channel', 'slack:post', 'slack:post', 'statuspage:create_incident', 'statuspage:status:identified']);
    expect(await ops(c, a.id)).toEqual(['slack:create_channel', 'slack:post', 'statuspage:create_incident']);
    const [info] = (await c.invoke('integrations:list', {})).filter((i) => i.name === 'statuspage');
    expect(info!.routing.catchUp).toBe('auto');
  });
});

describe('sync:coverage: sent, nothing to send, not routed', () => {
  test('no integration at all: not routed, nobody paged', async () => {
    const { c } = await start({ engine: false });
    const inc = await c.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
    const cov = await c.invoke('sync:coverage', { incidentId: inc.humanId });
    expect(cov.verdict).toBe('not_routed');
    expect(cov.headline).toBe('Not routed: no integration configured');
    expect(cov.notRouted).toEqual([{ integration: null, reason: 'no integration configured', kind: 'gap', events: 1 }]);
    expect(cov.paging).toEqual({ integrations: 0, paged: false, reason: 'no paging integration', offer: null });
  });

  test('a pager added after the declaration: nobody paged until it is caught up', async () => {
    const { c } = await start({ engine: false });
    const inc = await c.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
    await c.invoke('integrations:configure', { kind: 'pagerduty', name: 'pagerduty', baseUrl: 'http://127.0.0.1:9', settings: {}, secret: C.pagerduty.routingKey });
    const cov = await c.invoke('sync:coverage', { incidentId: inc.id });
    expect(cov.paging).toMatchObject({ integrations: 1, paged: false, reason: `PagerDuty not opened for ${inc.humanId} — catch up` });
    expect(cov.paging.offer).toMatchObject({ integration: 'pagerduty', label: `Page ${inc.humanId} via PagerDuty now`, operations: ['trigger'] });
    await c.invoke('integrations:catch-up', { integration: 'pagerduty' });
    const after = await c.invoke('sync:coverage', { incidentId: inc.id });
    expect(after.paging).toEqual({ integrations: 1, paged: true, reason: null, offer: null });
    expect(after.verdict).toBe('pending');
  });

  test('nothing to send: an exercise reaches neither pagers nor the public page, by design', async () => {
    const { c, statuspage: sp } = await start({ engine: false });
    await c.invoke('integrations:configure', { kind: 'pagerduty', name: 'pagerduty', baseUrl: 'http://127.0.0.1:9', settings: {}, secret: C.pagerduty.routingKey });
    await addStatuspage(c, sp.url);
    const ex = await c.invoke('incidents:declare', { title: 'Tabletop: region loss', severity: 'SEV-1', mode: 'exercise' });
    await c.invoke('incidents:set-status', { id: ex.id, status: 'identified' });
    const cov = await c.invoke('sync:coverage', { incidentId: ex.id });
    expect(cov.verdict).toBe('nothing_to_send');
    expect(cov.notRouted).toEqual([]);
    expect(cov.headline).toBe(`Nothing to send for ${ex.humanId}: nothing happened that an integration acts on.`);
  });

  test('a rule that filters a severity and a status change the rule does not forward are named', async () => {
    const { c, slack: sl } = await start({ engine: false });
    await addSlack(c, sl.url, { onStatusChange: false });
    const inc = await c.invoke('incidents:declare', { title: 'Search slow', severity: 'SEV-3' });
    await c.invoke('incidents:set-status', { id: inc.id, status: 'identified' });
    const cov = await c.invoke('sync:coverage', { incidentId: inc.id });
    expect(cov.verdict).toBe('not_routed');
    expect(cov.notRouted).toEqual([{ integration: 'slack', reason: 'rule does not forward status changes', kind: 'rule', events: 1 }]);
    expect(cov.integrations[0]).toMatchObject({ integration: 'slack', opened: true, routedEvents: 1, pending: 2 });
    expect(cov.headline).toBe('Not routed: slack: rule does not forward status changes');
  });
});
