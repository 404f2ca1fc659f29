import { createInterface } from 'node:readline';
import { utilityProcess } from 'electron';
import type { MainToWorker, WorkerToMain } from '../../shared/worker-protocol';
import type { ProcessAdapter, WorkerProcess } from '../jobs/process-adapter';

export interface ElectronProcessOptions {
  /** The built worker entry (`out/main/worker.js`). */
  entry: string;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Workers as Electron utility processes (Chromium's service model, so they appear in
 * the task manager and are ended with the app). The worker reaches main through
 * `process.parentPort` (see src/workers/channel.ts). Call `fork()` only after
 * `app.whenReady()`.
 */
export function createElectronProcessAdapter(options: ElectronProcessOptions): ProcessAdapter {
  return {
    fork(): WorkerProcess {
      const child = utilityProcess.fork(options.entry, [], {
        stdio: 'pipe',
        serviceName: 'Quantdesk worker',
        ...(options.execArgv ? { execArgv: options.execArgv } : {}),
        ...(options.env ? { env: options.env } : {}),
      });
      let hasExited = false;
      let exitCode: number | null = null;
      const exitListeners: Array<(code: number | null, signal: string | null) => void> = [];
      child.once('exit', (code) => {
        hasExited = true;
        exitCode = code;
        // A utility process reports only a code; a crash or kill shows as a non-zero one.
        for (const listener of exitListeners.splice(0)) listener(code, null);
      });

      return {
        // Known once the process has spawned; undefined before (and the pool reads it late).
        get pid() {
          return child.pid;
        },
        send(message: MainToWorker) {
          if (!hasExited) child.postMessage(message);
        },
        onMessage(listener) {
          child.on('message', (message: unknown) => listener(message as WorkerToMain));
        },
        onExit(listener) {
          if (hasExited) listener(exitCode, null);
          else exitListeners.push(listener);
        },
        onOutput(listener) {
          for (const stream of ['stdout', 'stderr'] as const) {
            const readable = child[stream];
            if (readable) createInterface({ input: readable }).on('line', (line) => listener(stream, line));
          }
        },
        kill() {
          if (!hasExited) child.kill();
        },
      };
    },
  };
}
