import type { ChunkKind, JobKind } from '../../shared/kinds';
import type { JobRecord } from '../../shared/job';

/** A chunk of a fan-out job, run by one worker. */
export interface PlannedChunk {
  kind: ChunkKind;
  params: unknown;
  /** Unit keys the chunk covers. */
  units: string[];
}

export interface FanOutPlan {
  chunks: PlannedChunk[];
  totalUnits: number;
}

export interface FanOutSummary {
  totalUnits: number;
  /** Units finished without error, earlier interrupted runs included. */
  completedUnits: number;
  failedUnits: Array<{ unit: string; reason: string }>;
  /** What each chunk returned, in the order they finished. */
  chunkResults: unknown[];
  isCancelled: boolean;
}

export interface JobOutcome {
  status: 'succeeded' | 'partial' | 'failed';
  result: unknown;
  error?: string;
  /** Warnings about the job as a whole, added to the job's own. */
  warnings?: string[];
}

/**
 * What main does for a kind beyond validating and dispatching it. Every hook is optional.
 */
export interface KindHooks {
  /** Checks that need more than the params schema (settings, stored data); throws AppError('invalid'). */
  validate?(params: unknown): void;
  /** Splits the job into chunks of units that run in parallel workers. */
  fanOut?: {
    /** Names the units in progress messages ("cells", "files"). */
    unitLabel: string;
    /** Called as the job starts; `completed` holds units finished by an earlier, interrupted run: leave them out. */
    plan(job: JobRecord, completed: Record<string, unknown>): FanOutPlan;
    /** Decides the job's outcome once every chunk has ended (or the job was cancelled). */
    combine(job: JobRecord, summary: FanOutSummary): JobOutcome;
  };
  /**
   * A unit finished: store what it produced as it completes. Returns what a resumed run
   * needs to know of the unit, kept as its completed-unit record (unless the kind lists its
   * completed units itself); without this hook the whole outcome is kept. Runs in one
   * transaction with that record, usually shared with other units of the same burst: if
   * that transaction is rolled back the hook runs again for the unit, so it must not cache
   * what it wrote. It may set `job.result` to the outcome so far: a job that ends without a
   * result of its own (cancelled, or its worker crashed) keeps it.
   */
  onUnit?(job: JobRecord, unit: string, outcome: unknown, error: string | undefined): unknown;
  /**
   * For a kind whose `onUnit` stores a lasting record of each unit it completes: the units
   * an earlier, interrupted run of the job completed, read from that record, and what a
   * resumed run needs of each. The runner then keeps no completed-unit record of its own.
   */
  completedUnits?(job: JobRecord): Record<string, unknown>;
  /** Turns a worker's result into what the job record keeps (e.g. store it, keep its id). */
  storeResult?(job: JobRecord, result: unknown): unknown;
  /** The job reached a terminal status (after it was saved). */
  onFinished?(job: JobRecord): void;
}

export type KindHookMap = Partial<Record<JobKind, KindHooks>>;

/** Splits unit keys into chunks of at most `size`. */
export function chunkUnits(units: readonly string[], size: number): string[][] {
  const chunks: string[][] = [];
  for (let start = 0; start < units.length; start += size) chunks.push(units.slice(start, start + size));
  return chunks;
}
