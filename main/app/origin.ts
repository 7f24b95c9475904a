// Where the renderer comes from, and the one test of "is this URL ours?" used by the IPC sender
// check, navigation guards, permission handlers and the CSP injector.
//
// Production serves out/renderer over a privileged custom scheme (app://command-post/) instead of
// file://: every file:// URL on the disk shares one opaque origin, so a file:// origin check cannot
// tell our page from any other local HTML file, and file:// pages may read other local files. The
// custom scheme serves only the renderer directory, with our CSP as a real response header.
// Development loads the electron-vite dev server, and only from a loopback address, and only when
// the app is not packaged.

import { contentSecurityPolicy as pagePolicy } from '../../shared/webSecurity';

export const APP_SCHEME = 'app';
export const APP_HOST = 'command-post';

export interface AppOrigin {
  /** The URL the main window loads. */
  readonly startUrl: string;
  /** 'app:' in production, 'http:' for the dev server. */
  readonly protocol: string;
  /** Host including port, e.g. 'command-post' or 'localhost:5173'. */
  readonly host: string;
  readonly dev: boolean;
}

export const PRODUCTION_ORIGIN: AppOrigin = Object.freeze({
  startUrl: `${APP_SCHEME}://${APP_HOST}/index.html`,
  protocol: `${APP_SCHEME}:`,
  host: APP_HOST,
  dev: false,
});

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The app origin for this launch. `ELECTRON_RENDERER_URL` (set by `electron-vite dev`) is honoured
 * only in an unpackaged app and only for an http(s) loopback URL, so an environment variable cannot
 * point a packaged app at a remote page that would then receive the IPC bridge.
 */
export function resolveAppOrigin(env: Record<string, string | undefined>, isPackaged: boolean): AppOrigin {
  const devUrl = env.ELECTRON_RENDERER_URL;
  if (isPackaged || !devUrl) return PRODUCTION_ORIGIN;
  let url: URL;
  try {
    url = new URL(devUrl);
  } catch {
    return PRODUCTION_ORIGIN;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !LOOPBACK_HOSTS.has(url.hostname)) return PRODUCTION_ORIGIN;
  return Object.freeze({ startUrl: url.toString(), protocol: url.protocol, host: url.host, dev: true });
}

/** True when `url` is a page of our app (same scheme and host, credentials refused). */
export function isAppUrl(url: string | null | undefined, origin: AppOrigin): boolean {
  if (typeof url !== 'string' || url.length === 0) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Node's URL gives custom schemes an opaque origin ('null'), so compare scheme and host instead.
  return parsed.protocol === origin.protocol && parsed.host === origin.host && parsed.username === '' && parsed.password === '';
}

/** The renderer's CSP (shared/webSecurity.ts), also sent as a response header by the app:// handler. */
export function contentSecurityPolicy(origin: AppOrigin): string {
  // Vite's dev server pushes hot updates over a WebSocket on its own port.
  return pagePolicy(origin.dev ? { connect: [`ws://${origin.host}`] } : {});
}
