// A pane in a window of its own, for a wall screen: the same page opened on the route
// `?pane=<id>&incident=<id>`, which shows that pane alone for that incident (DetachedPane.tsx).
// In the Electron app the main process opens it (a window from the one secure window factory, see
// main/app/paneWindows.ts); in a browser it is a new browser window of this same origin, which
// inherits this tab's session (and with it the host's access token).
import { toAppError, type ApiClient } from '../lib/api';

const PANE_ID = /^[a-z][a-z0-9-]{0,39}$/;
// ULIDs: 26 characters of Crockford base 32.
const INCIDENT_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export interface PaneRoute {
  paneId: string;
  incidentId: string;
}

/** The detached-pane route of a page address, or null (then the page is the whole war room). */
export function paneRoute(search: string, isPane: (id: string) => boolean): PaneRoute | null {
  const q = new URLSearchParams(search);
  const paneId = q.get('pane');
  const incidentId = q.get('incident');
  if (!paneId || !incidentId || !PANE_ID.test(paneId) || !INCIDENT_ID.test(incidentId) || !isPane(paneId)) return null;
  return { paneId, incidentId };
}

export function paneRouteSearch(paneId: string, incidentId: string): string {
  return `?${new URLSearchParams({ pane: paneId, incident: incidentId }).toString()}`;
}

interface PreloadWindows {
  openPane(paneId: string, incidentId: string): Promise<unknown>;
}

function preloadWindows(api: ApiClient): PreloadWindows | null {
  const w = api.preload?.windows as Partial<PreloadWindows> | undefined;
  return w && typeof w.openPane === 'function' ? (w as PreloadWindows) : null;
}

export async function openPaneWindow(api: ApiClient, paneId: string, incidentId: string, win: Window = window): Promise<void> {
  const native = preloadWindows(api);
  if (native) {
    try {
      await native.openPane(paneId, incidentId);
    } catch (err) {
      throw toAppError(err, 'open pane window');
    }
    return;
  }
  const url = `${win.location.origin}${win.location.pathname}${paneRouteSearch(paneId, incidentId)}`;
  // A named target: asking again for the same pane brings its window back instead of a second one.
  const opened = win.open(url, `commandpost-pane-${paneId}`, 'popup,width=1280,height=800');
  if (!opened) throw new Error('The browser blocked the new window: allow pop-ups for this page.');
}
