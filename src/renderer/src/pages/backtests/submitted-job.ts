import type { JobRecord } from '../../../../shared/job';
import { runCommand } from '../../stores/command';
import { jobOutcome } from '../jobs/job-summary';

function field(result: unknown, name: string): string | null {
  if (typeof result !== 'object' || result === null) return null;
  const value = (result as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/** The run a finished `backtest/run` job stored: named in its result, else found by job id. */
export async function backtestIdForJob(job: JobRecord): Promise<string | null> {
  const named = field(job.result, 'backtestId') ?? field(job.result, 'id');
  if (named) return named;
  const page = await runCommand('backtests/list', { sortBy: 'createdAt', direction: 'desc', limit: 50, offset: 0, includeSweepCells: false }, 'Could not find the new run');
  return page?.runs.find((run) => run.jobId === job.id)?.id ?? null;
}

/**
 * The sweep a `backtest/sweep` job writes to. Main gives a sweep its job's id (see
 * backtest-hooks), so it is known from the start, before the sweep's row is stored.
 */
export function sweepIdOfJob(job: JobRecord): string {
  return job.id;
}

/** What the panel of a submitted job says once it ended without a page to open. */
export interface JobEnding {
  /** 'neutral' for a cancel: the user asked for it. */
  tone: 'danger' | 'neutral';
  title: string;
  message: string;
  /** A run stored even though the job failed (every symbol failed): it says why, per symbol. */
  storedRunId: string | null;
}

/**
 * How a finished job ends in its panel: null when its page opens instead (a run that succeeded,
 * even partly; any sweep, which keeps what it finished).
 */
export function jobEnding(job: JobRecord, mode: 'run' | 'sweep'): JobEnding | null {
  if (mode === 'sweep') return null;
  if (job.status === 'cancelled') return { tone: 'neutral', title: 'Cancelled', message: jobOutcome(job), storedRunId: null };
  if (job.status !== 'failed') return null;
  return { tone: 'danger', title: 'The backtest failed', message: job.error?.message ?? 'No reason was given.', storedRunId: field(job.result, 'backtestId') };
}
