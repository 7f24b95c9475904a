// Public updates never carry internal detail (practice.md): before anything goes to a public page
// it is scanned for hostnames, IP addresses, e-mail addresses, tokens and stack traces. A finding
// refuses the item with a reason a person can act on; nothing is "cleaned up" silently.
export interface LeakFinding {
  kind: 'hostname' | 'ip' | 'email' | 'token' | 'stack_trace' | 'url';
  /** The offending text, shortened so the reason itself does not republish a whole token. */
  sample: string;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g;
// Full and compressed IPv6 forms with at least two groups and one '::' or seven ':'.
const IPV6 = /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4})?\b/gi;
const URL_RE = /\bhttps?:\/\/[^\s)]+/gi;
// Internal-looking names: a dotted name ending in a private suffix, or any name of three or more
// labels (db-7.eu-west.prod). Public status pages have no need for either.
const INTERNAL_HOST = /\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:internal|local|lan|corp|intra|intranet|priv|private|svc|cluster|localdomain|home\.arpa|consul|k8s)\b/gi;
const MANY_LABELS = /\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.){2,}[a-z][a-z0-9-]*\b/gi;
const TOKENS = [
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub
  /\bglpat-[A-Za-z0-9_-]{16,}/g, // GitLab
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/g, // Stripe
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/g,
  /\b(?:api[_-]?key|token|secret|password|passwd)\s*[:=]\s*\S{6,}/gi,
];
// A long run mixing letters and digits looks like a credential (hex digests of 32+ too).
const HIGH_ENTROPY = /\b(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[A-Za-z])[A-Za-z0-9+/_-]{32,}\b/g;
const STACK = [/\n\s+at [\w$.<>]+ \(?[^)\n]*:\d+:\d+\)?/, /Traceback \(most recent call last\)/, /\bException in thread\b/, /\b[\w.]+(?:Exception|Error): .*\n\s+at /];

function clip(s: string): string {
  return s.length <= 12 ? s : `${s.slice(0, 6)}…${s.slice(-3)}`;
}

export function findLeaks(text: string, opts: { allowedHosts?: readonly string[] } = {}): LeakFinding[] {
  const found: LeakFinding[] = [];
  const allowed = new Set((opts.allowedHosts ?? []).map((h) => h.toLowerCase()));
  const add = (kind: LeakFinding['kind'], sample: string) => {
    if (!found.some((f) => f.kind === kind && f.sample === clip(sample))) found.push({ kind, sample: clip(sample) });
  };
  for (const m of text.matchAll(EMAIL)) add('email', m[0]);
  const noEmail = text.replace(EMAIL, ' ');
  for (const m of noEmail.matchAll(URL_RE)) {
    let host = '';
    try {
      host = new URL(m[0]).hostname.toLowerCase();
    } catch {
      host = m[0];
    }
    if (!allowed.has(host)) add('url', m[0]);
  }
  const plain = noEmail.replace(URL_RE, ' ');
  for (const m of plain.matchAll(IPV4)) add('ip', m[0]);
  for (const m of plain.matchAll(IPV6)) if (/[0-9a-f]/i.test(m[0].replace(/:/g, '')) && m[0].includes(':')) add('ip', m[0]);
  for (const m of plain.matchAll(INTERNAL_HOST)) add('hostname', m[0]);
  for (const m of plain.matchAll(MANY_LABELS)) {
    if (/^\d+(\.\d+)+$/.test(m[0]) || allowed.has(m[0].toLowerCase())) continue; // version numbers, allowed hosts
    add('hostname', m[0]);
  }
  for (const re of TOKENS) for (const m of text.matchAll(re)) add('token', m[0]);
  for (const m of plain.matchAll(HIGH_ENTROPY)) add('token', m[0]);
  if (STACK.some((re) => re.test(text))) add('stack_trace', 'stack trace');
  return found;
}

const KIND_WORDS: Record<LeakFinding['kind'], string> = {
  hostname: 'an internal hostname',
  ip: 'an IP address',
  email: 'an e-mail address',
  token: 'something that looks like a token or key',
  stack_trace: 'a stack trace',
  url: 'a link to a non-public address',
};

/** A reason a person can act on, or null when the text is fit to publish. */
export function leakReason(text: string, opts: { allowedHosts?: readonly string[] } = {}): string | null {
  const f = findLeaks(text, opts);
  if (f.length === 0) return null;
  const parts = f.slice(0, 4).map((x) => `${KIND_WORDS[x.kind]} (${x.sample})`);
  return `Not published: public text contains ${parts.join(', ')}. Edit the incident title or the public template, then retry, or discard.`;
}
