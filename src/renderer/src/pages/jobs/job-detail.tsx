import type { JobRecord } from '../../../../shared/job';
import { HOST_LOST_HINT } from '../../components/connection-banner';
import { formatDateTime, formatPreciseDuration, jobElapsedMs } from '../../format/format';
import { ImportResults } from './import-results';
import { lastProgress } from './job-summary';

const MAX_JSON_CHARS = 4000;

function Json({ value }: { value: unknown }) {
  const text = JSON.stringify(value, null, 2) ?? String(value);
  return <pre className="job-detail__json">{text.length > MAX_JSON_CHARS ? `${text.slice(0, MAX_JSON_CHARS)}\n…` : text}</pre>;
}

function Fact({ label, value, isWide = false }: { label: string; value: string; isWide?: boolean }) {
  return (
    <div className={isWide ? 'job-detail__fact--wide' : undefined}>
      <dt>{label}</dt>
      <dd className="tabular">{value}</dd>
    </div>
  );
}

/** Where a finished job's stored result can be studied: its backtest run or its sweep. */
function resultAddress(job: JobRecord): string | null {
  if (job.kind === 'backtest/sweep' && job.startedAt) return `#/sweeps/${job.id}`;
  const backtestId = (job.result as { backtestId?: unknown } | null)?.backtestId;
  return job.kind === 'backtest/run' && typeof backtestId === 'string' ? `#/backtests/${backtestId}` : null;
}

/** A link to the result; a disabled button while the host, which the result comes from, cannot be reached. */
function ResultLink({ job, isHostLost }: { job: JobRecord; isHostLost: boolean }) {
  const address = resultAddress(job);
  if (!address) return null;
  const label = job.kind === 'backtest/sweep' ? 'Open sweep' : 'Open run';
  if (isHostLost) {
    return (
      <button type="button" className="button button--small" data-testid="job-open-result" disabled title={HOST_LOST_HINT}>
        {label}
      </button>
    );
  }
  return (
    <a className="button button--small" href={address} data-testid="job-open-result">
      {label}
    </a>
  );
}

/** Everything known about one job: timings, error, warnings, its result and params. */
export function JobDetail({ job, isHostLost }: { job: JobRecord; isHostLost: boolean }) {
  const isImport = job.kind === 'data/import';
  const stoppedAt = lastProgress(job);
  return (
    <div className="job-detail" data-testid="job-detail">
      <dl className="job-detail__facts">
        <Fact label="Job ID" value={job.id} isWide />
        <Fact label="Kind" value={job.kind} />
        <Fact label="Created" value={formatDateTime(job.createdAt)} />
        <Fact label="Started" value={job.startedAt ? formatDateTime(job.startedAt) : '—'} />
        <Fact label="Finished" value={job.finishedAt ? formatDateTime(job.finishedAt) : '—'} />
        {job.finishedAt && <Fact label={job.startedAt ? 'Run time' : 'Time waiting'} value={formatPreciseDuration(jobElapsedMs(job, Date.parse(job.finishedAt)))} />}
        {stoppedAt && <Fact label="Last progress" value={stoppedAt} isWide />}
      </dl>
      {job.error && (
        <section className="callout callout--danger" data-testid="job-error">
          <h3>{job.status === 'cancelled' ? 'Cancelled' : 'Error'}</h3>
          <p>{job.error.message}</p>
          {job.error.reason && <code>{job.error.reason}</code>}
        </section>
      )}
      {job.warnings.length > 0 && (
        <section className="callout callout--warning" data-testid="job-warnings">
          <h3>
            {job.warnings.length} {job.warnings.length === 1 ? 'warning' : 'warnings'}
          </h3>
          <ul>
            {job.warnings.map((warning, index) => (
              <li key={index}>{warning}</li>
            ))}
          </ul>
        </section>
      )}
      <ResultLink job={job} isHostLost={isHostLost} />
      {isImport && <ImportResults job={job} />}
      {!isImport && job.result !== null && job.result !== undefined && (
        <section className="job-detail__section">
          <h3>Result</h3>
          <Json value={job.result} />
        </section>
      )}
      <details className="job-detail__section">
        <summary>Parameters</summary>
        <Json value={job.params} />
      </details>
    </div>
  );
}
