import { useEffect, useMemo, useState } from 'react';
import { NUMERIC_STAT_KEYS, type BacktestSummary, type NumericStatKey, type SweepCellStatistics, type SweepDetail as SweepRecord } from '../../../../shared/backtest';
import type { ErrorBody } from '../../../../shared/errors';
import { isTerminalStatus, type JobRecord } from '../../../../shared/job';
import { ProgressBar } from '../../components/progress-bar';
import { WarningsCallout } from '../../components/warnings-callout';
import { StatusChip } from '../../components/status-chip';
import { formatCount, formatDateTime } from '../../format/format';
import { requestCommand, runCommand } from '../../stores/command';
import { useJobsStore } from '../../stores/jobs-store';
import { inChartWorker, type Aggregate, type HeatmapGrid } from '../../workers';
import { Heatmap } from './heatmap';
import { expandAxis, gridText } from '../../../../shared/sweep-grid';
import { goTo } from './route';
import { CorruptState } from './run-detail';
import { allPages, downloadText, fileStem, sweepCellsToCsv } from './export';
import { formatStat, STAT_SPECS } from './stats';
import { skippedCellsNote, skippedCellsOf, sweepPageWarnings } from './sweep-notes';

const REFRESH_MS = 1500;

/** The sweep's job: from the jobs store, else asked for once (an old sweep's job may not be among the store's). */
function useSweepJob(jobId: string): JobRecord | undefined {
  const held = useJobsStore((state) => state.records[jobId]);
  const [fetched, setFetched] = useState<JobRecord | undefined>(undefined);
  const isHeld = held !== undefined;
  useEffect(() => {
    if (isHeld) return;
    let isCurrent = true;
    void requestCommand('jobs/get', { id: jobId }).then((answer) => {
      if (isCurrent && answer.ok) setFetched(answer.data);
    });
    return () => {
      isCurrent = false;
    };
  }, [jobId, isHeld]);
  return held ?? fetched;
}

/**
 * The sweep, followed while its job runs. A sweep's id is its job's: until its first cell is
 * stored there is no sweep to read, which is no error while the job is queued or running.
 */
function useSweep(id: string): { sweep: SweepRecord | null; error: ErrorBody | null; job: JobRecord | undefined; isJobActive: boolean } {
  const [sweep, setSweep] = useState<SweepRecord | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const job = useSweepJob(sweep?.jobId ?? id);
  const jobStatus = job?.status;
  const isJobActive = jobStatus !== undefined && !isTerminalStatus(jobStatus);
  const isLive = sweep?.status === 'running' || isJobActive;

  useEffect(() => {
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
  }, [id, isLive, jobStatus]);
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

/** Cells fetched per request: each page is a few tens of ms of main's time, however large the sweep. */
const CELLS_PAGE = 1000;

/** Every cell stored so far with all its statistics; null (the error shown) when they cannot be had. */
function fetchCellStatistics(sweepId: string, failureTitle: string): Promise<SweepCellStatistics[] | null> {
  return allPages(async (offset) => {
    const page = await runCommand('sweeps/cells', { id: sweepId, limit: CELLS_PAGE, offset }, failureTitle);
    return page && { items: page.cells, nextOffset: page.nextOffset };
  });
}

/** Downloads every cell stored so far, with all its statistics, as CSV. */
async function exportCells(sweep: SweepRecord, params: readonly string[]): Promise<void> {
  const cells = await fetchCellStatistics(sweep.id, 'Could not export the cells');
  if (cells) downloadText(`${fileStem(`sweep ${sweep.strategy} ${sweep.symbols.join(' ')}`)}-cells.csv`, sweepCellsToCsv(params, cells), 'text/csv');
}

function ExportCellsButton({ sweep, params }: { sweep: SweepRecord; params: readonly string[] }) {
  const [isExporting, setIsExporting] = useState(false);
  const onClick = () => {
    setIsExporting(true);
    void exportCells(sweep, params).finally(() => setIsExporting(false));
  };
  return (
    <button type="button" className="button" data-testid="export-cells" disabled={isExporting || sweep.cells.length === 0} onClick={onClick}>
      {isExporting ? 'Exporting…' : 'Export cells CSV'}
    </button>
  );
}

/**
 * What the heatmap can show besides the maximized statistic: the statistics where higher is
 * better, as its fold of other params keeps the highest, and its colours run low to high.
 */
const HEATMAP_STATS = NUMERIC_STAT_KEYS.filter((key) => STAT_SPECS[key].better === 'higher');

/**
 * The cells' statistics while the heatmap shows `stat` rather than the maximized one (which
 * `sweeps/get` carries): fetched once the sweep has finished, null until then.
 */
function useCellStatistics(sweep: SweepRecord | null, stat: NumericStatKey | null, isLive: boolean): SweepCellStatistics[] | null {
  const [cells, setCells] = useState<{ sweepId: string; cells: SweepCellStatistics[] } | null>(null);
  const sweepId = sweep?.id;
  const isWanted = sweepId !== undefined && stat !== null && stat !== sweep?.maximize && !isLive;
  const isHeld = cells?.sweepId === sweepId;
  useEffect(() => {
    if (!isWanted || isHeld) return;
    let isCurrent = true;
    void fetchCellStatistics(sweepId, 'Could not load the cells’ statistics').then((fetched) => {
      if (isCurrent && fetched) setCells({ sweepId, cells: fetched });
    });
    return () => {
      isCurrent = false;
    };
  }, [sweepId, isWanted, isHeld]);
  return isWanted && cells !== null && cells.sweepId === sweepId ? cells.cells : null;
}

const BEST_CELLS = 10;

/** What the best cells show besides the maximized statistic (which they are ranked by). */
const BEST_CELL_STATS: readonly NumericStatKey[] = ['returnPct', 'maxDrawdownPct', 'tradeCount', 'winRatePct'];

/**
 * The sweep's best cells by its maximized statistic, with all their statistics, asked for
 * again whenever the sweep is (as its cells arrive); null until the first answer.
 */
function useBestCells(sweep: SweepRecord | null): BacktestSummary[] | null {
  const [best, setBest] = useState<{ sweepId: string; runs: BacktestSummary[] } | null>(null);
  useEffect(() => {
    if (!sweep) return;
    let isCurrent = true;
    const request = { sweepId: sweep.id, sortBy: sweep.maximize, direction: 'desc', limit: BEST_CELLS, offset: 0 } as const;
    void requestCommand('backtests/list', request).then((answer) => {
      if (isCurrent && answer.ok) setBest({ sweepId: request.sweepId, runs: answer.data.runs });
    });
    return () => {
      isCurrent = false;
    };
  }, [sweep]);
  if (!sweep || best?.sweepId !== sweep.id) return null;
  // A cell without the statistic (no trades, say) is no best cell.
  return best.runs.filter((run) => Number.isFinite(run.stats?.[sweep.maximize]));
}

export function SweepDetail({ id }: { id: string }) {
  const { sweep, error, job, isJobActive } = useSweep(id);
  const params = useMemo(() => Object.keys(sweep?.grid ?? {}), [sweep?.grid]);
  const [xParam, setXParam] = useState<string | null>(null);
  const [yParam, setYParam] = useState<string | null>(null);
  const [others, setOthers] = useState<Record<string, number | Aggregate>>({});
  // The grid with the statistic it shows, so a grid of the statistic shown before is never labelled as the new one.
  const [prepared, setPrepared] = useState<{ stat: NumericStatKey; grid: HeatmapGrid } | null>(null);
  const [chosenStat, setChosenStat] = useState<NumericStatKey | null>(null);
  const isSweepLive = sweep?.status === 'running' || isJobActive;
  const cellStatistics = useCellStatistics(sweep, chosenStat, isSweepLive);
  const shownStat = chosenStat !== null && !isSweepLive ? chosenStat : (sweep?.maximize ?? null);
  // The maximized statistic comes with the sweep; another one with its cells' statistics (null while they load).
  const heatmapCells = useMemo(() => {
    if (!sweep || shownStat === null) return null;
    if (shownStat === sweep.maximize) return sweep.cells.map((cell) => ({ params: cell.params, metric: cell.metric, backtestId: cell.backtestId }));
    return cellStatistics?.map((cell) => ({ params: cell.params, metric: cell.stats?.[shownStat] ?? null, backtestId: cell.backtestId })) ?? null;
  }, [sweep, shownStat, cellStatistics]);
  const skippedCells = skippedCellsOf(job);
  // Only a finished job's result counts skipped cells, so this is not redone as a running sweep's cells arrive.
  const skippedNote = useMemo(() => (sweep && skippedCells > 0 ? skippedCellsNote(sweep, skippedCells) : null), [sweep, skippedCells]);

  // Axes default to the first two params; the rest are folded by their best value.
  useEffect(() => {
    if (params.length === 0 || xParam) return;
    setXParam(params[0]!);
    setYParam(params[1] ?? null);
  }, [params, xParam]);

  const effectiveOthers = useMemo(() => Object.fromEntries(params.filter((name) => name !== xParam && name !== yParam).map((name) => [name, others[name] ?? 'max'])), [params, xParam, yParam, others]);

  useEffect(() => {
    if (!sweep || !xParam || !heatmapCells || shownStat === null) {
      setPrepared(null);
      return;
    }
    let isCurrent = true;
    void inChartWorker((api) =>
      api.heatmap({
        cells: heatmapCells,
        xParam,
        yParam,
        others: effectiveOthers,
        xValues: sweep.grid[xParam] ? expandAxis(sweep.grid[xParam]) : undefined,
        yValues: yParam && sweep.grid[yParam] ? expandAxis(sweep.grid[yParam]) : undefined,
      }),
    ).then(
      (grid) => {
        if (isCurrent) setPrepared({ stat: shownStat, grid });
      },
      () => {
        if (isCurrent) setPrepared(null);
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [sweep, heatmapCells, shownStat, xParam, yParam, effectiveOthers]);

  const best = useBestCells(sweep);
  const [compared, setCompared] = useState<string[]>([]);
  const toggleCompared = (runId: string) => setCompared((ids) => (ids.includes(runId) ? ids.filter((item) => item !== runId) : [...ids, runId]));

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
  const heatmapStat = shownStat ?? sweep.maximize;
  const grid = prepared?.stat === heatmapStat ? prepared.grid : null;
  const heatmapLabel = STAT_SPECS[heatmapStat].label;
  const heatmapStats = [sweep.maximize, ...HEATMAP_STATS.filter((key) => key !== sweep.maximize)];
  const bestCellStats = BEST_CELL_STATS.filter((key) => key !== sweep.maximize);
  const failedCells = sweep.cells.filter((cell) => cell.status === 'failed').length;
  const isLive = isSweepLive;

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
      <section className="panel heatmap-panel">
        <header className="chart-panel__head heatmap-panel__controls">
          <h2>{heatmapLabel}</h2>
          <span className="toolbar__spacer" />
          <label className="field-label" title={isLive ? 'Other statistics can be shown once the sweep has finished' : undefined}>
            Show
            <select
              className="select"
              data-testid="heatmap-stat"
              value={heatmapStat}
              disabled={isLive}
              onChange={(event) => setChosenStat(event.target.value as NumericStatKey)}
            >
              {heatmapStats.map((key) => (
                <option key={key} value={key}>
                  {STAT_SPECS[key].label}
                  {key === sweep.maximize ? ' (maximized)' : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="field-label">
            X
            <select className="select" data-testid="heatmap-x" value={xParam ?? ''} onChange={(event) => setXParam(event.target.value)}>
              {params.map((name) => (
                <option key={name} value={name} disabled={name === yParam}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          {params.length > 1 && (
            <label className="field-label">
              Y
              <select className="select" data-testid="heatmap-y" value={yParam ?? ''} onChange={(event) => setYParam(event.target.value || null)}>
                {params.map((name) => (
                  <option key={name} value={name} disabled={name === xParam}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {Object.keys(effectiveOthers).map((name) => (
            <label key={name} className="field-label">
              {name}
              <select
                className="select"
                data-testid="heatmap-other"
                data-param={name}
                value={String(effectiveOthers[name])}
                onChange={(event) => setOthers({ ...others, [name]: event.target.value === 'max' || event.target.value === 'mean' ? event.target.value : Number(event.target.value) })}
              >
                <option value="max">best (max)</option>
                <option value="mean">mean</option>
                <optgroup label="Fixed at">
                  {expandAxis(sweep.grid[name]!).map((value) => (
                    <option key={value} value={String(value)}>
                      {value}
                    </option>
                  ))}
                </optgroup>
              </select>
            </label>
          ))}
        </header>
        <div className="heatmap-panel__body">
          {grid && xParam ? (
            <Heatmap
              grid={grid}
              xLabel={xParam}
              yLabel={yParam}
              metricLabel={heatmapLabel}
              format={(value) => formatStat(heatmapStat, value)}
              onOpen={(backtestId) => goTo({ view: 'run', id: backtestId })}
            />
          ) : (
            <p className="muted">{heatmapCells ? 'Preparing heatmap…' : `Loading every cell’s ${heatmapLabel}…`}</p>
          )}
        </div>
      </section>
      <section className="panel">
        <header className="chart-panel__head">
          <h2>Best cells</h2>
          {best && <span className="muted chart-panel__note">top {best.length} by {metricLabel}</span>}
          <button
            type="button"
            className="button button--small"
            data-testid="compare-cells"
            disabled={compared.length < 2}
            title={compared.length < 2 ? 'Tick two or more cells to compare them' : undefined}
            onClick={() => goTo({ view: 'compare', ids: compared })}
          >
            Compare{compared.length > 0 ? ` (${compared.length})` : ''}
          </button>
        </header>
        <div className="best-cells">
          <table className="table" data-testid="best-cells">
            <thead>
              <tr>
                <th />
                <th>#</th>
                {params.map((name) => (
                  <th key={name} className="numeric">
                    {name}
                  </th>
                ))}
                <th className="numeric">{metricLabel}</th>
                {bestCellStats.map((key) => (
                  <th key={key} className="numeric">
                    {STAT_SPECS[key].label}
                  </th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {best?.map((run, index) => (
                <tr key={run.id} className="clickable" data-testid="best-cell" data-id={run.id} onClick={() => goTo({ view: 'run', id: run.id })}>
                  <td onClick={(event) => event.stopPropagation()}>
                    <input type="checkbox" checked={compared.includes(run.id)} aria-label={`Select cell ${index + 1} for comparison`} onChange={() => toggleCompared(run.id)} />
                  </td>
                  <td className="muted">{index + 1}</td>
                  {params.map((name) => (
                    <td key={name} className="numeric">
                      {run.params[name]}
                    </td>
                  ))}
                  <td className="numeric">
                    <strong>{format(run.stats?.[sweep.maximize] ?? null)}</strong>
                  </td>
                  {bestCellStats.map((key) => (
                    <td key={key} className="numeric">
                      {formatStat(key, run.stats?.[key])}
                    </td>
                  ))}
                  <td className="numeric">
                    <span className="link-button">Open →</span>
                  </td>
                </tr>
              ))}
              {best?.length === 0 && (
                <tr>
                  <td colSpan={params.length + bestCellStats.length + 4} className="muted">
                    {sweep.cells.length === 0 ? 'No finished cells yet.' : `No finished cell has a ${metricLabel}: a cell without trades has none.`}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
