import { useCallback, useEffect, useState } from 'react';
import type { SweepSummary } from '../../../../shared/backtest';
import { gridText } from '../../../../shared/sweep-grid';
import { EmptyState } from '../../components/empty-state';
import { BacktestsIcon } from '../../components/icons';
import { ProgressBar } from '../../components/progress-bar';
import { StatusChip } from '../../components/status-chip';
import { formatCount, formatDateTime, formatParams } from '../../format/format';
import { runCommand } from '../../stores/command';
import { useJobsStore } from '../../stores/jobs-store';
import { goTo } from './route';
import { STAT_SPECS, formatStat } from './stats';

/** The strategy, and under it the grid it swept (with the constraint, in full, on hover). */
function StrategyCell({ sweep }: { sweep: SweepSummary }) {
  const grid = gridText(sweep.grid);
  return (
    <td>
      <div className="bt-row__name">{sweep.strategy}</div>
      <div className="bt-sweeps__grid muted" data-testid="sweep-grid" title={sweep.constraint ? `${grid} · where ${sweep.constraint}` : grid}>
        {grid}
      </div>
    </td>
  );
}

/** Sweeps, newest first; refetched when a sweep job changes state. */
export function SweepList() {
  const [sweeps, setSweeps] = useState<SweepSummary[] | null>(null);
  const [nextOffset, setNextOffset] = useState<number | null>(null);
  const sweepJobsKey = useJobsStore((state) =>
    state.order
      .map((id) => state.records[id]!)
      .filter((job) => job.kind === 'backtest/sweep')
      .map((job) => `${job.id}:${job.status}`)
      .join(','),
  );

  const load = useCallback(async (offset: number) => {
    const page = await runCommand('sweeps/list', { limit: 100, offset }, 'Could not load sweeps');
    if (!page) return;
    setSweeps((held) => (offset === 0 || !held ? page.sweeps : [...held, ...page.sweeps]));
    setNextOffset(page.nextOffset);
  }, []);

  useEffect(() => {
    void load(0);
  }, [load, sweepJobsKey]);

  // Running sweeps count cells as they finish: follow them while any runs.
  const isAnyRunning = sweeps?.some((sweep) => sweep.status === 'running') ?? false;
  useEffect(() => {
    if (!isAnyRunning) return;
    const timer = setInterval(() => void load(0), 2000);
    return () => clearInterval(timer);
  }, [isAnyRunning, load]);

  if (!sweeps || sweeps.length === 0) {
    return (
      <div className="panel" data-testid="sweeps-list">
        <EmptyState
          testId="sweeps-empty"
          icon={<BacktestsIcon />}
          title={sweeps ? 'No sweeps yet' : 'Loading sweeps…'}
          actions={
            sweeps && (
              <button type="button" className="button button--primary" onClick={() => goTo({ view: 'new', mode: 'sweep' })}>
                New sweep
              </button>
            )
          }
        >
          A sweep runs a strategy over a grid of params and maps which settings worked.
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="panel bt-sweeps">
      <table className="table" data-testid="sweeps-list">
        <thead>
          <tr>
            <th>Status</th>
            <th>Strategy and grid</th>
            <th>Symbols</th>
            <th className="numeric">Cells</th>
            <th className="numeric">Best</th>
            <th className="numeric">Created</th>
          </tr>
        </thead>
        <tbody>
          {sweeps.map((sweep) => (
            <tr key={sweep.id} className="clickable" data-testid="sweep-row" data-id={sweep.id} data-status={sweep.status} onClick={() => goTo({ view: 'sweep', id: sweep.id })}>
              <td>
                <StatusChip status={sweep.status === 'running' ? 'running' : sweep.status} />
              </td>
              <StrategyCell sweep={sweep} />
              <td>{sweep.symbols.join(', ')}</td>
              <td className="numeric bt-sweeps__figure">
                {sweep.status === 'running' ? (
                  <span className="bt-sweeps__progress">
                    <ProgressBar fraction={sweep.cellCount ? sweep.finishedCells / sweep.cellCount : 0} label="Cells finished" />
                    {formatCount(sweep.finishedCells)} / {formatCount(sweep.cellCount)}
                  </span>
                ) : (
                  `${formatCount(sweep.finishedCells)} / ${formatCount(sweep.cellCount)}`
                )}
              </td>
              <td className="numeric">
                <div className="bt-sweeps__figure">{formatStat(sweep.maximize, sweep.bestMetric)}</div>
                <div className="bt-sweeps__metric muted">
                  {STAT_SPECS[sweep.maximize].label}
                  {sweep.bestParams && <span data-testid="sweep-best-params"> at {formatParams(sweep.bestParams)}</span>}
                </div>
              </td>
              <td className="numeric muted">{formatDateTime(sweep.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {nextOffset !== null && (
        <div className="job-list__more">
          <button type="button" className="button button--small" onClick={() => void load(nextOffset)}>
            Show older sweeps
          </button>
        </div>
      )}
    </div>
  );
}
