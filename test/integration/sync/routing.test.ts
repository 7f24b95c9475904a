// Routing rules and the transactional outbox, with the engine stopped so the queued rows can be
// inspected as written.
import { afterEach, describe, expect, test } from 'vitest';
import { sandboxIntegrations, FAKE_KINDS, type FakeKind } from '../../fakes';
import { syncCore, type SyncCore } from './harness';

let core: SyncCore | null = null;
afterEach(async () => {
  await core?.cleanup();
  core = null;
});

const URLS = Object.fromEntries(FAKE_KINDS.map((k) => [k, `http://127.0.0.1:9/${k}`])) as Record<FakeKind, string>;

async function setup(kinds: FakeKind[] = [...FAKE_KINDS]): Promise<SyncCore> {
  core = await syncCore({ start: false });
  for (const cfg of sandboxIntegrations(URLS)) if (kinds.includes(cfg.kind as FakeKind)) await core.invoke('integrations:configure', cfg);
  return core;
}

const ops = async (c: SyncCore, incidentId?: string) =>
  (await c.invoke('outbox:list', incidentId ? { incidentId } : {})).map((i) => `${i.integration}:${i.operation}${i.state === 'dead' ? ' (refused)' : ''}`);

describe('default routing rules', () => {
  test('SEV-1: pages, opens a Slack channel #inc-YYYY-NNNN-<slug>, publishes, files a ticket, signals the webhook', async () => {
    const c = await setup();
    const inc = await c.invoke('incidents:declare', { title: 'Checkout is down!', severity: 'SEV-1' });
    expect(await ops(c)).toEqual([
      'jira:create_issue',
      'opsgenie:trigger',
      'pagerduty:trigger',
      'slack:create_channel',
      'slack:post',
      'statuspage:create_incident',
      'teams:post',
      'webhook:declared',
    ]);
    const channel = (await c.invoke('outbox:list', { integration: 'slack' }))[0]!;
    expect(channel.idempotencyKey).toBe(`${inc.humanId.toLowerCase()}-checkout-is-down`);
    expect(channel.idempotencyKey).toMatch(/^inc-\d{4}-\d{4}-checkout-is-down$/);
    const page = (await c.invoke('outbox:list', { integration: 'pagerduty' }))[0]!;
    expect(page.idempotencyKey).toBe(`cp-${inc.id}`);
  });

  test('resolving resolves the pages (same dedup key) and posts the resolution; notes never reach the status page', async () => {
    const c = await setup();
    const inc = await c.invoke('incidents:declare', { title: 'Payments failing', severity: 'SEV-2' });
    await c.invoke('timeline:append', { incidentId: inc.id, kind: 'note', text: 'restarted pay-db-2.corp.internal' });
    await c.invoke('incidents:set-status', { id: inc.id, status: 'resolved' });
    const list = await ops(c, inc.id);
    expect(list).toContain('pagerduty:resolve');
    expect(list).toContain('opsgenie:resolve');
    expect(list.filter((o) => o.startsWith('statuspage'))).toEqual([]); // SEV-2 is below the public default (SEV-1)
    expect(list).toContain('webhook:timeline'); // the internal webhook does get notes
    const pd = await c.invoke('outbox:list', { integration: 'pagerduty' });
    expect(new Set(pd.map((i) => i.idempotencyKey)).size).toBe(1);
  });

  test('SEV-3 pages no one by default; raising it to SEV-2 pages once; raising again does not page twice', async () => {
    const c = await setup(['pagerduty', 'opsgenie']);
    const inc = await c.invoke('incidents:declare', { title: 'Slow search', severity: 'SEV-3' });
    expect(await ops(c)).toEqual([]);
    await c.invoke('incidents:set-severity', { id: inc.id, severity: 'SEV-2' });
    await c.invoke('incidents:set-severity', { id: inc.id, severity: 'SEV-1' });
    expect(await ops(c)).toEqual(['opsgenie:trigger', 'pagerduty:trigger']);
  });

  test('exercises never page real people nor reach the public page, whatever the rules say', async () => {
    const c = await setup();
    await c.invoke('integrations:configure', { kind: 'pagerduty', name: 'pagerduty', settings: {}, routing: { includeExercises: true } });
    await c.invoke('incidents:declare', { title: 'Tabletop: region loss', severity: 'SEV-1', mode: 'exercise' });
    expect(await ops(c)).toEqual([]);
    await c.invoke('integrations:configure', { kind: 'slack', name: 'slack', settings: { perIncidentChannel: true }, routing: { includeExercises: true } });
    await c.invoke('incidents:declare', { title: 'Tabletop 2', severity: 'SEV-1', mode: 'exercise' });
    expect(await ops(c)).toEqual(['slack:create_channel', 'slack:post']);
    const post = (await c.invoke('outbox:list', { integration: 'slack' }))[1]!;
    expect(post.summary).toContain('[EXERCISE]');
  });

  test('public text with internal detail is refused with a reason and never queued for sending', async () => {
    const c = await setup(['statuspage']);
    await c.invoke('incidents:declare', { title: 'db-7.prod.internal unreachable from 10.0.3.4', severity: 'SEV-1' });
    const [item] = await c.invoke('outbox:list', {});
    expect(item!.state).toBe('dead');
    expect(item!.lastError).toMatch(/Not published: public text contains an IP address \(10\.0\.3\.4\).*internal hostname/);
  });

  test('routing rules are configurable per integration', async () => {
    const c = await setup(['pagerduty']);
    await c.invoke('integrations:configure', { kind: 'pagerduty', name: 'pagerduty', settings: {}, routing: { minSeverity: 'SEV-3' } });
    await c.invoke('incidents:declare', { title: 'Queue backlog', severity: 'SEV-3' });
    expect(await ops(c)).toEqual(['pagerduty:trigger']);
    const [info] = await c.invoke('integrations:list', {});
    expect(info!.routing.minSeverity).toBe('SEV-3');
    expect(info!.routing.onResolve).toBe(true);
  });
});

describe('transactional outbox', () => {
  test('the outbox row commits with the domain change or not at all', async () => {
    const c = await setup(['pagerduty']);
    // An over-long title fails validation: no incident, no event, no outbox row.
    await expect(c.invoke('incidents:declare', { title: 'x'.repeat(500), severity: 'SEV-1' })).rejects.toThrow();
    expect(await ops(c)).toEqual([]);
    // A failure inside the transaction after the event (a broken listener) rolls back everything.
    const off = c.log.onAppend(async () => {
      throw new Error('disk on fire');
    });
    await expect(c.invoke('incidents:declare', { title: 'Rolled back', severity: 'SEV-1' })).rejects.toThrow();
    off();
    expect(await ops(c)).toEqual([]);
    expect(await c.invoke('incidents:list', {})).toEqual([]);
  });

  test('secrets go to the key store, never to SQLite or integrations:list', async () => {
    const c = await setup(['slack']);
    const [info] = await c.invoke('integrations:list', {});
    expect(info!.hasSecret).toBe(true);
    expect(JSON.stringify(info)).not.toContain('xoxb-');
    const rows = await c.db.reader.all<Record<string, unknown>>('SELECT * FROM integrations');
    expect(JSON.stringify(rows)).not.toContain('xoxb-');
    const audit = await c.db.reader.all<Record<string, unknown>>('SELECT * FROM audit_log');
    expect(JSON.stringify(audit)).not.toContain('xoxb-');
  });

  test('settings are validated per vendor and name the field', async () => {
    const c = await setup([]);
    await expect(c.invoke('integrations:configure', { kind: 'jira', name: 'jira', settings: { email: 'a@b.c', projectKey: 'not a key' }, secret: 't' })).rejects.toThrow(/settings\.projectKey/);
    await expect(c.invoke('integrations:configure', { kind: 'statuspage', name: 'sp', settings: { pageId: 'p', bogus: 1 }, secret: 't' })).rejects.toThrow(/unknown setting bogus/);
    await expect(c.invoke('integrations:configure', { kind: 'slack', name: 'slack', settings: {} })).rejects.toThrow(/needs its secret/);
  });
});
