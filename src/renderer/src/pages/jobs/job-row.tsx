import { memo, useEffect, useRef, useState } from 'react';
import { isTerminalStatus, type JobRecord } from '../../../../shared/job';
import { HOST_LOST_HINT } from '../../components/connection-banner';
import { ChevronIcon } from '../../components/icons';
import { StatusChip } from '../../components/status-chip';
import { formatDateTime, formatDuration, formatPreciseDuration, jobElapsedMs } from '../../format/format';
import { useNow } from '../../hooks/use-now';
import { JobDetail } from './job-detail';
import { JobProgress } from './job-progress';
import { jobSubject, jobTitle } from './job-summary';
import './jobs.css';

interface JobRowProps {
  job: JobRecord;
  isCancelling: boolean;
  isHighlighted: boolean;
  /** When contact with the host was lost; null while connected. */
  lostContactAt: number | null;
  onCancel(id: string): void;
}

/** Time so far, stopped where it was last known while the host cannot be reached. */
function Elapsed({ job, lostContactAt }: { job: JobRecord; lostContactAt: number | null }) {
  const isFinished = isTerminalStatus(job.status);
  const isStale = !isFinished && lostContactAt !== null;
  const now = useNow(!isFinished && !isStale);
  const elapsed = jobElapsedMs(job, lostContactAt ?? now);
  const title = job.startedAt ? 'Run time' : 'Time waiting';
  return (
    <span
      className="job-row__elapsed tabular"
      data-testid="job-elapsed"
      data-stale={isStale || undefined}
      title={isStale ? `${title} when contact with the host was lost` : title}
    >
      {isFinished ? formatPreciseDuration(elapsed) : formatDuration(elapsed)}
    </span>
  );
}

export const JobRow = memo(function JobRow({ job, isCancelling, isHighlighted, lostContactAt, onCancel }: JobRowProps) {
  const [isExpanded, setExpanded] = useState(isHighlighted);
  const element = useRef<HTMLLIElement>(null);
  const isCancellable = !isTerminalStatus(job.status);
  const isHostLost = lostContactAt !== null;
  const subject = jobSubject(job);

  useEffect(() => {
    if (isHighlighted) element.current?.scrollIntoView({ block: 'nearest' });
  }, [isHighlighted]);

  return (
    <li
      ref={element}
      className={`job-row${isHighlighted ? ' job-row--highlighted' : ''}`}
      data-testid="job-row"
      data-job-id={job.id}
      data-status={job.status}
      data-kind={job.kind}
    >
      <div className="job-row__summary">
        <StatusChip status={job.status} />
        <div className="job-row__identity">
          <div className="job-row__title">
            {jobTitle(job)}
            {subject && (
              <span className="job-row__subject" title={subject}>
                {subject}
              </span>
            )}
          </div>
          <div className="job-row__meta">
            <span className="tabular">{formatDateTime(job.createdAt)}</span>
            {job.warnings.length > 0 && (
              <span className="job-row__warnings" data-testid="job-warning-count">
                {job.warnings.length} {job.warnings.length === 1 ? 'warning' : 'warnings'}
              </span>
            )}
          </div>
        </div>
        <JobProgress job={job} />
        <Elapsed job={job} lostContactAt={lostContactAt} />
        <div className="job-row__actions">
          {isCancellable && (
            <button
              type="button"
              className="button button--small button--danger"
              data-testid="job-cancel"
              disabled={isCancelling || isHostLost}
              title={isHostLost ? HOST_LOST_HINT : undefined}
              onClick={() => onCancel(job.id)}
            >
              {isCancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
          <button
            type="button"
            className="button button--quiet button--icon button--small"
            data-testid="job-expand"
            aria-expanded={isExpanded}
            aria-label={isExpanded ? 'Hide details' : 'Show details'}
            onClick={() => setExpanded(!isExpanded)}
          >
            <ChevronIcon isOpen={isExpanded} />
          </button>
        </div>
      </div>
      {isExpanded && <JobDetail job={job} isHostLost={isHostLost} />}
    </li>
  );
});
