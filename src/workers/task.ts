import type { ActiveStatus } from '../shared/job';
import type { RunContext } from '../shared/worker-protocol';

/** Thrown by `checkpoint()` once the job has been asked to stop. */
export class CancelledError extends Error {
  constructor() {
    super('Job was cancelled');
    this.name = 'CancelledError';
  }
}

export interface TaskLog {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What a task sees of the worker it runs in. */
export interface TaskContext {
  readonly jobId: string;
  readonly run: RunContext;
  /**
   * Call often from compute loops: yields to the event loop when ~10 ms of work have
   * passed since the last yield (so a `cancel` message is seen), and throws
   * `CancelledError` once cancel was requested. Cheap when no yield is due.
   */
  checkpoint(): Promise<void>;
  isCancelled(): boolean;
  setPhase(phase: ActiveStatus): void;
  progress(fraction: number, message: string): void;
  warn(message: string): void;
  /**
   * Reports a finished, durable unit (file, symbol, date, cell) so a resumed run can skip
   * it; with `error`, the unit finished as a failure for that reason.
   */
  unitDone(unit: string, outcome: unknown, error?: string): void;
  log: TaskLog;
}

export interface TaskOutcome {
  status: 'succeeded' | 'partial' | 'failed';
  result: unknown;
  /** Required when status is 'failed': the reason shown to the user. */
  error?: string;
}

/** A job kind's implementation. `params` were validated by main against the kind's schema. */
export type Task<P = unknown> = (params: P, context: TaskContext) => Promise<TaskOutcome>;
