// A pane in a window of its own, for a wall screen: the page asks over one channel with a pane id and
// an incident id; this file checks the sender exactly like the invoke channel (ipc.ts), zod-parses
// the input, builds the address itself (our own origin, `?pane=<id>&incident=<id>`: the page never
// supplies a URL) and makes the window with the one secure window factory (window.ts), so it has the
// main window's settings: context isolation, sandbox, no Node integration, the CSP, the guards, and
// IPC answers it because the factory registered it. One window per pane and incident.
import { ipcMain, type BrowserWindow } from 'electron';
import { IPC_OPEN_PANE_WINDOW_CHANNEL, openPaneWindowInput, type OpenPaneWindowResult } from '../../shared/desktop';
import type { ErrorBody, Result } from '../../shared/errors';
import { zodIssues } from '../core';
import { senderRejection, type SenderCheckDeps } from './ipc';
import type { AppOrigin } from './origin';
import { isOurWebContents } from './window';

type SenderEvent = Parameters<typeof senderRejection>[0];

/** The address of a pane window: our start page with the detached-pane route. */
export function paneWindowUrl(origin: AppOrigin, paneId: string, incidentId: string): string {
  const url = new URL(origin.startUrl);
  url.search = '';
  url.hash = '';
  url.searchParams.set('pane', paneId);
  url.searchParams.set('incident', incidentId);
  return url.toString();
}

export interface PaneWindowOptions {
  origin: AppOrigin;
  /** Make and load a window (createSecureWindow + loadURL in the app; a fake in tests). */
  open(url: string): Pick<BrowserWindow, 'focus' | 'isDestroyed' | 'once'>;
  /** Called for refused senders, for the log; never given the payload. */
  onRejected?: (reason: string) => void;
}

const FORBIDDEN: ErrorBody = { code: 'forbidden', message: 'This frame may not call Command Post.' };

/** The handler, exported for tests; never throws, always answers a Result. */
export function createPaneWindowHandler(opts: PaneWindowOptions, deps: SenderCheckDeps) {
  const open = new Map<string, Pick<BrowserWindow, 'focus' | 'isDestroyed' | 'once'>>();
  return (event: SenderEvent, raw: unknown): Result<OpenPaneWindowResult> => {
    const refused = senderRejection(event, deps);
    if (refused) {
      opts.onRejected?.(refused);
      return { ok: false, error: FORBIDDEN };
    }
    const parsed = openPaneWindowInput.safeParse(raw);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return { ok: false, error: { code: 'invalid_input', message: `Invalid input for open pane window: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues } };
    }
    const { paneId, incidentId } = parsed.data;
    const key = `${paneId}|${incidentId}`;
    const existing = open.get(key);
    if (existing && !existing.isDestroyed()) {
      existing.focus();
      return { ok: true, data: { created: false } };
    }
    try {
      const win = opts.open(paneWindowUrl(opts.origin, paneId, incidentId));
      open.set(key, win);
      win.once('closed', () => {
        if (open.get(key) === win) open.delete(key);
      });
      return { ok: true, data: { created: true } };
    } catch (err) {
      return { ok: false, error: { code: 'internal', message: `Opening the window failed: ${err instanceof Error ? err.message : String(err)}` } };
    }
  };
}

export interface PaneWindowBinding {
  dispose(): void;
}

export function bindPaneWindows(opts: PaneWindowOptions): PaneWindowBinding {
  const deps: SenderCheckDeps = { origin: opts.origin, isOurWebContents };
  ipcMain.removeHandler(IPC_OPEN_PANE_WINDOW_CHANNEL);
  ipcMain.handle(IPC_OPEN_PANE_WINDOW_CHANNEL, createPaneWindowHandler(opts, deps));
  return {
    dispose() {
      ipcMain.removeHandler(IPC_OPEN_PANE_WINDOW_CHANNEL);
    },
  };
}
