import type { JobRecord } from '../../../../shared/job';
import { runCommand } from '../../stores/command';

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

/** The sweep a `backtest/sweep` job writes to: named in its result, else found by job id. */
export async function sweepIdForJob(job: JobRecord): Promise<string | null> {
  const named = field(job.result, 'sweepId');
  if (named) return named;
  const page = await runCommand('sweeps/list', { limit: 50, offset: 0 }, 'Could not find the sweep');
  return page?.sweeps.find((sweep) => sweep.jobId === job.id)?.id ?? null;
}
