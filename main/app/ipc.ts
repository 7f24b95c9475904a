// The Electron transport of the contract: ONE invoke channel answered by the core's dispatcher, and
// pushed events forwarded to our windows. The dispatcher parses every input with zod, authorizes,
// runs and audits; this file only decides whether the caller may speak at all.
import { ipcMain, webContents as allWebContents, type IpcMainInvokeEvent, type WebContents, type WebFrameMain } from 'electron';
import { isCommandName } from '../../shared/contract';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/desktop';
import type { Result } from '../../shared/errors';
import type { DispatchOptions } from '../core';
import { isAppUrl, type AppOrigin } from './origin';
import { isOurWebContents, ourWebContentsIds } from './window';

/** What the IPC binding needs from the core (structural, so tests can pass a fake). */
export interface IpcCore {
  dispatch(name: string, input: unknown, opts: DispatchOptions): Promise<Result<unknown>>;
  subscribe(listener: (envelope: { event: string; data: unknown }) => void): () => void;
}

export interface SenderCheckDeps {
  origin: AppOrigin;
  isOurWebContents: (contents: WebContents) => boolean;
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

type Frame = Pick<WebFrameMain, 'processId' | 'frameToken'>;

/** WebFrameMain wrappers are compared by identity first, then by the (process, frame token) pair. */
function sameFrame(a: Frame, b: Frame | null | undefined): boolean {
  return !!b && (a === b || (a.processId === b.processId && a.frameToken === b.frameToken));
}

/**
 * Why a sender is refused, or null when it is the main frame of one of our windows showing our app.
 * A sub-frame, a window we did not create, a page that navigated elsewhere, or a frame already
 * disposed (senderFrame null) are all refused.
 */
export function senderRejection(event: SenderEvent, deps: SenderCheckDeps): string | null {
  const sender = event.sender;
  if (!sender || !deps.isOurWebContents(sender)) return 'not one of our windows';
  let frame: SenderEvent['senderFrame'];
  try {
    frame = event.senderFrame;
  } catch {
    return 'sender frame is gone';
  }
  if (!frame || frame.detached) return 'sender frame is gone';
  if (frame.parent !== null || !sameFrame(frame, sender.mainFrame)) return 'not the main frame';
  if (!isAppUrl(frame.url, deps.origin)) return 'not our origin';
  return null;
}

export interface IpcBinding {
  /** Send a pushed envelope to every window of ours that still shows our app. */
  broadcast(envelope: { event: string; data: unknown }): void;
  dispose(): void;
}

export interface BindIpcOptions {
  core: IpcCore;
  origin: AppOrigin;
  /** Called for refused senders, for the log; never given the payload. */
  onRejected?: (reason: string) => void;
}

/** The invoke handler, exported for tests; never throws, always answers a Result. */
export function createInvokeHandler(opts: BindIpcOptions, deps: SenderCheckDeps) {
  return async (event: SenderEvent, name: unknown, input: unknown): Promise<Result<unknown>> => {
    const refused = senderRejection(event, deps);
    if (refused) {
      opts.onRejected?.(refused);
      return { ok: false, error: { code: 'forbidden', message: 'This frame may not call Command Post.' } };
    }
    if (typeof name !== 'string' || !isCommandName(name)) {
      const shown = typeof name === 'string' ? name.slice(0, 80) : typeof name;
      return { ok: false, error: { code: 'unknown_command', message: `Unknown command "${shown}".` } };
    }
    // The dispatcher zod-parses `input`; the actor is always the local profile (no actorOverride).
    return opts.core.dispatch(name, input, { transport: 'ipc' });
  };
}

export function bindIpc(opts: BindIpcOptions): IpcBinding {
  const deps: SenderCheckDeps = { origin: opts.origin, isOurWebContents };
  ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  ipcMain.handle(IPC_INVOKE_CHANNEL, createInvokeHandler(opts, deps));

  const broadcast = (envelope: { event: string; data: unknown }) => {
    for (const id of ourWebContentsIds()) {
      const contents = allWebContents.fromId(id);
      if (!contents || contents.isDestroyed()) continue;
      if (!isAppUrl(contents.getURL(), opts.origin)) continue;
      contents.send(IPC_EVENT_CHANNEL, envelope);
    }
  };
  const unsubscribe = opts.core.subscribe(broadcast);
  return {
    broadcast,
    dispose() {
      unsubscribe();
      ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    },
  };
}
