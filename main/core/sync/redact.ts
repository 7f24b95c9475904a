// Vendor text (error bodies, test answers) is stored in the outbox, shown in the sync status and the
// Integrations pane, and written to the timeline. Vendors sometimes echo what they were sent, so
// before any of it is kept the integration's own secret (every part of it, in the encodings it
// travels in) and anything shaped like a credential is replaced by [redacted].
export const REDACTED = '[redacted]';

/** Shorter strings are not searched for: they would match ordinary words and ids. */
const MIN_SECRET_LENGTH = 6;

/** `Authorization: <anything>` as a header line, a JSON member or a query/form field. */
const AUTH_FIELD = /(["']?)\b((?:proxy-)?authorization)\1(\s*[:=]\s*)(["']?)[^"'\r\n,;}]+/gi;
/** Members and parameters that hold credentials (`"routing_key":"…"`, `token=…`). */
const SECRET_FIELD = /(["']?)\b(routing_key|routingKey|integration_key|integrationKey|api_key|apiKey|api_token|apiToken|access_token|accessToken|client_secret|token|secret|password)\1(\s*[:=]\s*)(["']?)[^"'\s,;}&]+/g;
/** `Bearer xoxb-…`, `GenieKey …`, `OAuth …`, `Basic …`, `Token token=…`: a token-like value (it has a digit). */
const AUTH_SCHEME = /\b(Bearer|GenieKey|OAuth|Basic|Token)(\s+)(token=)?(?=[A-Za-z0-9._~+/=:-]*\d)[A-Za-z0-9._~+/=:-]{6,}/gi;

function leaves(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) leaves(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) leaves(v, out);
}

/**
 * Every form in which this secret could come back: itself, each string inside a JSON secret
 * (PagerDuty's {"routingKey", "apiToken"}), the path of a webhook URL, and each of those URL-encoded,
 * JSON-escaped and base64-encoded, alone and after an account name (HTTP Basic of "email:token").
 */
export function secretVariants(secret: string | null, accountNames: readonly string[] = []): string[] {
  if (!secret) return [];
  const parts = [secret, secret.trim()];
  if (secret.trim().startsWith('{')) {
    try {
      leaves(JSON.parse(secret) as unknown, parts);
    } catch {
      // Not JSON after all: the whole string is the secret.
    }
  }
  for (const p of [...parts]) {
    try {
      const u = new URL(p);
      if (u.protocol === 'https:' || u.protocol === 'http:') parts.push(u.pathname + u.search, u.pathname);
    } catch {
      // Not a URL.
    }
  }
  const out = new Set<string>();
  for (const p of parts) {
    if (p.length < MIN_SECRET_LENGTH) continue;
    out.add(p);
    out.add(encodeURIComponent(p));
    out.add(JSON.stringify(p).slice(1, -1));
    out.add(Buffer.from(p, 'utf8').toString('base64'));
    for (const name of accountNames) if (name) out.add(Buffer.from(`${name}:${p}`, 'utf8').toString('base64'));
  }
  // Longest first, so a secret is never half-replaced by one of its own parts.
  return [...out].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export type Redactor = (text: string) => string;

/** A redactor for one integration's vendor text. */
export function redactor(secrets: readonly string[]): Redactor {
  return (text) => {
    let t = text;
    for (const s of secrets) if (t.includes(s)) t = t.split(s).join(REDACTED);
    return t
      .replace(AUTH_FIELD, (_m, q: string, key: string, sep: string, vq: string) => `${q}${key}${q}${sep}${vq}${REDACTED}`)
      .replace(SECRET_FIELD, (m, q: string, key: string, sep: string, vq: string) => (m.endsWith(REDACTED) ? m : `${q}${key}${q}${sep}${vq}${REDACTED}`))
      .replace(AUTH_SCHEME, (_m, scheme: string, space: string, tokenEq: string | undefined) => `${scheme}${space}${tokenEq ?? ''}${REDACTED}`);
  };
}
