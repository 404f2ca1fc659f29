import { useEffect, useMemo, useState } from 'react';
import { NUMERIC_STAT_KEYS, type NumericStatKey, type SweepCellStatistics, type SweepDetail as SweepRecord } from '../../../../shared/backtest';
import { expandAxis } from '../../../../shared/sweep-grid';
import { inChartWorker, type Aggregate, type HeatmapGrid } from '../../workers';
import { Heatmap } from './heatmap';
import { goTo } from './route';
import { formatStat, STAT_SPECS } from './stats';
import { fetchCellStatistics } from './sweep-cells';

/**
 * What the heatmap can show besides the maximized statistic: the statistics where higher is
 * better, as its fold of other params keeps the highest, and its colours run low to high.
 */
const HEATMAP_STATS = NUMERIC_STAT_KEYS.filter((key) => STAT_SPECS[key].better === 'higher');

/**
 * The cells' statistics while the heatmap shows `stat` rather than the maximized one (which
 * `sweeps/get` carries): fetched once the sweep has finished, null until then.
 */
function useCellStatistics(sweep: SweepRecord, stat: NumericStatKey, isLive: boolean): SweepCellStatistics[] | null {
  const [cells, setCells] = useState<{ sweepId: string; cells: SweepCellStatistics[] } | null>(null);
  const sweepId = sweep.id;
  const isWanted = stat !== sweep.maximize && !isLive;
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

/**
 * The sweep's heatmap over two chosen params, the others fixed or folded, of the maximized
 * statistic or (once the sweep has finished) another one; a cell opens its run.
 */
export function SweepHeatmapPanel({ sweep, params, isLive }: { sweep: SweepRecord; params: readonly string[]; isLive: boolean }) {
  const [xParam, setXParam] = useState<string | null>(null);
  const [yParam, setYParam] = useState<string | null>(null);
  const [others, setOthers] = useState<Record<string, number | Aggregate>>({});
  // The grid with the statistic it shows, so a grid of the statistic shown before is never labelled as the new one.
  const [prepared, setPrepared] = useState<{ stat: NumericStatKey; grid: HeatmapGrid } | null>(null);
  const [chosenStat, setChosenStat] = useState<NumericStatKey>(sweep.maximize);
  const heatmapStat = isLive ? sweep.maximize : chosenStat;
  const cellStatistics = useCellStatistics(sweep, heatmapStat, isLive);
  // The maximized statistic comes with the sweep; another one with its cells' statistics (null while they load).
  const heatmapCells = useMemo(() => {
    if (heatmapStat === sweep.maximize) return sweep.cells.map((cell) => ({ params: cell.params, metric: cell.metric, backtestId: cell.backtestId }));
    return cellStatistics?.map((cell) => ({ params: cell.params, metric: cell.stats?.[heatmapStat] ?? null, backtestId: cell.backtestId })) ?? null;
  }, [sweep, heatmapStat, cellStatistics]);

  // Axes default to the first two params; the rest are folded by their best value.
  useEffect(() => {
    if (params.length === 0 || xParam) return;
    setXParam(params[0]!);
    setYParam(params[1] ?? null);
  }, [params, xParam]);

  // Picking the param the other axis shows swaps the axes: with two params, the only way to transpose the map.
  const chooseX = (name: string) => {
    if (name === yParam) setYParam(xParam);
    setXParam(name);
  };
  const chooseY = (name: string) => {
    if (name === xParam) setXParam(yParam);
    setYParam(name);
  };

  const effectiveOthers = useMemo(() => Object.fromEntries(params.filter((name) => name !== xParam && name !== yParam).map((name) => [name, others[name] ?? 'max'])), [params, xParam, yParam, others]);

  useEffect(() => {
    if (!xParam || !heatmapCells) {
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
        if (isCurrent) setPrepared({ stat: heatmapStat, grid });
      },
      () => {
        if (isCurrent) setPrepared(null);
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [sweep, heatmapCells, heatmapStat, xParam, yParam, effectiveOthers]);

  const grid = prepared?.stat === heatmapStat ? prepared.grid : null;
  const heatmapLabel = STAT_SPECS[heatmapStat].label;
  const heatmapStats = [sweep.maximize, ...HEATMAP_STATS.filter((key) => key !== sweep.maximize)];
  return (
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
        <AxisSelect axis="x" params={params} value={xParam} onChange={chooseX} />
        {params.length > 1 && <AxisSelect axis="y" params={params} value={yParam} onChange={chooseY} />}
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
  );
}

/** The param a heatmap axis shows: any of the grid's. */
function AxisSelect({ axis, params, value, onChange }: { axis: 'x' | 'y'; params: readonly string[]; value: string | null; onChange: (name: string) => void }) {
  return (
    <label className="field-label">
      {axis.toUpperCase()}
      <select className="select" data-testid={`heatmap-${axis}`} value={value ?? ''} onChange={(event) => onChange(event.target.value)}>
        {params.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
