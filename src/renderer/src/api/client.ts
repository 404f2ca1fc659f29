import type { QuantdeskApi } from '../../../shared/contract';
import type { ConnectionState } from './event-stream';
import type { FileUploader } from './file-upload';
import { createHttpClient } from './http-client';
import { takeSessionToken } from './session-token';

export type { ConnectionState } from './event-stream';

declare global {
  interface Window {
    /** The preload bridge; absent when the renderer is served by the headless host. */
    api?: QuantdeskApi;
  }
}

interface Transport {
  api: QuantdeskApi;
  watchConnection(listener: (state: ConnectionState) => void): () => void;
  /** Null in Electron: a file there is imported from its own path (`api.pathForFile`). */
  uploadFile: FileUploader | null;
}

let transport: Transport | null = null;

function createTransport(): Transport {
  const bridge = window.api;
  if (bridge) {
    // IPC to the own main process cannot drop: always connected.
    return {
      api: bridge,
      watchConnection: (listener) => {
        listener('connected');
        return () => {};
      },
      uploadFile: null,
    };
  }
  const client = createHttpClient({ token: takeSessionToken(window) });
  return { api: client, watchConnection: client.watchConnection, uploadFile: client.uploadFile };
}

/** The one way the renderer talks to main: the preload bridge in Electron, HTTP + SSE in a browser. */
export function getApi(): QuantdeskApi {
  transport ??= createTransport();
  return transport.api;
}

/** Reports the live connection's state now and on every change. */
export function watchConnection(listener: (state: ConnectionState) => void): () => void {
  transport ??= createTransport();
  return transport.watchConnection(listener);
}

/** How a picked file reaches the host when it has no path there (a browser page); null in Electron. */
export function getFileUploader(): FileUploader | null {
  transport ??= createTransport();
  return transport.uploadFile;
}
