// Public updates never carry internal detail (practice.md): before anything goes to a public page
// it is scanned for hostnames, IP addresses, e-mail addresses, tokens and stack traces. A finding
// refuses the item with a reason a person can act on; nothing is "cleaned up" silently.
// The text is normalised first (invisible characters removed, NFKC, look-alike dots, at signs and
// hyphens mapped to ASCII), because a reader sees "db01．prod．example．com" or "AKIA\u200BIOSF…" as
// the name or key it spells, and the vendor's page shows it that way.
import { stripAllInvisible } from '../../../shared/validation';

export interface LeakFinding {
  kind: 'hostname' | 'ip' | 'email' | 'token' | 'stack_trace' | 'url';
  /** The offending text, shortened so the reason itself does not republish a whole token. */
  sample: string;
}

// Patterns with a long run in them start only where such a run starts (a lookbehind instead of \b):
// retrying from every position inside a 25,000-character run would be quadratic in it.
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g;
// Full and compressed IPv6 forms with at least two groups and one '::' or seven ':'.
const IPV6 = /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4})?\b/gi;
const URL_RE = /\bhttps?:\/\/[^\s)]+/gi;
// Internal-looking names: a dotted name ending in a private suffix, or any name of three or more
// labels (db-7.eu-west.prod). Public status pages have no need for either.
// Environment names count as private suffixes too (redis.prod, api.staging).
const INTERNAL_HOST =
  /(?<![a-z0-9.-])[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:internal|local|lan|corp|intra|intranet|priv|private|svc|cluster|localdomain|home\.arpa|consul|k8s|kube|prod|prd|production|staging|stage|stg|dev|qa|uat|infra|mgmt|dmz|vpn|ec2)\b/gi;
const MANY_LABELS = /(?<![a-z0-9.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.){2,}[a-z][a-z0-9-]*\b/gi;
// Two labels where the first looks like a machine (a letter, then a digit somewhere: db01, kafka-0,
// ip-10-0-3-7) and the second is a lower-case word: db01.prod, cache01.eu. Prose does not glue a
// word with a digit to a lower-case word with a dot; a sentence after a missing space starts with a
// capital ("B2.Some"), versions start with digits ("v2.3"), and file names are left to other checks.
const MACHINE_TWO_LABELS = /(?<![A-Za-z0-9.-])(?=[A-Za-z][A-Za-z0-9-]*\d)[A-Za-z][A-Za-z0-9-]*\.(?!(?:pdf|html?|txt|csv|png|jpe?g|gif|svg|zip|json|xml|md|log)\b)[a-z][a-z0-9-]*[a-z0-9]\b(?!\.[a-z0-9])/g;
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
const HIGH_ENTROPY = /(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[A-Za-z])[A-Za-z0-9+/_-]{32,}\b/g;
// One frame is enough: a single line of a trace names files, functions and often hosts.
const STACK = [
  /\n[ \t]+at [\w$.<>]+ \(?[^)\n]*:\d+:\d+\)?/, // V8, multi-line
  /\bat (?:async |new )?[\w$.<>[\]]+ \((?:file:\/\/)?(?=[^()\s]*[/\\.])[^()\s]*:\d+:\d+\)/, // at fn (/srv/app.js:10:5)
  /\bat (?:file:\/\/)?(?:\/|[A-Za-z]:\\)[^\s:()]+:\d+:\d+/, // at /srv/app.js:10:5
  /\bat [\w$]+(?:\.[\w$<>]+)+\((?:[\w$-]+\.(?:java|kt|scala|groovy|clj):\d+|Native Method|Unknown Source)\)/, // JVM
  /\bFile "[^"\n]+", line \d+/, // Python
  /\bTraceback\b/,
  /\bException in thread\b/,
  /\bgoroutine \d+ \[/,
  /(?<![\w$.])(?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)\b/, // java.lang.NullPointerException
  /\b[A-Z][A-Za-z0-9]*(?:Exception|Error): /, // TypeError: …
  /(?<![\w./\\-])[\w./\\-]+\.(?:go|py|rb|js|mjs|cjs|ts|tsx|java|kt|cs|php|rs|c|cc|cpp|swift|scala|exs?):\d+\b/, // file.go:42
  /:line \d+\b/, // .NET "in C:\x\Y.cs:line 42"
  /\.php\(\d+\)/,
];

// Characters that read as a full stop, an at sign or a hyphen but are not ASCII (after NFKC, which
// already maps full-width and small forms: ．﹒․ → '.', ＠﹫ → '@', － → '-').
const LOOKALIKE_DOT = /[\u3002\u06D4\u0701\u0702\u2E3C\uA60E\u00B7\u2027\u30FB\u2219\u22C5]/g;
const LOOKALIKE_HYPHEN = /[\u2010\u2012\u2013\u2043\u2212]/g;
// "ops [at] example [dot] com" is an e-mail address to every reader.
const SPELLED_AT = /\s{0,3}[[(]\s{0,3}at\s{0,3}[\])]\s{0,3}/gi;
const SPELLED_DOT = /\s{0,3}[[(]\s{0,3}dot\s{0,3}[\])]\s{0,3}/gi;

/** The text as a reader takes it in: what the scanners below match against. */
export function normalizeForScan(text: string): string {
  return stripAllInvisible(text)
    .normalize('NFKC')
    .replace(LOOKALIKE_DOT, '.')
    .replace(LOOKALIKE_HYPHEN, '-')
    .replace(SPELLED_AT, '@')
    .replace(SPELLED_DOT, '.');
}

function clip(s: string): string {
  return s.length <= 12 ? s : `${s.slice(0, 6)}…${s.slice(-3)}`;
}

export function findLeaks(raw: string, opts: { allowedHosts?: readonly string[] } = {}): LeakFinding[] {
  const text = normalizeForScan(raw);
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
  for (const m of plain.matchAll(MACHINE_TWO_LABELS)) if (!allowed.has(m[0].toLowerCase())) add('hostname', m[0]);
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
