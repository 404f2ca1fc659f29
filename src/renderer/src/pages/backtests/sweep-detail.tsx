import { useEffect, useMemo, useState } from 'react';
import type { SweepDetail as SweepRecord } from '../../../../shared/backtest';
import type { ErrorBody } from '../../../../shared/errors';
import { isTerminalStatus, type JobRecord } from '../../../../shared/job';
import { gridText } from '../../../../shared/sweep-grid';
import { ProgressBar } from '../../components/progress-bar';
import { StatusChip } from '../../components/status-chip';
import { WarningsCallout } from '../../components/warnings-callout';
import { formatCount, formatDateTime } from '../../format/format';
import { requestCommand, runCommand } from '../../stores/command';
import { useJobsStore } from '../../stores/jobs-store';
import { BestCells } from './best-cells';
import { goTo } from './route';
import { CorruptState } from './run-detail';
import { formatStat, STAT_SPECS } from './stats';
import { ExportCellsButton } from './sweep-cells';
import { SweepHeatmapPanel } from './sweep-heatmap-panel';
import { skippedCellsNote, skippedCellsOf, sweepPageWarnings } from './sweep-notes';

const REFRESH_MS = 1500;

/**
 * The sweep's job: from the jobs store, else asked for once (an old sweep's job may not be
 * among the store's). `isLookedUp` once it is known whether there is one.
 */
function useSweepJob(jobId: string): { job: JobRecord | undefined; isLookedUp: boolean } {
  const held = useJobsStore((state) => state.records[jobId]);
  const [fetched, setFetched] = useState<{ jobId: string; job: JobRecord | undefined } | null>(null);
  const isHeld = held !== undefined;
  useEffect(() => {
    if (isHeld) return;
    let isCurrent = true;
    void requestCommand('jobs/get', { id: jobId }).then((answer) => {
      if (isCurrent) setFetched({ jobId, job: answer.ok ? answer.data : undefined });
    });
    return () => {
      isCurrent = false;
    };
  }, [jobId, isHeld]);
  const lookedUp = fetched?.jobId === jobId ? fetched : null;
  return { job: held ?? lookedUp?.job, isLookedUp: isHeld || lookedUp !== null };
}

/**
 * The sweep, followed while its job runs. A sweep's id is its job's, and its row is written
 * when the job starts: a queued sweep has none yet, so the job is looked up first and the
 * sweep not asked for while it is queued.
 */
function useSweep(id: string): { sweep: SweepRecord | null; error: ErrorBody | null; job: JobRecord | undefined; isJobActive: boolean } {
  const [sweep, setSweep] = useState<SweepRecord | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const { job, isLookedUp } = useSweepJob(sweep?.jobId ?? id);
  const jobStatus = job?.status;
  const isJobActive = jobStatus !== undefined && !isTerminalStatus(jobStatus);
  const isLive = sweep?.status === 'running' || isJobActive;

  useEffect(() => {
    if (!isLookedUp || jobStatus === 'queued') return;
    let isCurrent = true;
    const load = () =>
      void requestCommand('sweeps/get', { id }).then((answer) => {
        if (!isCurrent) return;
        if (answer.ok) setSweep(answer.data);
        setError(answer.ok || (answer.error.kind === 'not_found' && isJobActive) ? null : answer.error);
      });
    load();
    // A running sweep stores cells as they finish: follow them.
    const timer = isLive ? setInterval(load, REFRESH_MS) : null;
    return () => {
      isCurrent = false;
      if (timer) clearInterval(timer);
    };
  }, [id, isLive, jobStatus, isLookedUp]);
  return { sweep, error, job, isJobActive };
}

function CancelSweepButton({ jobId }: { jobId: string }) {
  const isCancelling = useJobsStore((state) => state.cancelling.has(jobId));
  return (
    <button type="button" className="button button--danger" data-testid="sweep-cancel" disabled={isCancelling} onClick={() => void useJobsStore.getState().cancel(jobId)}>
      {isCancelling ? 'Cancelling…' : 'Cancel sweep'}
    </button>
  );
}

async function deleteSweep(sweep: SweepRecord): Promise<void> {
  const cells = `${formatCount(sweep.finishedCells)} ${sweep.finishedCells === 1 ? 'cell' : 'cells'}`;
  if (!window.confirm(`Delete this sweep and its ${cells}? Their results are removed for good; runs you ran in full from a cell are kept.`)) return;
  const answer = await runCommand('sweeps/delete', { id: sweep.id }, 'Could not delete the sweep');
  if (answer) goTo({ view: 'list', tab: 'sweeps' });
}

export function SweepDetail({ id }: { id: string }) {
  const { sweep, error, job, isJobActive } = useSweep(id);
  const params = useMemo(() => Object.keys(sweep?.grid ?? {}), [sweep?.grid]);
  const skippedCells = skippedCellsOf(job);
  // Only a finished job's result counts skipped cells, so this is not redone as a running sweep's cells arrive.
  const skippedNote = useMemo(() => (sweep && skippedCells > 0 ? skippedCellsNote(sweep, skippedCells) : null), [sweep, skippedCells]);

  if (error) {
    return (
      <div className="page" data-testid="sweep-detail" data-state="error">
        <button type="button" className="link-button back-link" onClick={() => goTo({ view: 'list', tab: 'sweeps' })}>
          ← Sweeps
        </button>
        {error.kind === 'corrupt' ? (
          <CorruptState message={error.message} />
        ) : (
          <div className="callout callout--danger" role="alert">
            <h3>{error.kind === 'not_found' ? 'No such sweep' : 'Could not load this sweep'}</h3>
            {error.message}
            {error.kind === 'not_found' && <p>It may have been deleted: its job stays on the Jobs page, its cells are gone.</p>}
          </div>
        )}
      </div>
    );
  }
  if (!sweep) {
    return (
      <div className="page" data-testid="sweep-detail" data-state="loading">
        {isJobActive ? (
          <div className="panel sweep-waiting">
            <p className="muted">{job?.status === 'queued' ? 'The sweep is waiting in the queue.' : 'The sweep is starting: its heatmap fills in as cells finish.'}</p>
            <CancelSweepButton jobId={id} />
          </div>
        ) : (
          <p className="muted">Loading sweep…</p>
        )}
      </div>
    );
  }

  const metricLabel = STAT_SPECS[sweep.maximize].label;
  const format = (value: number | null) => formatStat(sweep.maximize, value);
  const failedCells = sweep.cells.filter((cell) => cell.status === 'failed').length;
  const isLive = sweep.status === 'running' || isJobActive;

  return (
    <div className="page" data-testid="sweep-detail" data-status={sweep.status} data-id={sweep.id}>
      <header className="page-header">
        <div>
          <button type="button" className="link-button back-link" onClick={() => goTo({ view: 'list', tab: 'sweeps' })}>
            ← Backtests
          </button>
          <div className="run-title">
            <h1>
              Sweep · {sweep.strategy} · {sweep.symbols.join(', ')}
            </h1>
            <StatusChip status={sweep.status} />
          </div>
          <p>
            Maximizing {metricLabel} over {gridText(sweep.grid)}
            {sweep.constraint ? ` · where ${sweep.constraint}` : ''} · {formatCount(sweep.cellCount)} cells · started {formatDateTime(sweep.createdAt)}
          </p>
        </div>
        <div className="page-header__actions">
          {isLive ? (
            <CancelSweepButton jobId={sweep.jobId} />
          ) : (
            <button type="button" className="button button--danger" data-testid="sweep-delete" onClick={() => void deleteSweep(sweep)}>
              Delete sweep
            </button>
          )}
          <ExportCellsButton sweep={sweep} params={params} />
          {sweep.bestBacktestId && (
            <button type="button" className="button button--primary" data-testid="open-best" onClick={() => goTo({ view: 'run', id: sweep.bestBacktestId! })}>
              Open best run ({format(sweep.bestMetric)})
            </button>
          )}
        </div>
      </header>
      <WarningsCallout warnings={sweepPageWarnings(job?.warnings ?? [], sweep.status)} testId="sweep-warnings" />
      {skippedNote && (
        <div className="callout callout--warning" data-testid="sweep-skipped">
          {skippedNote}
        </div>
      )}
      {sweep.status === 'running' && (
        <div className="panel sweep-progress">
          <div className="job-progress__heading">
            <span>Running</span>
            <span className="tabular">
              {formatCount(sweep.finishedCells)} / {formatCount(sweep.cellCount)} cells
            </span>
          </div>
          <ProgressBar fraction={sweep.cellCount ? sweep.finishedCells / sweep.cellCount : 0} label="Cells finished" testId="sweep-progress" />
        </div>
      )}
      {sweep.status === 'cancelled' && (
        <div className="callout callout--warning">
          <h3>Cancelled</h3>
          {formatCount(sweep.finishedCells)} of {formatCount(sweep.cellCount)} cells finished before the cancel; they are kept and shown below.
        </div>
      )}
      {failedCells > 0 && (
        <div className="callout callout--warning">
          {formatCount(failedCells)} {failedCells === 1 ? 'cell' : 'cells'} failed; {failedCells === 1 ? 'it shows' : 'they show'} without a value.
        </div>
      )}
      <SweepHeatmapPanel sweep={sweep} params={params} isLive={isLive} />
      <BestCells sweep={sweep} params={params} />
    </div>
  );
}
