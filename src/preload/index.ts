import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { AppEvent, CommandName, CommandRequest, CommandResponse, Envelope, QuantdeskApi } from '../shared/contract';

// Type-only imports: a sandboxed preload can require nothing but `electron`.
/** Same name as EVENT_CHANNEL in src/main/transport/electron-ipc.ts. */
const EVENT_CHANNEL = 'quantdesk:event';

/**
 * The renderer's only way to main: the contract's commands and events, nothing else.
 * Each command travels on the channel of its own name (see transport/electron-ipc.ts).
 */
const api = {
  async invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<Envelope<CommandResponse<C>>> {
    try {
      return (await ipcRenderer.invoke(command, request)) as Envelope<CommandResponse<C>>;
    } catch (error) {
      // No handler for that channel (unknown command) or main went away: still an envelope.
      const message = error instanceof Error ? error.message : String(error);
      const kind = message.includes('No handler registered') ? 'not_found' : 'unavailable';
      return { ok: false, error: { kind, message }, meta: { elapsedMs: 0 } };
    }
  },
  subscribe(listener: (event: AppEvent) => void): () => void {
    // The IpcRendererEvent (and its `sender`) never reaches the page.
    const forward = (_event: IpcRendererEvent, appEvent: AppEvent): void => listener(appEvent);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  pathForFile(file: File): string | undefined {
    return webUtils.getPathForFile(file) || undefined;
  },
} satisfies QuantdeskApi;

contextBridge.exposeInMainWorld('api', api);
