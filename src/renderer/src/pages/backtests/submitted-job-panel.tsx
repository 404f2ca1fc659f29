import { useEffect, useState } from 'react';
import { isTerminalStatus } from '../../../../shared/job';
import { useJobsStore } from '../../stores/jobs-store';
import { JobProgress } from '../jobs/job-progress';
import { goTo } from './route';
import { backtestIdForJob, jobEnding, sweepIdOfJob, type JobEnding } from './submitted-job';

const RESULT_MISSING: JobEnding = { tone: 'danger', title: 'No result to open', message: 'The run finished but its result could not be found.', storedRunId: null };

/** Follows a submitted job and opens its result when it ends; says why when there is none to open. */
export function SubmittedJob({ jobId, mode }: { jobId: string; mode: 'run' | 'sweep' }) {
  const job = useJobsStore((state) => state.records[jobId]);
  const isCancelling = useJobsStore((state) => state.cancelling.has(jobId));
  const [isResultMissing, setResultMissing] = useState(false);
  const status = job?.status;
  const isDone = status !== undefined && isTerminalStatus(status);
  const ending = job && isDone ? (jobEnding(job, mode) ?? (isResultMissing ? RESULT_MISSING : null)) : null;

  useEffect(() => {
    if (!job || !isDone || jobEnding(job, mode)) return;
    if (mode === 'sweep') {
      goTo({ view: 'sweep', id: sweepIdOfJob(job) });
      return;
    }
    let isCurrent = true;
    void backtestIdForJob(job).then((id) => {
      if (!isCurrent) return;
      if (id) goTo({ view: 'run', id });
      else setResultMissing(true);
    });
    return () => {
      isCurrent = false;
    };
  }, [isDone]);

  if (!job) return null;
  return (
    <div className="submitted-job panel" data-testid="submitted-job" data-status={job.status}>
      <div className="submitted-job__head">
        <h3>{mode === 'sweep' ? 'Sweep' : 'Backtest'} job</h3>
        {mode === 'sweep' && !isDone && status !== 'queued' && (
          <button type="button" className="button button--small" onClick={() => goTo({ view: 'sweep', id: sweepIdOfJob(job) })}>
            Watch the heatmap fill
          </button>
        )}
        {!isDone && (
          <button type="button" className="button button--small button--danger" disabled={isCancelling} onClick={() => void useJobsStore.getState().cancel(job.id)}>
            {isCancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
      {ending ? (
        <div className={`callout ${ending.tone === 'danger' ? 'callout--danger' : 'callout--neutral'}`} data-testid="submitted-job-ending">
          <h3>{ending.title}</h3>
          <p>{ending.message}</p>
          {ending.storedRunId && (
            <button type="button" className="button button--small" data-testid="open-failed-run" onClick={() => goTo({ view: 'run', id: ending.storedRunId! })}>
              Open the failed run
            </button>
          )}
        </div>
      ) : (
        <JobProgress job={job} />
      )}
    </div>
  );
}
