import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { MainToWorker, WorkerToMain } from '../../shared/worker-protocol';
import type { ProcessAdapter, WorkerProcess } from './process-adapter';

export interface NodeProcessOptions {
  /** The worker entry script (built `worker.js`, or the TS source run with tsx). */
  entry: string;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
}

/** Workers as `child_process.fork` children: the headless host's and the tests' adapter. */
export function createNodeProcessAdapter(options: NodeProcessOptions): ProcessAdapter {
  return {
    fork(): WorkerProcess {
      const child = fork(options.entry, [], {
        execArgv: options.execArgv ?? [],
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        // Structured clone: results carry typed arrays (equity curves) as they are.
        serialization: 'advanced',
      });
      return {
        pid: child.pid,
        send(message: MainToWorker) {
          if (child.connected) child.send(message);
        },
        onMessage(listener) {
          child.on('message', (message) => listener(message as WorkerToMain));
        },
        onExit(listener) {
          child.once('exit', (code, signal) => listener(code, signal));
          // A fork that could not start at all emits only 'error'.
          child.once('error', () => {
            if (child.exitCode === null && child.signalCode === null && child.pid === undefined) listener(null, null);
          });
        },
        onOutput(listener) {
          for (const stream of ['stdout', 'stderr'] as const) {
            const readable = child[stream];
            if (readable) createInterface({ input: readable }).on('line', (line) => listener(stream, line));
          }
        },
        kill() {
          child.kill('SIGKILL');
        },
      };
    },
  };
}
