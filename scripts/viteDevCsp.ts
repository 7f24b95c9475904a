import type { Plugin } from 'vite';

/**
 * The dev server (electron-vite dev) injects React Fast Refresh's inline preamble script, which the
 * page's strict CSP blocks, leaving a blank window. Relax script-src for the dev server only; built
 * pages (the app and the browser host) keep script-src 'self'.
 */
export function allowInlineScriptsInDev(html: string): string {
  return html.replace("script-src 'self';", "script-src 'self' 'unsafe-inline';");
}

export const devCsp: Plugin = {
  name: 'command-post-dev-csp',
  apply: 'serve',
  transformIndexHtml: allowInlineScriptsInDev,
};
