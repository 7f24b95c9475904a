import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PRODUCTION_ORIGIN, resolveAppOrigin } from '../../../main/app/origin';
import {
  createSecureWindow,
  guardWebContents,
  installSessionGuards,
  isOurWebContents,
  loadApp,
  permissionAllowed,
  requestAllowed,
  withCsp,
} from '../../../main/app/window';
import { sanitizeWindowState, writeWindowState, readWindowState } from '../../../main/app/windowState';
import { fake, FakeWebContents, type FakeBrowserWindow } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

const APP = 'app://command-post/index.html';
const opts = { origin: PRODUCTION_ORIGIN, preloadPath: '/x/out/preload/index.cjs', devTools: false };

beforeEach(() => fake.reset());

describe('createSecureWindow', () => {
  it('sets every security-relevant webPreference', () => {
    const win = createSecureWindow(opts) as unknown as FakeBrowserWindow;
    const prefs = win.options.webPreferences;
    expect(prefs).toEqual({
      preload: '/x/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
    // Flags that must never appear at all.
    for (const k of ['enableBlinkFeatures', 'additionalArguments', 'enableRemoteModule', 'partition', 'affinity']) expect(prefs).not.toHaveProperty(k);
    expect(prefs.preload.endsWith('.cjs')).toBe(true);
    expect(win.options.show).toBe(false);
  });

  it('turns DevTools on only when asked (development)', () => {
    const win = createSecureWindow({ ...opts, devTools: true }) as unknown as FakeBrowserWindow;
    expect(win.options.webPreferences.devTools).toBe(true);
    expect(win.options.webPreferences.sandbox).toBe(true);
  });

  it('registers the window as ours until it closes', () => {
    const win = createSecureWindow(opts) as unknown as FakeBrowserWindow;
    expect(isOurWebContents(win.webContents as never)).toBe(true);
    expect(isOurWebContents(new FakeWebContents() as never)).toBe(false);
    win.emit('closed');
    expect(isOurWebContents(win.webContents as never)).toBe(false);
  });

  it('loads the app origin start URL', async () => {
    const win = createSecureWindow(opts);
    await loadApp(win, PRODUCTION_ORIGIN);
    expect((win as unknown as FakeBrowserWindow).loadedUrl).toBe(APP);
  });

  it('restores remembered bounds and forgets off-screen positions', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-win-'));
    const file = path.join(dir, 'window-state.json');
    writeWindowState(file, { bounds: { x: 100, y: 80, width: 1300, height: 850 }, maximized: false });
    const win = createSecureWindow({ ...opts, stateFile: file }) as unknown as FakeBrowserWindow;
    expect(win.options).toMatchObject({ x: 100, y: 80, width: 1300, height: 850 });
    win.emit('close');
    expect(readWindowState(file, [{ x: 0, y: 0, width: 1920, height: 1080 }]).bounds).toEqual({ x: 10, y: 10, width: 1200, height: 800 });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it.each([
    [null, { width: 1440, height: 900 }],
    ['junk', { width: 1440, height: 900 }],
    [{ bounds: { width: 10, height: 10 } }, { width: 900, height: 600 }],
    [{ bounds: { width: 9999, height: 9999 } }, { width: 1920, height: 1080 }],
    [{ bounds: { x: 5000, y: 5000, width: 1000, height: 700 } }, { width: 1000, height: 700 }],
    [{ bounds: { x: 50, y: 60, width: 1000, height: 700 } }, { x: 50, y: 60, width: 1000, height: 700 }],
    [{ bounds: { x: Number.NaN, y: 0, width: Number.POSITIVE_INFINITY, height: 700 } }, { width: 1440, height: 700 }],
  ])('%j → %j', (raw, bounds) => {
    expect(sanitizeWindowState(raw, screen).bounds).toEqual(bounds);
  });
});

describe('navigation and new windows', () => {
  function guarded(url = APP) {
    const wc = new FakeWebContents(url);
    guardWebContents(wc as never, PRODUCTION_ORIGIN);
    return wc;
  }
  const nav = (wc: FakeWebContents, event: string, url: string) => {
    const e = { url, preventDefault: vi.fn() };
    wc.emit(event, e);
    return e.preventDefault.mock.calls.length > 0;
  };

  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])('%s: denies foreign URLs, allows our own', (event) => {
    const wc = guarded();
    expect(nav(wc, event, 'https://evil.example/')).toBe(true);
    expect(nav(wc, event, 'file:///etc/passwd')).toBe(true);
    expect(nav(wc, event, 'app://other-host/index.html')).toBe(true);
    expect(nav(wc, event, 'http://localhost:5173/')).toBe(true);
    expect(nav(wc, event, 'javascript:alert(1)')).toBe(true);
    expect(nav(wc, event, 'app://command-post/index.html#/incident/1')).toBe(false);
  });

  it('hands an allowed https link to the OS browser instead of navigating', async () => {
    const wc = guarded();
    expect(nav(wc, 'will-navigate', 'https://github.com/org/repo/issues/1')).toBe(true);
    await Promise.resolve();
    expect(fake.openExternal).toHaveBeenCalledWith('https://github.com/org/repo/issues/1', { activate: true });
  });

  it('denies every window.open, opening only allowed https links externally', async () => {
    const wc = guarded();
    expect(wc.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: APP })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'https://acme.pagerduty.com/incidents/P1' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fake.openExternal.mock.calls.map((c) => c[0])).toEqual(['https://acme.pagerduty.com/incidents/P1']);
  });

  it('refuses to attach a <webview>', () => {
    const wc = guarded();
    const e = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('installs the guards once per webContents', async () => {
    const wc = guarded();
    guardWebContents(wc as never, PRODUCTION_ORIGIN);
    expect(wc.listenerCount('will-navigate')).toBe(1);
    nav(wc, 'will-navigate', 'https://github.com/x');
    await Promise.resolve();
    expect(fake.openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('session guards', () => {
  beforeEach(() => installSessionGuards(fake.session.session as never, PRODUCTION_ORIGIN));

  const request = (permission: string, requestingUrl: string) =>
    new Promise<boolean>((resolve) => fake.session.state.permissionRequest!({ getURL: () => requestingUrl }, permission, resolve, { requestingUrl }));

  it.each(['media', 'geolocation', 'openExternal', 'clipboard-read', 'display-capture', 'hid', 'serial', 'usb', 'midiSysex', 'pointerLock', 'fullscreen', 'unknown'])(
    'denies %s even to our own page',
    async (permission) => {
      expect(await request(permission, APP)).toBe(false);
      expect(fake.session.state.permissionCheck!(null, permission, 'app://command-post', {})).toBe(false);
    },
  );

  it('allows notifications and sanitized clipboard writes to our page only', async () => {
    expect(await request('notifications', APP)).toBe(true);
    expect(await request('clipboard-sanitized-write', APP)).toBe(true);
    expect(await request('notifications', 'https://evil.example/')).toBe(false);
    expect(fake.session.state.permissionCheck!(null, 'notifications', 'app://command-post', {})).toBe(true);
    expect(fake.session.state.permissionCheck!(null, 'notifications', 'https://evil.example', {})).toBe(false);
    expect(permissionAllowed('notifications', 'file:///tmp/x.html', PRODUCTION_ORIGIN)).toBe(false);
  });

  it('denies device access, downloads and the spell-checker download', () => {
    expect(fake.session.state.devicePermission!()).toBe(false);
    expect(fake.session.state.spellChecker).toBe(false);
    const e = { preventDefault: vi.fn() };
    fake.session.state.events.emit('will-download', e);
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('puts the strict CSP on our responses and replaces any other CSP', () => {
    let out: any;
    fake.session.state.onHeadersReceived!({ url: APP, responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, (r) => (out = r));
    const csp = String(out.responseHeaders['Content-Security-Policy']);
    expect(out.responseHeaders['content-security-policy']).toBeUndefined();
    expect(out.responseHeaders['X-Other']).toEqual(['1']);
    for (const d of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ]) {
      expect(csp).toContain(d);
    }
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    fake.session.state.onHeadersReceived!({ url: 'https://elsewhere.example/', responseHeaders: {} }, (r) => (out = r));
    expect(out).toEqual({});
  });

  it('cancels renderer requests to other origins', () => {
    const decide = (url: string, fromPage = true) => {
      let r: any;
      fake.session.state.onBeforeRequest!(fromPage ? { url, webContentsId: 1 } : { url }, (x) => (r = x));
      return r.cancel === true ? 'cancel' : 'allow';
    };
    expect(decide('app://command-post/assets/index.js')).toBe('allow');
    expect(decide('https://tracker.example/pixel.gif')).toBe('cancel');
    expect(decide('http://127.0.0.1:4780/api/incidents:list')).toBe('cancel');
    expect(decide('file:///etc/passwd')).toBe('cancel');
    expect(decide('ws://localhost:5173/')).toBe('cancel');
    expect(decide('https://api.pagerduty.com/', false)).toBe('allow'); // main process, not a page
  });

  it('in development allows the loopback dev server and its hot-update socket only', () => {
    const dev = resolveAppOrigin({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false);
    expect(requestAllowed('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(requestAllowed('ws://localhost:5173/', dev)).toBe(true);
    expect(requestAllowed('ws://localhost:9999/', dev)).toBe(false);
    expect(requestAllowed('https://cdn.example/x.js', dev)).toBe(false);
    expect(withCsp({}, dev)['Content-Security-Policy']).toEqual([expect.stringContaining("connect-src 'self' ws://localhost:5173")]);
  });
});
