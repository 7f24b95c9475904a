// The local vendor sandboxes (`npm run fakes`, test/fakes/): the credentials they accept, the ports
// they listen on by default, and a probe that finds them, so the demo can point its integrations at
// them when they run and say "not configured" when they do not. The values are sandbox values that
// only those fakes on 127.0.0.1 accept; they open nothing anywhere else.
import type { CommandInput } from '../../../shared/contract';

export const SANDBOX_KINDS = ['pagerduty', 'opsgenie', 'statuspage', 'slack', 'teams', 'jira', 'webhook'] as const;
export type SandboxKind = (typeof SANDBOX_KINDS)[number];
export type SandboxUrls = Partial<Record<SandboxKind, string>>;

/** `npm run fakes` listens on this port and the six after it, in SANDBOX_KINDS order. */
export const SANDBOX_BASE_PORT = 4900;

export const SANDBOX_CREDENTIALS = {
  pagerduty: { routingKey: 'R0UT1NGKEY0123456789ABCDEFGHIJKL', apiToken: 'pd-rest-token-sandbox' },
  opsgenie: { apiKey: 'og-sandbox-key-0001', schedule: 'Primary On-Call' },
  statuspage: { apiKey: 'sp-sandbox-key-0001', pageId: 'pgsandbox01', componentId: 'cmpapi0001' },
  slack: { token: 'xoxb-sandbox-0001-token' },
  teams: { path: '/webhookb2/sandbox-0001/IncomingWebhook/abc/def' },
  jira: { email: 'bot@example.com', token: 'jira-sandbox-token', projectKey: 'OPS' },
  webhook: { secret: 'whsec-sandbox-0001', path: '/hooks/command-post' },
} as const;

/** integrations:configure inputs for the sandboxes at `urls` (one per kind given). */
export function sandboxIntegrations(urls: SandboxUrls): Array<CommandInput<'integrations:configure'>> {
  const c = SANDBOX_CREDENTIALS;
  const all: Record<SandboxKind, (url: string) => CommandInput<'integrations:configure'>> = {
    pagerduty: (u) => ({ kind: 'pagerduty', name: 'pagerduty', baseUrl: u, settings: { source: 'command-post-sandbox', apiBaseUrl: u }, secret: JSON.stringify({ routingKey: c.pagerduty.routingKey, apiToken: c.pagerduty.apiToken }) }),
    opsgenie: (u) => ({ kind: 'opsgenie', name: 'opsgenie', baseUrl: u, settings: { scheduleName: c.opsgenie.schedule }, secret: c.opsgenie.apiKey }),
    statuspage: (u) => ({ kind: 'statuspage', name: 'statuspage', baseUrl: u, settings: { pageId: c.statuspage.pageId, componentIds: [c.statuspage.componentId] }, secret: c.statuspage.apiKey }),
    slack: (u) => ({ kind: 'slack', name: 'slack', baseUrl: u, settings: { perIncidentChannel: true }, secret: c.slack.token }),
    teams: (u) => ({ kind: 'teams', name: 'teams', baseUrl: u, settings: {}, secret: `https://example.webhook.office.com${c.teams.path}` }),
    jira: (u) => ({ kind: 'jira', name: 'jira', baseUrl: u, settings: { email: c.jira.email, projectKey: c.jira.projectKey, issueType: 'Task' }, secret: c.jira.token }),
    webhook: (u) => ({ kind: 'webhook', name: 'webhook', baseUrl: u, settings: { path: c.webhook.path }, secret: c.webhook.secret }),
  };
  return SANDBOX_KINDS.flatMap((k) => (urls[k] ? [all[k](urls[k])] : []));
}

/** True when `url` answers like one of our fakes (GET /__fake/effects → { effects, log }). */
async function isSandbox(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch(`${url}/__fake/effects`, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    if (!res.ok) return false;
    const body = (await res.json()) as unknown;
    return typeof body === 'object' && body !== null && 'effects' in body && 'log' in body;
  } catch {
    return false;
  }
}

/**
 * The sandboxes answering on 127.0.0.1 at `basePort`…`basePort + 6` (one bounded request each, in
 * parallel); kinds that do not answer are left out.
 */
export async function probeSandboxes(basePort = SANDBOX_BASE_PORT, timeoutMs = 500): Promise<SandboxUrls> {
  const found = await Promise.all(
    SANDBOX_KINDS.map(async (kind, i) => {
      const url = `http://127.0.0.1:${basePort + i}`;
      return (await isSandbox(url, timeoutMs)) ? ([kind, url] as const) : null;
    }),
  );
  return Object.fromEntries(found.filter((f) => f !== null));
}
