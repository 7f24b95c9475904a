// What the settings form asks for, per vendor. Keys match the core adapters' settings schemas
// (main/core/sync/adapters/*); the core validates them again and names any wrong field.
import type { IntegrationKind } from '../../../../shared/domain/sync';

export interface SettingField {
  key: string;
  label: string;
  type: 'text' | 'list' | 'bool';
  required?: boolean;
  hint?: string;
}

export interface KindInfo {
  label: string;
  defaultBaseUrl: string;
  secretLabel: string;
  /** A public integration: leak-checked, never receives timeline notes. */
  public?: boolean;
  /** Exercises never reach it, whatever the rules say. */
  pages?: boolean;
  fields: SettingField[];
  note?: string;
}

export const KINDS: Record<IntegrationKind, KindInfo> = {
  pagerduty: {
    label: 'PagerDuty (Events API v2)',
    defaultBaseUrl: 'https://events.pagerduty.com',
    secretLabel: 'Routing key (32 characters), or JSON {"routingKey","apiToken"} to read on-call',
    pages: true,
    fields: [
      { key: 'source', label: 'Source', type: 'text', hint: 'payload.source, e.g. command-post' },
      { key: 'component', label: 'Component', type: 'text' },
      { key: 'apiBaseUrl', label: 'REST API base URL (on-call)', type: 'text', hint: 'https://api.pagerduty.com' },
    ],
  },
  opsgenie: {
    label: 'Opsgenie (Alert API)',
    defaultBaseUrl: 'https://api.opsgenie.com',
    secretLabel: 'API key',
    pages: true,
    fields: [
      { key: 'responderTeam', label: 'Responder team', type: 'text' },
      { key: 'scheduleName', label: 'On-call schedule name', type: 'text' },
    ],
    note: 'Opsgenie reaches end of support on 2027-04-05.',
  },
  statuspage: {
    label: 'Atlassian Statuspage (public)',
    defaultBaseUrl: 'https://api.statuspage.io',
    secretLabel: 'API key',
    public: true,
    fields: [
      { key: 'pageId', label: 'Page id', type: 'text', required: true },
      { key: 'componentIds', label: 'Component ids (comma-separated)', type: 'list' },
      { key: 'publicName', label: 'Public incident name (default: the title)', type: 'text' },
      { key: 'allowedHosts', label: 'Hosts allowed in public text', type: 'list' },
    ],
    note: 'Public: only templated text is sent, checked for hostnames, IPs, e-mails and tokens. Timeline notes are never published.',
  },
  slack: {
    label: 'Slack',
    defaultBaseUrl: 'https://slack.com',
    secretLabel: 'Bot token (xoxb-…)',
    fields: [
      { key: 'perIncidentChannel', label: 'Open a channel per incident (#inc-2026-0042-slug)', type: 'bool' },
      { key: 'channel', label: 'Default channel id', type: 'text' },
    ],
  },
  teams: {
    label: 'Microsoft Teams (incoming webhook)',
    defaultBaseUrl: '',
    secretLabel: 'Incoming webhook URL',
    fields: [],
    note: 'Incoming webhooks have no idempotency key: a post whose answer was lost may appear twice.',
  },
  jira: {
    label: 'Jira Cloud',
    defaultBaseUrl: 'https://your-site.atlassian.net',
    secretLabel: 'API token',
    fields: [
      { key: 'email', label: 'Account e-mail', type: 'text', required: true },
      { key: 'projectKey', label: 'Project key', type: 'text', required: true },
      { key: 'issueType', label: 'Issue type', type: 'text', hint: 'Task' },
    ],
  },
  webhook: {
    label: 'Generic webhook (HMAC-SHA256)',
    defaultBaseUrl: 'https://example.invalid',
    secretLabel: 'Signing secret',
    fields: [{ key: 'path', label: 'Path', type: 'text', hint: '/hooks/command-post' }],
  },
};
