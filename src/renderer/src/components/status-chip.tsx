import type { JobStatus } from '../../../shared/job';

export const STATUS_LABELS: Record<JobStatus, string> = {
  queued: 'Queued',
  preparing: 'Preparing',
  running: 'Running',
  succeeded: 'Succeeded',
  partial: 'Partial',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function StatusChip({ status }: { status: JobStatus }) {
  return (
    <span className={`status-chip status-chip--${status}`} data-testid="job-status">
      {STATUS_LABELS[status]}
    </span>
  );
}
