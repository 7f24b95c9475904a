// The credentials the fakes accept. They are test values for 127.0.0.1 only.
export const FAKE_CREDENTIALS = {
  pagerduty: { routingKey: 'R0UT1NGKEY0123456789ABCDEFGHIJKL', apiToken: 'pd-rest-token-sandbox' },
  opsgenie: { apiKey: 'og-sandbox-key-0001', schedule: 'Primary On-Call' },
  statuspage: { apiKey: 'sp-sandbox-key-0001', pageId: 'pgsandbox01', componentId: 'cmpapi0001' },
  slack: { token: 'xoxb-sandbox-0001-token' },
  teams: { path: '/webhookb2/sandbox-0001/IncomingWebhook/abc/def' },
  jira: { email: 'bot@example.com', token: 'jira-sandbox-token', projectKey: 'OPS' },
  webhook: { secret: 'whsec-sandbox-0001', path: '/hooks/command-post' },
} as const;
