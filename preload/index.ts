// window.commandPost: invoke + subscribe (CommandPostApi), `vaultFiles` (the vault's native
// open/save dialogs) and `windows` (a pane in its own window). No logic beyond
// moving data: the main process checks the sender and parses every input. The raw ipcRenderer is never exposed. Built as CommonJS (out/preload/
// index.cjs) because sandboxed preloads cannot load ES modules.
//
// Failures: the main process answers a Result; `{ok:false}` becomes a rejected Error whose message
// is the JSON of the ErrorBody (shared/ipcErrors.ts), because contextBridge carries only an Error's
// message. renderer/src/lib/api.ts rebuilds the AppError with ipcErrorToAppError / decodeIpcError.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_IMPORT_FILES_CHANNEL, IPC_INVOKE_CHANNEL, IPC_OPEN_PANE_WINDOW_CHANNEL, IPC_SAVE_EXPORT_CHANNEL } from '../shared/desktop';
import { isErrorBody } from '../shared/errors';
import { ipcError } from '../shared/ipcErrors';

type Listener = (data: unknown) => void;

const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, envelope: unknown) => {
  // The IpcRendererEvent (with its sender) never reaches the page: only the event's data does.
  if (typeof envelope !== 'object' || envelope === null) return;
  const { event, data } = envelope as { event?: unknown; data?: unknown };
  if (typeof event !== 'string') return;
  const set = listeners.get(event);
  if (!set) return;
  for (const listener of [...set]) {
    try {
      listener(data);
    } catch (err) {
      console.error(`command-post: a "${event}" listener threw`, err);
    }
  }
});

/** A Result from the main process → its data, or a rejected Error carrying the ErrorBody. */
function unwrap(what: string, res: unknown): unknown {
  if (typeof res === 'object' && res !== null) {
    const r = res as { ok?: unknown; data?: unknown; error?: unknown };
    if (r.ok === true) return r.data;
    if (r.ok === false && isErrorBody(r.error)) throw ipcError(r.error);
  }
  throw ipcError({ code: 'internal', message: `${what}: the main process gave an unreadable answer.` });
}

async function invoke(name: unknown, input: unknown): Promise<unknown> {
  if (typeof name !== 'string') throw ipcError({ code: 'unknown_command', message: 'The command name must be a string.' });
  return unwrap(name, await ipcRenderer.invoke(IPC_INVOKE_CHANNEL, name, input === undefined ? {} : input));
}

function subscribe(event: unknown, listener: unknown): () => void {
  if (typeof event !== 'string' || event.length === 0) throw new TypeError('subscribe(event, listener): event must be a non-empty string');
  if (typeof listener !== 'function') throw new TypeError('subscribe(event, listener): listener must be a function');
  const fn = listener as Listener;
  let set = listeners.get(event);
  if (!set) listeners.set(event, (set = new Set()));
  set.add(fn);
  return () => {
    set.delete(fn);
  };
}

// The vault's native dialogs (main/app/fileDialogs.ts): the page asks, the main process shows the OS
// dialog and chooses the path. Arguments are passed as given; the main process parses them.
const vaultFiles = Object.freeze({
  importFiles: async (incidentId: unknown) => unwrap('vault import', await ipcRenderer.invoke(IPC_IMPORT_FILES_CHANNEL, { incidentId })),
  saveExport: async (id: unknown, format: unknown, passphrase?: unknown) =>
    unwrap('vault export', await ipcRenderer.invoke(IPC_SAVE_EXPORT_CHANNEL, passphrase === undefined ? { id, format } : { id, format, passphrase })),
});

// A pane in a window of its own (main/app/paneWindows.ts): the page names the pane and incident,
// the main process builds the address and the window.
const windows = Object.freeze({
  openPane: async (paneId: unknown, incidentId: unknown) => unwrap('open pane window', await ipcRenderer.invoke(IPC_OPEN_PANE_WINDOW_CHANNEL, { paneId, incidentId })),
});

/** Exactly what the page sees as window.commandPost. */
const commandPostBridge = Object.freeze({ invoke, subscribe, vaultFiles, windows });

contextBridge.exposeInMainWorld('commandPost', commandPostBridge);
