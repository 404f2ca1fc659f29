import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Logger } from 'pino';
import { commandSchemas, type CommandName, type Envelope } from '../../shared/contract';
import type { AppServices } from '../app-types';

/**
 * The channel events travel on; each command's channel is its own name (`jobs/submit`).
 * src/preload/index.ts uses the same names (it cannot import from main).
 */
export const EVENT_CHANNEL = 'quantdesk:event';

export interface ElectronIpcOptions {
  app: AppServices;
  window: BrowserWindow;
  isAllowedUrl: (url: string) => boolean;
  logger: Logger;
}

/**
 * Exposes the contract over Electron IPC for one window: `ipcMain.handle` per command
 * (only from that window's main frame showing our renderer), and every app event sent to
 * it on EVENT_CHANNEL. Returns the function that undoes both; it also runs when the
 * window's contents are destroyed.
 */
export function registerElectronIpc(options: ElectronIpcOptions): () => void {
  const { app, window, isAllowedUrl, logger } = options;
  const contents = window.webContents;

  function isTrustedSender(event: IpcMainInvokeEvent): boolean {
    const frame = event.senderFrame;
    if (event.sender !== contents || frame === null || frame.parent !== null) return false;
    const mainFrame = contents.mainFrame;
    if (frame.processId !== mainFrame.processId || frame.routingId !== mainFrame.routingId) return false;
    return isAllowedUrl(frame.url);
  }

  const commands = Object.keys(commandSchemas) as CommandName[];
  for (const command of commands) {
    ipcMain.handle(command, async (event, request: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) {
        logger.warn({ command, url: event.senderFrame?.url ?? null }, 'IPC call from an untrusted frame refused');
        return { ok: false, error: { kind: 'unauthorized', message: 'Untrusted sender' }, meta: { elapsedMs: 0 } };
      }
      // dispatch validates the payload (zod, strict, bounded) and always answers an envelope.
      return app.dispatch(command, request);
    });
  }

  // Sending is synchronous, so this subscriber never builds a backlog.
  const subscription = app.events.subscribe(
    (event) => {
      if (contents.isDestroyed()) throw new Error('Window is gone');
      contents.send(EVENT_CHANNEL, event);
    },
    { onOverflow: () => logger.debug('Window event subscription closed') },
  );

  let isDisposed = false;
  const dispose = (): void => {
    if (isDisposed) return;
    isDisposed = true;
    subscription.close();
    for (const command of commands) ipcMain.removeHandler(command);
  };
  contents.once('destroyed', dispose);
  return dispose;
}
