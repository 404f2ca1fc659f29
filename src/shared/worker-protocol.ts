import type { ErrorBody } from './errors';
import type { ActiveStatus } from './job';
import type { LogLevel } from './contract';

/** Everything a worker needs besides the job's params. */
export interface RunContext {
  marketDbPath: string;
  /** Units finished by an earlier, interrupted run of the same job: skip them. */
  completedUnits: Record<string, unknown>;
}

/** A finished unit; `error` says it finished as a failure (the job goes on with the other units). */
export interface UnitReport {
  unit: string;
  outcome: unknown;
  error?: string;
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
   * Units of work (files, symbols, dates, sweep cells) that finished, in order, sent
   * together (see UNIT_BATCH_MS). Each is done once main has stored it.
   */
  | { type: 'units'; jobId: string; units: UnitReport[] }
  | { type: 'log'; level: LogLevel; message: string; fields?: Record<string, unknown> }
  | { type: 'result'; jobId: string; status: 'succeeded' | 'partial' | 'failed'; result: unknown; error?: string }
  | { type: 'failed'; jobId: string; error: ErrorBody }
  | { type: 'cancelled'; jobId: string };

/** The last message a worker sends about a job: the worker is free for another once it is sent. */
export type TerminalMessage = Extract<WorkerToMain, { type: 'result' | 'failed' | 'cancelled' }>;

export function isTerminalMessage(message: WorkerToMain): message is TerminalMessage {
  return message.type === 'result' || message.type === 'failed' || message.type === 'cancelled';
}

/**
 * Longest a finished unit waits in the worker for others to share its message. One IPC
 * message per sweep cell cost the worker more than the cell's backtest (~150 µs a send), and
 * main a transaction per message; progress is shown 10 times a second anyway.
 */
export const UNIT_BATCH_MS = 10;

/** Milliseconds between worker heartbeats. */
export const HEARTBEAT_INTERVAL_MS = 1000;
