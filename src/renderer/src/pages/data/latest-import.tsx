import { ProgressBar } from '../../components/progress-bar';
import { useImportsStore } from '../../stores/imports-store';
import { useJobsStore } from '../../stores/jobs-store';
import { useNavigationStore } from '../../stores/navigation-store';
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

  if (upload) {
    return (
      <section className="latest-import panel" data-testid="import-upload-status">
        <div className="latest-import__header">
          <h2>
            Uploading {upload.fileName} ({upload.position} of {upload.total})…
          </h2>
        </div>
        <div className="latest-import__upload">
          <ProgressBar fraction={(upload.position - 1) / upload.total} label="Uploading files" />
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
        <JobRow job={job} isCancelling={isCancelling} isHighlighted={false} onCancel={cancel} />
      </ul>
    </section>
  );
}
