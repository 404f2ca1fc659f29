import type { JobRecord } from '../../../../shared/job';
import { isTerminalStatus } from '../../../../shared/job';
import { ProgressBar } from '../../components/progress-bar';
import { formatPercent } from '../../format/format';
import { jobOutcome } from './job-summary';

const PHASE_LABELS = { preparing: 'Preparing', running: 'Running' } as const;

/** The live state of a job: a progress bar with phase and message, or the outcome once finished. */
export function JobProgress({ job }: { job: JobRecord }) {
  if (isTerminalStatus(job.status)) {
    return (
      <div className={`job-progress job-progress--${job.status}`} data-testid="job-outcome">
        <span className="job-progress__outcome" title={jobOutcome(job)}>
          {jobOutcome(job)}
        </span>
      </div>
    );
  }
  const phase = job.progress.phase ?? (job.status === 'queued' ? null : job.status);
  const heading = phase ? PHASE_LABELS[phase] : 'In the queue';
  const message = job.progress.message || (phase ? '' : 'Waiting for a worker');
  return (
    <div className={`job-progress job-progress--${job.status}`}>
      <div className="job-progress__heading">
        <span>{heading}</span>
        <span className="tabular">{job.status === 'queued' ? '' : formatPercent(job.progress.fraction)}</span>
      </div>
      <ProgressBar fraction={job.progress.fraction} label={`${heading}: ${message}`} testId="job-progress" />
      <span className="job-progress__message" title={message}>
        {message}
      </span>
    </div>
  );
}
