import { useEffect, useState } from 'react';
import { isTerminalStatus } from '../../../../shared/job';
import { useJobsStore } from '../../stores/jobs-store';
import { JobProgress } from '../jobs/job-progress';
import { goTo } from './route';
import { backtestIdForJob, sweepIdForJob } from './submitted-job';

/** Follows a submitted job and opens its result when it ends. */
export function SubmittedJob({ jobId, mode }: { jobId: string; mode: 'run' | 'sweep' }) {
  const job = useJobsStore((state) => state.records[jobId]);
  const [sweepId, setSweepId] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const status = job?.status;
  const isDone = status !== undefined && isTerminalStatus(status);

  useEffect(() => {
    if (!job || mode !== 'sweep' || sweepId || status === 'queued') return;
    let isCurrent = true;
    void sweepIdForJob(job).then((id) => {
      if (isCurrent && id) setSweepId(id);
    });
    return () => {
      isCurrent = false;
    };
    // Looked up once the sweep has started, and again when it ends.
  }, [mode, status, sweepId, isDone]);

  useEffect(() => {
    if (!job || !isDone) return;
    let isCurrent = true;
    void (async () => {
      if (mode === 'sweep') {
        const id = sweepId ?? (await sweepIdForJob(job));
        if (!isCurrent) return;
        if (id) goTo({ view: 'sweep', id });
        else setFailure(job.error?.message ?? 'The sweep stored no results.');
        return;
      }
      if (status === 'failed' || status === 'cancelled') {
        setFailure(job.error?.message ?? `The backtest ${status === 'failed' ? 'failed' : 'was cancelled'}.`);
        return;
      }
      const id = await backtestIdForJob(job);
      if (!isCurrent) return;
      if (id) goTo({ view: 'run', id });
      else setFailure('The run finished but its result could not be found.');
    })();
    return () => {
      isCurrent = false;
    };
  }, [isDone]);

  if (!job) return null;
  return (
    <div className="submitted-job panel" data-testid="submitted-job" data-status={job.status}>
      <div className="submitted-job__head">
        <h3>{mode === 'sweep' ? 'Sweep' : 'Backtest'} job</h3>
        {sweepId && !isDone && (
          <button type="button" className="button button--small" onClick={() => goTo({ view: 'sweep', id: sweepId })}>
            Watch the heatmap fill
          </button>
        )}
        {!isDone && (
          <button type="button" className="button button--small button--danger" onClick={() => void useJobsStore.getState().cancel(job.id)}>
            Cancel
          </button>
        )}
      </div>
      <JobProgress job={job} />
      {failure && (
        <div className="callout callout--danger">
          <h3>No result to open</h3>
          {failure}
        </div>
      )}
    </div>
  );
}
