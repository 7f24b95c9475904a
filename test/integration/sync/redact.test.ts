// A vendor that echoes the credential in its error body must not get it stored (outbox last_error,
// the timeline), shown (sync status, the integration test) or logged: the integration's own secret,
// every part of it, and anything that looks like an Authorization value or a routing key are
// redacted from vendor text first.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import type { Logger } from '../../../main/core/logger';
import { FAKE_CREDENTIALS as C } from '../../fakes';
import { startPagerDutyFake, type PagerDutyFake } from '../../fakes/pagerduty';
import { startSlackFake, type SlackFake } from '../../fakes/slack';
import { syncCore, until, type SyncCore } from './harness';

let core: SyncCore | null = null;
let pd: PagerDutyFake | null = null;
let slack: SlackFake | null = null;
afterEach(async () => {
  await core?.cleanup();
  await pd?.close();
  await slack?.close();
});

const OTHER_BEARER = 'xoxp-2222-other-user-token';
const OTHER_GENIE = '0f3c8a4e-1b2d-4c5e-9f60-7a8b9c0d1e2f';
const OTHER_ROUTING = 'ZZOTHERROUTINGKEY0123456789ABCDE';
const OTHER_OAUTH = 'sp0auth-9f8e7d6c5b4a';

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { lines, logger: { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) } };
}

function dataFiles(dir: string): string {
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('commandpost.db'))
    .map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1'))
    .join('\n');
}

test('PagerDuty echoing the routing key, the REST token and other credentials: none of them is stored, shown or logged', async () => {
  pd = await startPagerDutyFake();
  const log = capture();
  core = await syncCore({ engine: { logger: log.logger, backoff: { maxAnsweredFailures: 1000 } } });
  const secret = JSON.stringify({ routingKey: C.pagerduty.routingKey, apiToken: C.pagerduty.apiToken });
  await core.invoke('integrations:configure', { kind: 'pagerduty', name: 'pd', baseUrl: pd.url, settings: {}, secret });
  const echo = (status: string) => ({
    status,
    message: `routing_key ${C.pagerduty.routingKey} rejected for token ${C.pagerduty.apiToken}`,
    errors: [`"routing_key":"${OTHER_ROUTING}"`, `Authorization: Bearer ${OTHER_BEARER}`, `Authorization: GenieKey ${OTHER_GENIE}`, `Authorization: OAuth ${OTHER_OAUTH}`, `you sent ${encodeURIComponent(secret)}`],
  });
  pd.failNext(500, 1_000_000, echo('server error'));
  const inc = await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
  expect(await until(async () => (await core!.invoke('outbox:list', { integration: 'pd' }))[0]!.attempts >= 2)).toBe(true);
  const retrying = (await core.invoke('outbox:list', { integration: 'pd' }))[0]!;
  const statusRetrying = await core.invoke('sync:status', {});

  pd.failNext(400, 1_000_000, echo('invalid event'));
  expect(await until(async () => (await core!.invoke('outbox:list', { integration: 'pd' }))[0]!.state === 'dead')).toBe(true);
  const dead = (await core.invoke('outbox:list', { integration: 'pd' }))[0]!;
  const statusDead = await core.invoke('sync:status', {});
  const tested = await core.invoke('integrations:test', { name: 'pd' });
  await core.invoke('outbox:retry', { id: dead.id }); // puts the last error on the timeline
  expect(await until(async () => (await core!.invoke('outbox:list', { integration: 'pd' }))[0]!.state === 'dead')).toBe(true);
  const timeline = await core.invoke('timeline:list', { incidentId: inc.id });
  await core.close();

  const shown = {
    retrying: retrying.lastError,
    statusRetrying: statusRetrying.integrations[0]!.lastError,
    dead: dead.lastError,
    statusDead: statusDead.integrations[0]!.lastError,
    tested: tested.message,
    timeline: timeline.entries.map((e) => e.text).join('\n'),
    logs: log.lines.join('\n'),
    database: dataFiles(core.dataDir),
  };
  const credentials = [C.pagerduty.routingKey, C.pagerduty.apiToken, encodeURIComponent(secret), OTHER_ROUTING, OTHER_BEARER, OTHER_GENIE, OTHER_OAUTH];
  for (const [where, text] of Object.entries(shown)) {
    for (const cred of credentials) expect(text ?? '', `${cred} in ${where}`).not.toContain(cred);
  }
  // What remains is still useful to a person.
  expect(dead.lastError).toMatch(/^400: .*rejected for token \[redacted\]/);
  expect(retrying.lastError).toContain('500:');
  expect(tested.ok).toBe(false);
  expect(tested.message).toContain('[redacted]');
});

test('Slack echoing the bot token in an HTTP error: redacted from the outbox and the status', async () => {
  slack = await startSlackFake();
  core = await syncCore();
  await core.invoke('integrations:configure', { kind: 'slack', name: 'chat', baseUrl: slack.url, settings: { perIncidentChannel: false, channel: '#ops' }, secret: C.slack.token });
  slack.failNext(403, 1_000_000, { ok: false, error: 'invalid_auth', echo: { headers: { authorization: `Bearer ${C.slack.token}` }, token: C.slack.token } });
  await core.invoke('incidents:declare', { title: 'Checkout down', severity: 'SEV-1' });
  expect(await until(async () => (await core!.invoke('outbox:list', { integration: 'chat' })).some((i) => i.state === 'dead'))).toBe(true);
  const items = await core.invoke('outbox:list', { integration: 'chat' });
  const status = await core.invoke('sync:status', {});
  for (const text of [...items.map((i) => i.lastError), status.integrations[0]!.lastError]) {
    expect(text ?? '').not.toContain(C.slack.token);
    expect(text ?? '').not.toContain('sandbox-0001');
  }
  expect(items.find((i) => i.state === 'dead')!.lastError).toContain('invalid_auth');
});
