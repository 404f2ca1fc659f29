import type { MainToWorker, WorkerToMain } from '../../shared/worker-protocol';

/**
 * One worker process as main sees it, whatever started it: Electron's
 * `utilityProcess.fork` or Node's `child_process.fork`.
 */
export interface WorkerProcess {
  readonly pid: number | undefined;
  send(message: MainToWorker): void;
  onMessage(listener: (message: WorkerToMain) => void): void;
  /** Called once when the process is gone, for whatever reason. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Each line the process writes to stdout or stderr. */
  onOutput(listener: (stream: 'stdout' | 'stderr', line: string) => void): void;
  kill(): void;
}

export interface ProcessAdapter {
  /** Starts the worker entry as a new process. */
  fork(): WorkerProcess;
}
