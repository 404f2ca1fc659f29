import { STAT_KEYS, type BacktestStats } from '../../shared/backtest';

export type Align = 'left' | 'right';

/** Rows as aligned text: each column as wide as its widest cell, columns two spaces apart. */
export function formatTable(rows: ReadonlyArray<readonly string[]>, align: readonly Align[]): string {
  const widths = align.map((_, column) => Math.max(0, ...rows.map((row) => row[column]?.length ?? 0)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (align[column] === 'left' ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Params as `fast=10, slow=30`. */
export function formatParams(params: Readonly<Record<string, number>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

const LABELS: Record<keyof BacktestStats, string> = {
  start: 'Start', end: 'End', durationDays: 'Duration', exposureTimePct: 'Exposure Time [%]', equityFinal: 'Equity Final [$]',
  equityPeak: 'Equity Peak [$]', commissions: 'Commissions [$]', returnPct: 'Return [%]', buyAndHoldReturnPct: 'Buy & Hold Return [%]',
  returnAnnPct: 'Return (Ann.) [%]', volatilityAnnPct: 'Volatility (Ann.) [%]', cagrPct: 'CAGR [%]', sharpeRatio: 'Sharpe Ratio',
  sortinoRatio: 'Sortino Ratio', calmarRatio: 'Calmar Ratio', alphaPct: 'Alpha [%]', beta: 'Beta', maxDrawdownPct: 'Max. Drawdown [%]',
  avgDrawdownPct: 'Avg. Drawdown [%]', maxDrawdownDurationDays: 'Max. Drawdown Duration', avgDrawdownDurationDays: 'Avg. Drawdown Duration',
  tradeCount: '# Trades', winRatePct: 'Win Rate [%]', bestTradePct: 'Best Trade [%]', worstTradePct: 'Worst Trade [%]',
  avgTradePct: 'Avg. Trade [%]', maxTradeDurationDays: 'Max. Trade Duration', avgTradeDurationDays: 'Avg. Trade Duration',
  profitFactor: 'Profit Factor', expectancyPct: 'Expectancy [%]', sqn: 'SQN', kellyCriterion: 'Kelly Criterion',
};

const DAY_KEYS = new Set<string>(['durationDays', 'maxDrawdownDurationDays', 'avgDrawdownDurationDays', 'maxTradeDurationDays', 'avgTradeDurationDays']);

/** A statistic as backtesting.py prints it: NaN for undefined, "N days" for durations. */
export function formatStat(key: keyof BacktestStats, value: string | number | null): string {
  if (value === null) return 'NaN';
  if (typeof value === 'string') return value;
  if (DAY_KEYS.has(key)) return `${Math.round(value)} days`;
  if (key === 'tradeCount') return String(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

/** The statistics, one row each: labels, then one value column per heading (headed when there are several). */
export function statsTable(columns: Array<{ heading: string; stats: BacktestStats | null }>): string {
  const headings = columns.length > 1 ? [['', ...columns.map((column) => column.heading)]] : [];
  const rows = STAT_KEYS.map((key) => [LABELS[key], ...columns.map((column) => (column.stats ? formatStat(key, column.stats[key]) : '-'))]);
  return formatTable([...headings, ...rows], ['left', ...columns.map((): Align => 'right')]);
}
