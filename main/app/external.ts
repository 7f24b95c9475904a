// The one way a link leaves the app: https only, to an allow-listed host, through the OS browser.
// Everything else (file:, javascript:, smb:, custom handlers, http:, credentials in the URL) is refused,
// because shell.openExternal hands the URL to the OS, which may run programs for other schemes.
import { shell } from 'electron';

/**
 * Hosts incident responders routinely link to. An entry 'example.com' matches that host exactly;
 * '*.example.com' matches any subdomain (not the bare domain). Extend with setExternalAllowList.
 */
export const DEFAULT_EXTERNAL_HOSTS: readonly string[] = Object.freeze([
  'github.com',
  '*.github.com',
  '*.pagerduty.com',
  '*.opsgenie.com',
  '*.atlassian.net',
  '*.statuspage.io',
  '*.slack.com',
  'sre.google',
  'www.electronjs.org',
]);

let allowList: readonly string[] = DEFAULT_EXTERNAL_HOSTS;

export function setExternalAllowList(hosts: readonly string[]): void {
  allowList = Object.freeze(hosts.map((h) => h.trim().toLowerCase()).filter((h) => h.length > 0));
}

export function externalAllowList(): readonly string[] {
  return allowList;
}

export function hostAllowed(hostname: string, hosts: readonly string[]): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return hosts.some((entry) => {
    const e = entry.toLowerCase();
    if (e.startsWith('*.')) {
      const suffix = e.slice(1); // '.example.com'
      return h.length > suffix.length && h.endsWith(suffix);
    }
    return h === e;
  });
}

/** Decide without side effects: the URL to open, or null when it must not leave the app. */
export function externalUrlAllowed(raw: unknown, hosts: readonly string[] = allowList): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.port !== '' && url.port !== '443') return null;
  if (!hostAllowed(url.hostname, hosts)) return null;
  return url.toString();
}

/** Open an https link to an allowed host in the user's browser. Resolves false when refused. */
export async function openExternalSafely(raw: unknown, hosts: readonly string[] = allowList): Promise<boolean> {
  const url = externalUrlAllowed(raw, hosts);
  if (!url) return false;
  try {
    await shell.openExternal(url, { activate: true }); // eng-disable OPEN_EXTERNAL_JS_CHECK -- url passed externalUrlAllowed: https + allow-listed host
    return true;
  } catch {
    return false;
  }
}
