import { ProgressBar } from '../../components/progress-bar';
import { formatPercent } from '../../format/format';
import { uploadedFraction, useImportsStore } from '../../stores/imports-store';
import { useJobsStore } from '../../stores/jobs-store';
import { useNavigationStore } from '../../stores/navigation-store';
import { useSystemStore } from '../../stores/system-store';
import { JobRow } from '../jobs/job-row';

/** The upload in progress, then the import job it started, live, right where its symbols will appear. */
export function LatestImport() {
  const upload = useImportsStore((state) => state.upload);
  const lastJobId = useImportsStore((state) => state.lastJobId);
  const dismissLastJob = useImportsStore((state) => state.dismissLastJob);
  const job = useJobsStore((state) => (lastJobId ? state.records[lastJobId] : undefined));
  const isCancelling = useJobsStore((state) => (lastJobId ? state.cancelling.has(lastJobId) : false));
  const cancel = useJobsStore((state) => state.cancel);
  const navigate = useNavigationStore((state) => state.navigate);
  const lostContactAt = useSystemStore((state) => state.lostContactAt);

  if (upload) {
    const fraction = uploadedFraction(upload);
    // Rounded down: 100% only once every byte is out.
    const percent = formatPercent(Math.floor(fraction * 100) / 100);
    return (
      <section className="latest-import panel" data-testid="import-upload-status">
        <div className="latest-import__header">
          <h2>
            Uploading <span data-testid="import-upload-file">{upload.fileName}</span>
            {upload.fileCount > 1 && ` (${upload.position} of ${upload.fileCount})`}…
          </h2>
          <span className="latest-import__percent tabular" data-testid="import-upload-percent">
            {percent}
          </span>
        </div>
        <div className="latest-import__upload">
          <ProgressBar fraction={fraction} label="Uploading files" testId="import-upload-progress" />
        </div>
      </section>
    );
  }
  if (!job) return null;
  return (
    <section className="latest-import panel" data-testid="latest-import">
      <div className="latest-import__header">
        <h2>Latest import</h2>
        <button type="button" className="button button--small" data-testid="latest-import-open" onClick={() => navigate('jobs', { highlightJobId: job.id })}>
          Open in Jobs
        </button>
        <button type="button" className="button button--small button--quiet" onClick={dismissLastJob}>
          Dismiss
        </button>
      </div>
      <ul className="job-list">
        <JobRow job={job} isCancelling={isCancelling} isHighlighted={false} lostContactAt={lostContactAt} onCancel={cancel} />
      </ul>
    </section>
  );
}
