// THE only entry to the backend for the renderer. At start-up it picks a transport: the Electron
// preload (`window.commandPost`) when present, otherwise the browser host (fetch for commands, a
// WebSocket for pushed events). Both answer with the same contract, and every failure becomes an
// AppError whose message names the problem.
import type { CommandPostApi } from '../../../../shared/contract';
import type { ApiClient } from './client';
import { createHttpApi, takeToken } from './httpTransport';
import { createElectronApi } from './ipcTransport';

export { fromCommandPostApi, readHostResponse, toAppError, type ApiClient, type ConnectionState, type DownloadedFile, type Transport, type UploadOptions } from './client';
export { createHttpApi, fileNameFromDisposition, takeToken, type HttpApiOptions } from './httpTransport';
export { createElectronApi } from './ipcTransport';

let current: ApiClient | null = null;

/** Choose the transport once, at start-up. */
export function createApi(win: Window = window): ApiClient {
  const bridge = (win as unknown as { commandPost?: CommandPostApi }).commandPost;
  if (bridge && typeof bridge.invoke === 'function') return createElectronApi(bridge);
  return createHttpApi({ baseUrl: win.location.origin, token: takeToken(win.location, win.sessionStorage, win.history) });
}

/** The process-wide client (tests hand theirs to ApiProvider instead). */
export function getApi(): ApiClient {
  if (!current) current = createApi();
  return current;
}
