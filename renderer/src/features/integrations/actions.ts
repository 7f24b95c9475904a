// Named actions of the integrations settings.
import type { ActionDef } from '../../lib/workbench';

export const integrationsActions: ActionDef[] = [
  {
    id: 'integrations.open',
    title: 'Integrations settings',
    group: 'Sync',
    keywords: ['pagerduty', 'opsgenie', 'slack', 'teams', 'jira', 'statuspage', 'webhook', 'settings', 'sync'],
    enabled: (ctx) => ctx.incident !== null,
    run: (ctx) => ctx.openPane('integrations'),
  },
];
