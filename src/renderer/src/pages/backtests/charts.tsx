import { useEffect, useMemo, useState } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BacktestSeries } from '../../../../shared/backtest';
import { CHART_POINT_LIMIT, inChartWorker, type PreparedSeries } from '../../workers';

/** One chart row: x in epoch ms plus named values. */
export type ChartRow = { t: number } & Record<string, number>;

function rowsOf(prepared: PreparedSeries): ChartRow[] {
  const names = Object.keys(prepared.columns);
  return prepared.x.map((t, index) => {
    const row: ChartRow = { t };
    for (const name of names) row[name] = prepared.columns[name]![index]!;
    return row;
  });
}

/**
 * Series thinned in the chart-prep worker (LTTB past CHART_POINT_LIMIT points), as chart
 * rows. null while the worker answers.
 */
export function usePreparedRows(dates: string[] | null, columns: Record<string, number[]> | null, guide: string): { rows: ChartRow[] | null; originalLength: number; error: string | null } {
  const [state, setState] = useState<{ rows: ChartRow[] | null; originalLength: number; error: string | null }>({ rows: null, originalLength: 0, error: null });
  useEffect(() => {
    if (!dates || !columns) {
      setState({ rows: null, originalLength: 0, error: null });
      return;
    }
    let isCurrent = true;
    inChartWorker((api) => api.downsample({ x: dates, columns }, CHART_POINT_LIMIT, guide)).then(
      (prepared) => {
        if (isCurrent) setState({ rows: rowsOf(prepared), originalLength: prepared.originalLength, error: null });
      },
      (error: unknown) => {
        if (isCurrent) setState({ rows: null, originalLength: 0, error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [dates, columns, guide]);
  return state;
}

const yearMonth = (t: number) => {
  const date = new Date(t);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
};
const isoDay = (t: unknown) => (typeof t === 'number' ? new Date(t).toISOString().slice(0, 10) : String(t));
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const money = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export const AXIS_PROPS = {
  stroke: 'var(--color-border-strong)',
  tick: { fill: 'var(--color-text-subtle)', fontSize: 11 },
  tickLine: false,
} as const;

export const TOOLTIP_PROPS = {
  contentStyle: {
    background: 'var(--color-surface)',
    border: '1px solid var(--color-border)',
    borderRadius: 6,
    boxShadow: 'var(--shadow-popover)',
    fontSize: 12,
    color: 'var(--color-text)',
  },
  labelStyle: { color: 'var(--color-text-muted)', marginBottom: 4 },
  labelFormatter: isoDay,
} as const;

interface ChartFrameProps {
  title: string;
  note?: string | undefined;
  testId: string;
  /** Controls at the right of the header. */
  actions?: React.ReactNode;
  children: React.ReactNode;
  height?: number;
}

export function ChartFrame({ title, note, testId, actions, children, height = 280 }: ChartFrameProps) {
  return (
    <section className="panel chart-panel" data-testid={testId}>
      <header className="chart-panel__head">
        <h2>{title}</h2>
        {note && <span className="muted chart-panel__note">{note}</span>}
        {actions && <div className="chart-panel__actions">{actions}</div>}
      </header>
      <div className="chart-panel__body" style={{ height }}>
        {children}
      </div>
    </section>
  );
}

function ChartPlaceholder({ text = 'Preparing chart…' }: { text?: string }) {
  return <div className="chart-placeholder muted">{text}</div>;
}

function thinnedNote(rows: ChartRow[] | null, originalLength: number): string | undefined {
  return rows && rows.length < originalLength ? `${rows.length.toLocaleString()} of ${originalLength.toLocaleString()} points (LTTB)` : undefined;
}

/**
 * Equity over decades reads best on a log scale, where equal growth rates look alike; it
 * needs every value above zero (a ruined run's equity reaches 0), else it is offered disabled.
 */
function useLogScale(rows: readonly ChartRow[] | null, keys: readonly string[]): { isLog: boolean; toggle: React.ReactNode } {
  const [wantsLog, setWantsLog] = useState(false);
  const canLog = rows !== null && rows.every((row) => keys.every((key) => !(key in row) || row[key]! > 0));
  const isLog = wantsLog && canLog;
  const toggle = (
    <label className="checkbox chart-panel__toggle" title={canLog ? undefined : 'A log scale needs every value above zero.'}>
      <input type="checkbox" data-testid="log-scale" checked={isLog} disabled={!canLog} onChange={(event) => setWantsLog(event.target.checked)} />
      Log scale
    </label>
  );
  return { isLog, toggle };
}

/** A log axis spans the data exactly (recharts' 'auto' would start it at 0); a linear one rounds outwards. */
function valueAxisProps(isLog: boolean) {
  return isLog ? ({ scale: 'log', domain: ['dataMin', 'dataMax'], allowDataOverflow: true } as const) : ({ scale: 'auto', domain: ['auto', 'auto'] } as const);
}

const EQUITY_KEYS = ['equity', 'buyAndHold'];

export function EquityChart({ series }: { series: BacktestSeries | null }) {
  const [columns, setColumns] = useState<Record<string, number[]> | null>(null);
  useEffect(() => setColumns(series ? { equity: series.equity, buyAndHold: series.buyAndHold } : null), [series]);
  const { rows, originalLength, error } = usePreparedRows(series?.dates ?? null, columns, 'equity');
  const { isLog, toggle } = useLogScale(rows, EQUITY_KEYS);
  return (
    <ChartFrame title="Equity" note={thinnedNote(rows, originalLength)} testId="equity-chart" actions={toggle}>
      {rows ? (
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="var(--color-border)" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={yearMonth} {...AXIS_PROPS} minTickGap={40} />
            <YAxis tickFormatter={(value: number) => compact.format(value)} {...AXIS_PROPS} width={56} {...valueAxisProps(isLog)} />
            <Tooltip {...TOOLTIP_PROPS} formatter={(value) => money.format(Number(value))} />
            <Legend iconType="plainline" wrapperStyle={{ fontSize: 12, color: 'var(--color-text-muted)' }} />
            <Line type="linear" dataKey="equity" name="Strategy" stroke="var(--chart-1)" strokeWidth={1.6} dot={false} isAnimationActive={false} />
            <Line type="linear" dataKey="buyAndHold" name="Buy & hold" stroke="var(--chart-muted)" strokeWidth={1.2} strokeDasharray="4 3" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      ) : (
        <ChartPlaceholder text={error ? `Could not prepare the chart: ${error}` : undefined} />
      )}
    </ChartFrame>
  );
}

export function DrawdownChart({ series }: { series: BacktestSeries | null }) {
  const [columns, setColumns] = useState<Record<string, number[]> | null>(null);
  // Stored as a fraction of the peak (0 … 1); drawn as a negative percentage.
  useEffect(() => setColumns(series ? { drawdown: series.drawdown.map((value) => -Math.abs(value) * 100) } : null), [series]);
  const { rows, originalLength, error } = usePreparedRows(series?.dates ?? null, columns, 'drawdown');
  return (
    <ChartFrame title="Drawdown" note={thinnedNote(rows, originalLength)} testId="drawdown-chart" height={180}>
      {rows ? (
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="var(--color-border)" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={yearMonth} {...AXIS_PROPS} minTickGap={40} />
            <YAxis tickFormatter={(value: number) => `${Math.round(value)}%`} {...AXIS_PROPS} width={56} domain={['auto', 0]} />
            <Tooltip {...TOOLTIP_PROPS} formatter={(value) => `${Number(value).toFixed(2)} %`} />
            <Area type="linear" dataKey="drawdown" name="Drawdown" stroke="var(--chart-loss)" fill="var(--chart-loss)" fillOpacity={0.18} strokeWidth={1.2} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      ) : (
        <ChartPlaceholder text={error ? `Could not prepare the chart: ${error}` : undefined} />
      )}
    </ChartFrame>
  );
}

const COMPARE_KEYS = ['value'];

export const COMPARE_COLORS = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)', 'var(--chart-6)'];

/** Equity of several runs, each rebased to 100 at its start, each thinned in the worker. */
export function CompareEquityChart({ lines }: { lines: { id: string; label: string; color: string; series: BacktestSeries }[] }) {
  const [prepared, setPrepared] = useState<{ id: string; label: string; color: string; rows: ChartRow[] }[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    void Promise.all(
      lines.map(async (line) => {
        const first = line.series.equity[0] || 1;
        const normalized = line.series.equity.map((value) => (value / first) * 100);
        const result = await inChartWorker((api) => api.downsample({ x: line.series.dates, columns: { value: normalized } }, CHART_POINT_LIMIT, 'value'));
        return { id: line.id, label: line.label, color: line.color, rows: rowsOf(result) };
      }),
    ).then(
      (result) => {
        if (isCurrent) setPrepared(result);
      },
      (error: unknown) => {
        if (isCurrent) setFailure(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [lines]);
  const { isLog, toggle } = useLogScale(
    useMemo(() => prepared?.flatMap((line) => line.rows) ?? null, [prepared]),
    COMPARE_KEYS,
  );
  return (
    <ChartFrame title="Equity, rebased to 100" testId="compare-equity-chart" height={320} actions={toggle}>
      {prepared ? (
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 8, right: 16, bottom: 0, left: 4 }}>
            <CartesianGrid stroke="var(--color-border)" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={yearMonth} {...AXIS_PROPS} minTickGap={40} allowDuplicatedCategory={false} />
            <YAxis {...AXIS_PROPS} width={48} tickFormatter={(value: number) => compact.format(value)} {...valueAxisProps(isLog)} />
            <Tooltip {...TOOLTIP_PROPS} formatter={(value) => Number(value).toFixed(1)} />
            {/* In the runs' order, as the table beside it lists them (recharts sorts by label otherwise). */}
            <Legend iconType="plainline" wrapperStyle={{ fontSize: 12 }} itemSorter={(item) => prepared.findIndex((line) => line.label === item.value)} />
            {prepared.map((line) => (
              <Line key={line.id} data={line.rows} dataKey="value" name={line.label} type="linear" stroke={line.color} strokeWidth={1.5} dot={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      ) : (
        <ChartPlaceholder text={failure ? `Could not prepare the chart: ${failure}` : undefined} />
      )}
    </ChartFrame>
  );
}
