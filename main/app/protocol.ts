// app://command-post/ serves the built renderer (out/renderer) and nothing else, with our CSP as a
// response header. See origin.ts for why a custom scheme rather than file://.
import { protocol, type Protocol } from 'electron';
import fs from 'node:fs/promises';
import path from 'node:path';
import { staticMediaType } from '../../shared/webSecurity';
import { APP_HOST, APP_SCHEME, contentSecurityPolicy, type AppOrigin } from './origin';


/** Must run before the app's 'ready' event. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // standard: a real origin ('self' in the CSP, localStorage); secure: treated like https;
    // corsEnabled: Vite emits <script type="module" crossorigin>, fetched in CORS mode.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/**
 * Map a request URL to a file inside rootDir, or null. Refuses other hosts, encoded separators,
 * NUL bytes and anything that resolves outside rootDir (path traversal).
 */
export function resolveAppFile(requestUrl: string, rootDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\') || /%2f|%5c/i.test(url.pathname)) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${pathname}`);
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return file;
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/** The request handler, separate from Electron so it is unit-testable with a plain Request. */
export function appProtocolHandler(rootDir: string, origin: AppOrigin): (request: Request) => Promise<Response> {
  const csp = contentSecurityPolicy(origin);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const file = resolveAppFile(request.url, rootDir);
    if (!file) return plain(404, 'Not found');
    const type = staticMediaType(file);
    if (!type) return plain(404, 'Not found');
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      return plain(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': type,
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cache-Control': 'no-cache',
      },
    });
  };
}

export function handleAppProtocol(target: Protocol, rootDir: string, origin: AppOrigin): void {
  target.handle(APP_SCHEME, appProtocolHandler(rootDir, origin));
}
