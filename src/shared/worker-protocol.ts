import type { ErrorBody } from './errors';
import type { ActiveStatus } from './job';
import type { LogLevel } from './contract';

/** Everything a worker needs besides the job's params. */
export interface RunContext {
  marketDbPath: string;
  /** Units finished by an earlier, interrupted run of the same job: skip them. */
  completedUnits: Record<string, unknown>;
}

/** Main → worker. */
export type MainToWorker =
  | { type: 'run'; jobId: string; kind: string; params: unknown; context: RunContext }
  | { type: 'cancel'; jobId: string };

/** Worker → main. Every message about a job names it, so late messages can be told apart. */
export type WorkerToMain =
  | { type: 'ready'; pid: number }
  | { type: 'heartbeat'; pid: number }
  | { type: 'phase'; jobId: string; phase: ActiveStatus }
  | { type: 'progress'; jobId: string; fraction: number; message: string }
  | { type: 'warning'; jobId: string; message: string }
  /**
   * A unit of work (file, symbol, date, sweep cell) finished and its effects are durable.
   * `error` says it finished as a failure (the job goes on with the other units).
   */
  | { type: 'unit'; jobId: string; unit: string; outcome: unknown; error?: string }
  | { type: 'log'; level: LogLevel; message: string; fields?: Record<string, unknown> }
  | { type: 'result'; jobId: string; status: 'succeeded' | 'partial' | 'failed'; result: unknown; error?: string }
  | { type: 'failed'; jobId: string; error: ErrorBody }
  | { type: 'cancelled'; jobId: string };

/** Milliseconds between worker heartbeats. */
export const HEARTBEAT_INTERVAL_MS = 1000;
