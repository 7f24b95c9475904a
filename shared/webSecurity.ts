// What both shells (Electron's app:// handler and the browser host) send with the renderer's files:
// one content security policy and one table of media types, so the two can never drift apart.

/**
 * The renderer page's policy. Everything is same-origin; `connect` adds the sources the page may
 * also reach (the host's WebSocket, Vite's hot-update socket in development).
 */
export function contentSecurityPolicy(opts: { connect?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(opts.connect ?? [])];
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Virtualized lists, resizable panes and React Flow set inline style attributes; scripts stay 'self' only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "media-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Media types of the files a renderer build contains, by lower-cased extension. */
export const STATIC_MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

/** The media type for a file name, or undefined for a kind the renderer never ships. */
export function staticMediaType(fileName: string): string | undefined {
  // As path.extname: the last dot of the last segment, and a leading dot is not an extension.
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? STATIC_MEDIA_TYPES[base.slice(dot).toLowerCase()] : undefined;
}
