import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { contentSecurityPolicy as pagePolicy } from '../../shared/webSecurity';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison that does not leak the token's length. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The renderer's CSP (shared/webSecurity.ts); the page reaches the host's WebSocket on its own port. */
export function contentSecurityPolicy(port: number): string {
  return pagePolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}

export interface MediaType {
  /** Lower-cased, e.g. "application". */
  type: string;
  /** Lower-cased, e.g. "json". */
  subtype: string;
  /** Parameter names lower-cased; values as sent (quotes and escapes removed). */
  params: Record<string, string>;
}

// RFC 9110 §5.6.2 token characters.
const TOKEN_CHARS = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/**
 * Parse a Content-Type value exactly (RFC 9110 §8.3.1: type "/" subtype *( OWS ";" OWS [ parameter ] )),
 * or null when it is not one. A prefix test would take "application/json-evil" for JSON.
 */
export function parseMediaType(header: string | undefined): MediaType | null {
  if (header === undefined) return null;
  const s = header;
  let i = 0;
  const skipSpace = () => {
    while (s[i] === ' ' || s[i] === '\t') i++;
  };
  const token = (): string | null => {
    const m = TOKEN_CHARS.exec(s.slice(i));
    if (!m) return null;
    i += m[0].length;
    return m[0];
  };
  skipSpace();
  const type = token();
  if (!type || s[i] !== '/') return null;
  i++;
  const subtype = token();
  if (!subtype) return null;
  const params: Record<string, string> = {};
  for (;;) {
    skipSpace();
    if (i === s.length) break;
    if (s[i] !== ';') return null;
    i++;
    skipSpace();
    if (i === s.length || s[i] === ';') continue;
    const name = token();
    if (!name || s[i] !== '=') return null;
    i++;
    let value = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) return null; // unterminated quoted-string
        const ch = s[i]!;
        if (ch === '"') break;
        if (ch === '\\') {
          if (i + 1 >= s.length) return null;
          value += s[i + 1];
          i += 2;
        } else {
          value += ch;
          i++;
        }
      }
      i++;
    } else {
      const v = token();
      if (v === null) return null;
      value = v;
    }
    const key = name.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(params, key)) return null; // two charsets: which one?
    params[key] = value;
  }
  return { type: type.toLowerCase(), subtype: subtype.toLowerCase(), params };
}

/** True only for `type/subtype` itself, with any parameters and, when a charset is named, UTF-8. */
export function isMediaType(header: string | undefined, expected: string, opts: { utf8Only?: boolean } = {}): boolean {
  const m = parseMediaType(header);
  if (!m || `${m.type}/${m.subtype}` !== expected.toLowerCase()) return false;
  const charset = m.params.charset;
  return !opts.utf8Only || charset === undefined || charset.toLowerCase() === 'utf-8';
}
