import type { BacktestStats } from '../../../../shared/backtest';

type StatKey = keyof BacktestStats;

interface StatSpec {
  label: string;
  unit: 'pct' | 'ratio' | 'money' | 'days' | 'count' | 'date';
  /** Which way is better, for highlighting; null when neither is. */
  better: 'higher' | 'lower' | null;
}

export const STAT_SPECS: Record<StatKey, StatSpec> = {
  start: { label: 'Start', unit: 'date', better: null },
  end: { label: 'End', unit: 'date', better: null },
  durationDays: { label: 'Duration', unit: 'days', better: null },
  exposureTimePct: { label: 'Exposure time', unit: 'pct', better: null },
  equityFinal: { label: 'Equity final', unit: 'money', better: 'higher' },
  equityPeak: { label: 'Equity peak', unit: 'money', better: 'higher' },
  commissions: { label: 'Commissions', unit: 'money', better: 'lower' },
  returnPct: { label: 'Return', unit: 'pct', better: 'higher' },
  buyAndHoldReturnPct: { label: 'Buy & hold return', unit: 'pct', better: null },
  returnAnnPct: { label: 'Return (ann.)', unit: 'pct', better: 'higher' },
  volatilityAnnPct: { label: 'Volatility (ann.)', unit: 'pct', better: 'lower' },
  cagrPct: { label: 'CAGR', unit: 'pct', better: 'higher' },
  sharpeRatio: { label: 'Sharpe ratio', unit: 'ratio', better: 'higher' },
  sortinoRatio: { label: 'Sortino ratio', unit: 'ratio', better: 'higher' },
  calmarRatio: { label: 'Calmar ratio', unit: 'ratio', better: 'higher' },
  alphaPct: { label: 'Alpha', unit: 'pct', better: 'higher' },
  beta: { label: 'Beta', unit: 'ratio', better: null },
  maxDrawdownPct: { label: 'Max drawdown', unit: 'pct', better: 'higher' },
  avgDrawdownPct: { label: 'Avg drawdown', unit: 'pct', better: 'higher' },
  maxDrawdownDurationDays: { label: 'Max drawdown duration', unit: 'days', better: 'lower' },
  avgDrawdownDurationDays: { label: 'Avg drawdown duration', unit: 'days', better: 'lower' },
  tradeCount: { label: 'Trades', unit: 'count', better: null },
  winRatePct: { label: 'Win rate', unit: 'pct', better: 'higher' },
  bestTradePct: { label: 'Best trade', unit: 'pct', better: 'higher' },
  worstTradePct: { label: 'Worst trade', unit: 'pct', better: 'higher' },
  avgTradePct: { label: 'Avg trade', unit: 'pct', better: 'higher' },
  maxTradeDurationDays: { label: 'Max trade duration', unit: 'days', better: null },
  avgTradeDurationDays: { label: 'Avg trade duration', unit: 'days', better: null },
  profitFactor: { label: 'Profit factor', unit: 'ratio', better: 'higher' },
  expectancyPct: { label: 'Expectancy', unit: 'pct', better: 'higher' },
  sqn: { label: 'SQN', unit: 'ratio', better: 'higher' },
  kellyCriterion: { label: 'Kelly criterion', unit: 'ratio', better: 'higher' },
};

/** The statistics worth a card on a run's page, most asked-for first. */
export const KEY_STATS: readonly StatKey[] = [
  'returnPct',
  'buyAndHoldReturnPct',
  'cagrPct',
  'sharpeRatio',
  'sortinoRatio',
  'calmarRatio',
  'maxDrawdownPct',
  'tradeCount',
  'winRatePct',
  'profitFactor',
  'exposureTimePct',
  'equityFinal',
];

const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat();

/** A number with two decimals, or an em dash for undefined / non-finite values. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A signed percentage such as `+12.34 %`; stats are stored in percent already. */
export function formatSignedPct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value > 0 ? '+' : ''}${formatNumber(value)} %`;
}

export function formatStat(key: StatKey, value: BacktestStats[StatKey] | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value.slice(0, 10);
  if (!Number.isFinite(value)) return '—';
  switch (STAT_SPECS[key].unit) {
    case 'pct':
      return `${formatNumber(value)} %`;
    case 'money':
      return money.format(value);
    case 'days':
      return `${count.format(Math.round(value))} d`;
    case 'count':
      return count.format(value);
    default:
      return formatNumber(value);
  }
}

/** Tone of a value for colouring: returns and ratios above zero read as gains. */
export function statTone(key: StatKey, value: unknown): 'gain' | 'loss' | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value === 0) return null;
  if (key === 'maxDrawdownPct' || key === 'avgDrawdownPct') return value < 0 ? 'loss' : null;
  const spec = STAT_SPECS[key];
  if (spec.unit === 'pct' && spec.better === 'higher') return value > 0 ? 'gain' : 'loss';
  if (key === 'sharpeRatio' || key === 'sortinoRatio' || key === 'calmarRatio') return value > 0 ? 'gain' : 'loss';
  return null;
}

/**
 * Indexes of the best values in a row (all of them on a tie); empty when the row has no
 * better side, fewer than two values, or all values are equal.
 */
export function bestIndexes(key: StatKey, values: readonly unknown[]): number[] {
  const better = STAT_SPECS[key].better;
  if (!better) return [];
  const finite = values.map((value) => (typeof value === 'number' && Number.isFinite(value) ? value : null));
  const present = finite.filter((value): value is number => value !== null);
  if (present.length < 2) return [];
  const best = better === 'higher' ? Math.max(...present) : Math.min(...present);
  if (present.every((value) => value === best)) return [];
  return finite.flatMap((value, index) => (value === best ? [index] : []));
}
