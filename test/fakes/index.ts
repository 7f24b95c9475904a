// All fake vendors at once, plus the integration settings that point Command Post at them.
import type { CommandInput } from '../../shared/contract';
import { sandboxIntegrations as sandboxConfigs, SANDBOX_KINDS } from '../../main/core/demo/sandbox';
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
export const FAKE_KINDS: FakeKind[] = [...SANDBOX_KINDS];

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
  return sandboxConfigs(urls);
}
