import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contentSecurityPolicy, isAppUrl, PRODUCTION_ORIGIN, resolveAppOrigin } from '../../../main/app/origin';
import { shellPaths } from '../../../main/app/paths';
import { appProtocolHandler, resolveAppFile } from '../../../main/app/protocol';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-proto-'));
  fs.mkdirSync(path.join(root, 'renderer', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
  fs.writeFileSync(path.join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'do not serve');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it.each([
    ['app://command-post/index.html', 'index.html'],
    ['app://command-post/', 'index.html'],
    ['app://command-post/assets/app.js?v=1#x', 'assets/app.js'],
  ])('%s serves %s', (url, rel) => {
    expect(resolveAppFile(url, path.join(root, 'renderer'))).toBe(path.join(root, 'renderer', rel));
  });

  it.each(['app://command-post/../secret.txt', 'app://command-post/%2e%2e/secret.txt', 'app://command-post/assets/../../../secret.txt'])(
    '%s stays inside the renderer directory (dot segments are normalised away)',
    (url) => {
      const file = resolveAppFile(url, path.join(root, 'renderer'));
      expect(file === null || file.startsWith(path.join(root, 'renderer') + path.sep)).toBe(true);
    },
  );

  it.each([
    'app://command-post/assets/..%2f..%2fsecret.txt',
    'app://command-post/assets%5c..%5c..%5csecret.txt',
    'app://command-post/%00index.html',
    'app://command-post/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(url, path.join(root, 'renderer'))).toBeNull();
  });

  it('answers with the file, its MIME type and the CSP header', async () => {
    const handler = appProtocolHandler(path.join(root, 'renderer'), PRODUCTION_ORIGIN);
    const res = await handler(new Request('app://command-post/assets/app.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy(PRODUCTION_ORIGIN));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('answers 404 outside the renderer or for unknown types, 405 for writes', async () => {
    const handler = appProtocolHandler(path.join(root, 'renderer'), PRODUCTION_ORIGIN);
    expect((await handler(new Request('app://command-post/../secret.txt'))).status).toBe(404);
    expect((await handler(new Request('app://command-post/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://command-post/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('app origin', () => {
  it('is app://command-post unless an unpackaged app runs the loopback dev server', () => {
    expect(resolveAppOrigin({}, false)).toBe(PRODUCTION_ORIGIN);
    expect(resolveAppOrigin({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173' }, false)).toMatchObject({ dev: true, host: '127.0.0.1:5173', protocol: 'http:' });
    expect(resolveAppOrigin({ ELECTRON_RENDERER_URL: 'http://192.168.1.5:5173' }, false)).toBe(PRODUCTION_ORIGIN);
    expect(resolveAppOrigin({ ELECTRON_RENDERER_URL: 'file:///tmp/index.html' }, false)).toBe(PRODUCTION_ORIGIN);
    expect(resolveAppOrigin({ ELECTRON_RENDERER_URL: '::::' }, false)).toBe(PRODUCTION_ORIGIN);
  });

  it.each([
    ['app://command-post/index.html', true],
    ['app://command-post', true],
    // Chromium canonicalises standard-scheme hosts to lower case; anything else is not from it.
    ['APP://COMMAND-POST/x', false],
    ['app://command-post:1/x', false],
    ['app://a@command-post/x', false],
    ['app://command-post.evil/x', false],
    ['file:///command-post/index.html', false],
    ['https://command-post/', false],
    [null, false],
  ])('isAppUrl(%j) = %s', (url, ok) => {
    expect(isAppUrl(url, PRODUCTION_ORIGIN)).toBe(ok);
  });

  it('finds the renderer, preload and resources in dev and packaged layouts', () => {
    const dev = shellPaths('/repo/out/main', false, '/ignored');
    expect(dev).toEqual({
      rendererDir: '/repo/out/renderer',
      preloadPath: '/repo/out/preload/index.cjs',
      resourcesDir: '/repo/resources',
      icon: '/repo/resources/icons/icon.png',
    });
    const packaged = shellPaths('/opt/Command Post/resources/app.asar/out/main', true, '/opt/Command Post/resources');
    expect(packaged.resourcesDir).toBe('/opt/Command Post/resources/resources');
    expect(packaged.preloadPath).toBe('/opt/Command Post/resources/app.asar/out/preload/index.cjs');
  });
});
