// All fake vendors at once, plus the integration settings that point Command Post at them.
import type { CommandInput } from '../../shared/contract';
import { FAKE_CREDENTIALS } from './credentials';
import { startJiraFake, type IndexLag, type JiraFake } from './jira';
import { startOpsgenieFake, type OpsgenieFake } from './opsgenie';
import { startPagerDutyFake, type PagerDutyFake } from './pagerduty';
import { startSlackFake, type SlackFake } from './slack';
import { startStatuspageFake, type StatuspageFake } from './statuspage';
import { startTeamsFake, type TeamsFake } from './teams';
import { startWebhookFake, type WebhookFake } from './webhook';

export { FAKE_CREDENTIALS };

export interface Fakes {
  pagerduty: PagerDutyFake;
  opsgenie: OpsgenieFake;
  statuspage: StatuspageFake;
  slack: SlackFake;
  teams: TeamsFake;
  jira: JiraFake;
  webhook: WebhookFake;
  close(): Promise<void>;
}

export type FakeKind = Exclude<keyof Fakes, 'close'>;
export const FAKE_KINDS: FakeKind[] = ['pagerduty', 'opsgenie', 'statuspage', 'slack', 'teams', 'jira', 'webhook'];

export async function startAllFakes(opts: { rateLimit?: boolean; ports?: Partial<Record<FakeKind, number>>; opsgenieDelayMs?: number; jiraIndexLag?: IndexLag } = {}): Promise<Fakes> {
  const rl = opts.rateLimit ?? false;
  const p = (k: FakeKind) => (opts.ports?.[k] !== undefined ? { port: opts.ports[k] } : {});
  const f = {
    pagerduty: await startPagerDutyFake({ rateLimit: rl, ...p('pagerduty') }),
    opsgenie: await startOpsgenieFake({ rateLimit: rl, ...p('opsgenie'), ...(opts.opsgenieDelayMs !== undefined ? { processDelayMs: opts.opsgenieDelayMs } : {}) }),
    statuspage: await startStatuspageFake({ rateLimit: rl, ...p('statuspage') }),
    slack: await startSlackFake({ rateLimit: rl, ...p('slack') }),
    teams: await startTeamsFake({ rateLimit: rl, ...p('teams') }),
    jira: await startJiraFake({ rateLimit: rl, ...p('jira'), ...(opts.jiraIndexLag ? { indexLag: opts.jiraIndexLag } : {}) }),
    webhook: await startWebhookFake({ ...p('webhook') }),
  };
  return { ...f, close: async () => void (await Promise.all(Object.values(f).map((x) => x.close()))) };
}

/** integrations:configure inputs for every fake; `urls` may point at fault proxies instead. */
export function sandboxIntegrations(urls: Record<FakeKind, string>): Array<CommandInput<'integrations:configure'>> {
  const c = FAKE_CREDENTIALS;
  return [
    { kind: 'pagerduty', name: 'pagerduty', baseUrl: urls.pagerduty, settings: { source: 'command-post-sandbox', apiBaseUrl: urls.pagerduty }, secret: JSON.stringify({ routingKey: c.pagerduty.routingKey, apiToken: c.pagerduty.apiToken }) },
    { kind: 'opsgenie', name: 'opsgenie', baseUrl: urls.opsgenie, settings: { scheduleName: c.opsgenie.schedule }, secret: c.opsgenie.apiKey },
    { kind: 'statuspage', name: 'statuspage', baseUrl: urls.statuspage, settings: { pageId: c.statuspage.pageId, componentIds: [c.statuspage.componentId] }, secret: c.statuspage.apiKey },
    { kind: 'slack', name: 'slack', baseUrl: urls.slack, settings: { perIncidentChannel: true }, secret: c.slack.token },
    { kind: 'teams', name: 'teams', baseUrl: urls.teams, settings: {}, secret: `https://example.webhook.office.com${c.teams.path}` },
    { kind: 'jira', name: 'jira', baseUrl: urls.jira, settings: { email: c.jira.email, projectKey: c.jira.projectKey, issueType: 'Task' }, secret: c.jira.token },
    { kind: 'webhook', name: 'webhook', baseUrl: urls.webhook, settings: { path: c.webhook.path }, secret: c.webhook.secret },
  ];
}
