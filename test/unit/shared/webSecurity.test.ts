// One policy and one media-type table for both shells: the Electron app:// handler and the browser
// host differ only in the sockets the page may reach.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy as appPolicy, PRODUCTION_ORIGIN, resolveAppOrigin } from '../../../main/app/origin';
import { contentSecurityPolicy as hostPolicy } from '../../../main/host/security';
import { contentSecurityPolicy, staticMediaType } from '../../../shared/webSecurity';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d] as const));

describe('the renderer page policy', () => {
  it('is the same in both shells but for connect-src', () => {
    const app = directives(appPolicy(PRODUCTION_ORIGIN));
    const host = directives(hostPolicy(4317));
    expect([...app.keys()].sort()).toEqual([...host.keys()].sort());
    for (const [name, value] of app) if (name !== 'connect-src') expect(host.get(name), name).toBe(value);
    expect(app.get('connect-src')).toBe("connect-src 'self'");
    expect(host.get('connect-src')).toBe("connect-src 'self' ws://127.0.0.1:4317 ws://localhost:4317");
  });

  it('allows scripts from the page itself only, and nothing to frame, embed or post it anywhere', () => {
    const d = directives(contentSecurityPolicy());
    expect(d.get('script-src')).toBe("script-src 'self'");
    for (const name of ['object-src', 'base-uri', 'frame-src', 'frame-ancestors', 'form-action']) expect(d.get(name), name).toBe(`${name} 'none'`);
  });

  it('lets the dev server push hot updates over its own socket, and nothing else', () => {
    const dev = resolveAppOrigin({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' }, false);
    expect(directives(appPolicy(dev)).get('connect-src')).toBe("connect-src 'self' ws://127.0.0.1:5173");
  });
});

describe('media types of the renderer build', () => {
  it('names each shipped kind, case-insensitively, and nothing else', () => {
    expect(staticMediaType('/out/renderer/assets/index-3f2a.JS')).toBe('text/javascript; charset=utf-8');
    expect(staticMediaType('C:\\Program Files\\Command Post\\renderer\\index.html')).toBe('text/html; charset=utf-8');
    expect(staticMediaType('sounds/alert.wav')).toBe('audio/wav');
    expect(staticMediaType('/srv/renderer/.css')).toBeUndefined();
    expect(staticMediaType('/srv/renderer/notes')).toBeUndefined();
    expect(staticMediaType('/srv/renderer.d/evil.exe')).toBeUndefined();
  });
});
