import type { MainToWorker, WorkerToMain } from '../shared/worker-protocol';

/** The link to main, whichever way this process was started. */
export interface ParentChannel {
  send(message: WorkerToMain): void;
  onMessage(listener: (message: MainToWorker) => void): void;
  /** Called when main is gone: a worker never outlives it. */
  onDisconnect(listener: () => void): void;
}

/** Electron utility processes get `process.parentPort`; there is no `electron` import to make here. */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToParent(): ParentChannel {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as MainToWorker)),
      // A utility process is ended by Electron together with its parent.
      onDisconnect: () => {},
    };
  }
  if (!process.send) throw new Error('This worker must be started by Quantdesk (no IPC channel to main)');
  return {
    send: (message) => {
      if (process.connected) process.send!(message);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as MainToWorker)),
    onDisconnect: (listener) => process.on('disconnect', listener),
  };
}
