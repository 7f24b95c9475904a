// main/app/paneWindows.ts: a pane in its own window. The sender check is the invoke channel's, the
// input is zod-parsed, the address is built here from our own origin (never taken from the page),
// one window per pane and incident, and the window comes from the one secure window factory.
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PRODUCTION_ORIGIN, resolveAppOrigin } from '../../../main/app/origin';
import { createPaneWindowHandler, paneWindowUrl } from '../../../main/app/paneWindows';
import { APP_PAGE, FakeFrame, FakeWebContents, fake, ourWindows } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

const APP = APP_PAGE;
const INC = '01J9Z8Y7X6W5V4T3S2R1Q0P9N8';

class FakeWin extends EventEmitter {
  destroyed = false;
  focus = vi.fn();
  isDestroyed = () => this.destroyed;
  override once(event: string, fn: () => void): this {
    return super.once(event, fn);
  }
}

beforeEach(() => fake.reset());

describe('pane windows', () => {
  const { deps, ourWindow } = ourWindows(PRODUCTION_ORIGIN);
  const ev = (wc: FakeWebContents, frame = wc.mainFrame) => ({ sender: wc as never, senderFrame: frame as never });

  it('builds the address from our origin: the detached-pane route, nothing else', () => {
    expect(paneWindowUrl(PRODUCTION_ORIGIN, 'roles', INC)).toBe(`app://command-post/index.html?pane=roles&incident=${INC}`);
    const dev = resolveAppOrigin({ ELECTRON_RENDERER_URL: 'http://localhost:5173/?x=1#h' }, false);
    expect(paneWindowUrl(dev, 'timeline', INC)).toBe(`http://localhost:5173/?pane=timeline&incident=${INC}`);
  });

  it('opens one window per pane and incident, and brings it forward when asked again', () => {
    const opened: FakeWin[] = [];
    const urls: string[] = [];
    const handler = createPaneWindowHandler(
      {
        origin: PRODUCTION_ORIGIN,
        open: (url) => {
          urls.push(url);
          const w = new FakeWin();
          opened.push(w);
          return w as never;
        },
      },
      deps,
    );
    const wc = ourWindow();
    expect(handler(ev(wc), { paneId: 'roles', incidentId: INC })).toEqual({ ok: true, data: { created: true } });
    expect(handler(ev(wc), { paneId: 'roles', incidentId: INC })).toEqual({ ok: true, data: { created: false } });
    expect(opened).toHaveLength(1);
    expect(opened[0]!.focus).toHaveBeenCalledTimes(1);
    expect(urls).toEqual([`app://command-post/index.html?pane=roles&incident=${INC}`]);
    // Closed: the next request makes a new one.
    opened[0]!.emit('closed');
    expect(handler(ev(wc), { paneId: 'roles', incidentId: INC })).toEqual({ ok: true, data: { created: true } });
    expect(handler(ev(wc), { paneId: 'depmap', incidentId: INC })).toEqual({ ok: true, data: { created: true } });
    expect(opened).toHaveLength(3);
  });

  it('refuses senders the invoke channel refuses, and bad input, before opening anything', () => {
    const open = vi.fn();
    const rejected: string[] = [];
    const handler = createPaneWindowHandler({ origin: PRODUCTION_ORIGIN, open, onRejected: (r) => rejected.push(r) }, deps);
    const stranger = new FakeWebContents(APP);
    expect(handler(ev(stranger), { paneId: 'roles', incidentId: INC })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const wc = ourWindow();
    expect(handler(ev(wc, new FakeFrame(APP, wc.mainFrame) as never), { paneId: 'roles', incidentId: INC })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const elsewhere = ourWindow('https://evil.example/');
    expect(handler(ev(elsewhere), { paneId: 'roles', incidentId: INC })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(rejected).toEqual(['not one of our windows', 'not the main frame', 'not our origin']);
    for (const bad of [{ paneId: 'https://evil.example/', incidentId: INC }, { paneId: 'roles', incidentId: '../x' }, { paneId: 'roles', incidentId: INC, url: 'https://evil.example/' }, null, 'roles']) {
      expect(handler(ev(wc), bad)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(open).not.toHaveBeenCalled();
  });
});
