import { useEffect, useState } from 'react';
import type { BacktestSummary, NumericStatKey, SweepDetail as SweepRecord } from '../../../../shared/backtest';
import { requestCommand } from '../../stores/command';
import { CompareButton } from './compare-button';
import { goTo } from './route';
import { formatStat, STAT_SPECS } from './stats';

/** Cells the table lists. */
const BEST_CELLS = 10;

/** What the best cells show besides the maximized statistic (which they are ranked by). */
const BEST_CELL_STATS: readonly NumericStatKey[] = ['returnPct', 'maxDrawdownPct', 'tradeCount', 'winRatePct'];

/**
 * The sweep's best cells by its maximized statistic, with all their statistics, asked for
 * again whenever the sweep is (as its cells arrive); null until the first answer.
 */
function useBestCells(sweep: SweepRecord): BacktestSummary[] | null {
  const [best, setBest] = useState<{ sweepId: string; runs: BacktestSummary[] } | null>(null);
  useEffect(() => {
    let isCurrent = true;
    const request = { sweepId: sweep.id, sortBy: sweep.maximize, direction: 'desc', limit: BEST_CELLS, offset: 0 } as const;
    void requestCommand('backtests/list', request).then((answer) => {
      if (isCurrent && answer.ok) setBest({ sweepId: request.sweepId, runs: answer.data.runs });
    });
    return () => {
      isCurrent = false;
    };
  }, [sweep]);
  if (best?.sweepId !== sweep.id) return null;
  // A cell without the statistic (no trades, say) is no best cell.
  return best.runs.filter((run) => Number.isFinite(run.stats?.[sweep.maximize]));
}

/** The sweep's best cells by its maximized statistic, a few more statistics beside it; tick cells to compare them. */
export function BestCells({ sweep, params }: { sweep: SweepRecord; params: readonly string[] }) {
  const best = useBestCells(sweep);
  const [compared, setCompared] = useState<string[]>([]);
  const toggleCompared = (runId: string) => setCompared((ids) => (ids.includes(runId) ? ids.filter((item) => item !== runId) : [...ids, runId]));
  const metricLabel = STAT_SPECS[sweep.maximize].label;
  const bestCellStats = BEST_CELL_STATS.filter((key) => key !== sweep.maximize);
  return (
    <section className="panel">
      <header className="chart-panel__head">
        <h2>Best cells</h2>
        {best && <span className="muted chart-panel__note">top {best.length} by {metricLabel}</span>}
        <CompareButton ids={compared} noun="cells" testId="compare-cells" isSmall />
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
                  <strong>{formatStat(sweep.maximize, run.stats?.[sweep.maximize])}</strong>
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
  );
}
