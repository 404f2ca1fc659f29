/**
 * The job model shared by every process: main, workers, hosts and renderer.
 * One canonical status set; nothing else may invent a status.
 */

export const JOB_STATUSES = [
  'queued',
  'preparing',
  'running',
  'succeeded',
  'partial',
  'failed',
  'cancelled',
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_STATUSES = ['succeeded', 'partial', 'failed', 'cancelled'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

/** Statuses a job holds while a worker owns it. */
export const ACTIVE_STATUSES = ['preparing', 'running'] as const;
export type ActiveStatus = (typeof ACTIVE_STATUSES)[number];

export function isTerminalStatus(status: JobStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly JobStatus[]).includes(status);
}

export function isActiveStatus(status: JobStatus): status is ActiveStatus {
  return (ACTIVE_STATUSES as readonly JobStatus[]).includes(status);
}

/** Live progress of a job: a fraction in [0, 1], a human message and the phase it belongs to. */
export interface JobProgress {
  fraction: number;
  message: string;
  phase: ActiveStatus | null;
}

export interface JobError {
  message: string;
  /** Machine-readable reason, e.g. 'interrupted', 'worker_crashed', 'cancel_timeout'. */
  reason?: string;
}

/** The job record as stored and as sent to every subscriber. Timestamps are UTC ISO-8601. */
export interface JobRecord {
  id: string;
  kind: string;
  params: unknown;
  status: JobStatus;
  progress: JobProgress;
  warnings: string[];
  error: JobError | null;
  result: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Why a cancelled job was cancelled; null for every other status, and for one stored without a reason it knew. */
  cancelReason: CancelReason | null;
}

/** Why a job was cancelled, and how to say so. */
export const CANCEL_REASONS = {
  user: 'Cancelled by the user.',
  beforeStart: 'Cancelled before it started.',
  shutdown: 'Cancelled because Quantdesk was shutting down.',
} as const;

export type CancelReason = keyof typeof CANCEL_REASONS;

export function isCancelReason(value: unknown): value is CancelReason {
  return typeof value === 'string' && Object.hasOwn(CANCEL_REASONS, value);
}

/**
 * Decides the outcome of a job made of units (files, symbols, dates):
 * none failing succeeds, some failing is partial, more than half failing fails.
 */
export function outcomeForUnits(total: number, failed: number): 'succeeded' | 'partial' | 'failed' {
  if (failed === 0) return 'succeeded';
  return failed * 2 > total ? 'failed' : 'partial';
}
