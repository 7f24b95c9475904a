// The Electron transport: the preload's bridge (window.commandPost) carries commands and pushed
// events over IPC. There is no HTTP server behind it, so no streaming endpoints and no tickets.
import type { CommandInput, CommandName, CommandPostApi, CommandResult } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { noHttpServer, noStreamingUpload, StateHub, toAppError, type ApiClient } from './client';

/** Wrap the Electron preload's bridge. */
export function createElectronApi(bridge: CommandPostApi): ApiClient {
  const hub = new StateHub('connected');
  return {
    transport: 'electron',
    async invoke<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandResult<N>> {
      try {
        return await bridge.invoke(name, input);
      } catch (err) {
        throw toAppError(err, name);
      }
    },
    subscribe: (event, listener) => bridge.subscribe(event, listener),
    connection: () => hub.get(),
    onConnection: (l) => hub.on(l),
    onResync: (l) => hub.onResync(l),
    upload: noStreamingUpload,
    downloadUrl: noHttpServer,
    download: () => Promise.reject(new AppError('unavailable', 'Downloads by ticket exist only on the browser host; the app window exports inline or to a path.')),
    preload: bridge as unknown as Readonly<Record<string, unknown>>,
    close: () => undefined,
  };
}
