// The one registry of adapters: add a vendor by implementing SyncAdapter and listing it here.
import type { IntegrationKind } from '../../../../shared/domain/sync';
import { jiraAdapter } from './jira';
import { opsgenieAdapter } from './opsgenie';
import { pagerDutyAdapter } from './pagerduty';
import { slackAdapter } from './slack';
import { statuspageAdapter } from './statuspage';
import { teamsAdapter } from './teams';
import type { SyncAdapter } from './types';
import { webhookAdapter } from './webhook';

export const ADAPTERS: Readonly<Record<IntegrationKind, SyncAdapter>> = {
  pagerduty: pagerDutyAdapter,
  opsgenie: opsgenieAdapter,
  statuspage: statuspageAdapter,
  slack: slackAdapter,
  teams: teamsAdapter,
  jira: jiraAdapter,
  webhook: webhookAdapter,
};
