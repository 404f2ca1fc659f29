import type { BacktestStats } from '../../../../shared/backtest';

type StatKey = keyof BacktestStats;

/**
 * What a best mark needs to mean anything. `sameCash`: an amount of money, which scales with the
 * starting cash, so runs with different cash do not compare. `traded`: a statistic of risk or of
 * trades, which a run that never traded would "win" with its flat equity (no volatility, no
 * drawdown, no commissions); such runs get no mark and do not compete.
 */
type BestCondition = 'sameCash' | 'traded';

interface StatSpec {
  label: string;
  unit: 'pct' | 'ratio' | 'money' | 'days' | 'count' | 'date';
  /** Which way is better, for highlighting; null when neither is. */
  better: 'higher' | 'lower' | null;
  bestNeeds?: readonly BestCondition[];
}

const CASH: readonly BestCondition[] = ['sameCash'];
const TRADES: readonly BestCondition[] = ['traded'];

export const STAT_SPECS: Record<StatKey, StatSpec> = {
  start: { label: 'Start', unit: 'date', better: null },
  end: { label: 'End', unit: 'date', better: null },
  durationDays: { label: 'Duration', unit: 'days', better: null },
  exposureTimePct: { label: 'Exposure time', unit: 'pct', better: null },
  equityFinal: { label: 'Equity final', unit: 'money', better: 'higher', bestNeeds: CASH },
  equityPeak: { label: 'Equity peak', unit: 'money', better: 'higher', bestNeeds: CASH },
  commissions: { label: 'Commissions', unit: 'money', better: 'lower', bestNeeds: ['sameCash', 'traded'] },
  returnPct: { label: 'Return', unit: 'pct', better: 'higher' },
  buyAndHoldReturnPct: { label: 'Buy & hold return', unit: 'pct', better: null },
  returnAnnPct: { label: 'Return (ann.)', unit: 'pct', better: 'higher' },
  volatilityAnnPct: { label: 'Volatility (ann.)', unit: 'pct', better: 'lower', bestNeeds: TRADES },
  cagrPct: { label: 'CAGR', unit: 'pct', better: 'higher' },
  sharpeRatio: { label: 'Sharpe ratio', unit: 'ratio', better: 'higher', bestNeeds: TRADES },
  sortinoRatio: { label: 'Sortino ratio', unit: 'ratio', better: 'higher', bestNeeds: TRADES },
  calmarRatio: { label: 'Calmar ratio', unit: 'ratio', better: 'higher', bestNeeds: TRADES },
  alphaPct: { label: 'Alpha', unit: 'pct', better: 'higher' },
  beta: { label: 'Beta', unit: 'ratio', better: null },
  maxDrawdownPct: { label: 'Max drawdown', unit: 'pct', better: 'higher', bestNeeds: TRADES },
  avgDrawdownPct: { label: 'Avg drawdown', unit: 'pct', better: 'higher', bestNeeds: TRADES },
  maxDrawdownDurationDays: { label: 'Max drawdown duration', unit: 'days', better: 'lower', bestNeeds: TRADES },
  avgDrawdownDurationDays: { label: 'Avg drawdown duration', unit: 'days', better: 'lower', bestNeeds: TRADES },
  tradeCount: { label: 'Trades', unit: 'count', better: null },
  winRatePct: { label: 'Win rate', unit: 'pct', better: 'higher', bestNeeds: TRADES },
  bestTradePct: { label: 'Best trade', unit: 'pct', better: 'higher', bestNeeds: TRADES },
  worstTradePct: { label: 'Worst trade', unit: 'pct', better: 'higher', bestNeeds: TRADES },
  avgTradePct: { label: 'Avg trade', unit: 'pct', better: 'higher', bestNeeds: TRADES },
  maxTradeDurationDays: { label: 'Max trade duration', unit: 'days', better: null },
  avgTradeDurationDays: { label: 'Avg trade duration', unit: 'days', better: null },
  profitFactor: { label: 'Profit factor', unit: 'ratio', better: 'higher', bestNeeds: TRADES },
  expectancyPct: { label: 'Expectancy', unit: 'pct', better: 'higher', bestNeeds: TRADES },
  sqn: { label: 'SQN', unit: 'ratio', better: 'higher', bestNeeds: TRADES },
  kellyCriterion: { label: 'Kelly criterion', unit: 'ratio', better: 'higher', bestNeeds: TRADES },
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

/** Longest value a stat card shows at its full font size (8 characters of 20 px fit its narrowest width). */
const CARD_FULL_SIZE_CHARS = 8;
/** Longest value a stat card shows at all, in its smaller font; longer ones are shortened. */
const CARD_MAX_CHARS = 9;

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumSignificantDigits: 3 });

/** A statistic as a card shows it: short enough to fit, with the exact value when shortened. */
export interface CardValue {
  text: string;
  /** The full value (for a tooltip) when `text` is shortened; null when `text` is it. */
  exact: string | null;
  /** Whether `text` needs the card's smaller font. */
  isLong: boolean;
}

/**
 * A statistic for a card: as `formatStat` when that fits; otherwise large magnitudes lose their
 * decimals (`8,489 %`), then go compact (`4.56M`, `12.3K %`).
 */
export function formatStatCard(key: StatKey, value: BacktestStats[StatKey] | null | undefined): CardValue {
  const exact = formatStat(key, value);
  const text = typeof value === 'number' && exact.length > CARD_MAX_CHARS ? shortenStat(key, value) : exact;
  return { text, exact: text === exact ? null : exact, isLong: text.length > CARD_FULL_SIZE_CHARS };
}

function shortenStat(key: StatKey, value: number): string {
  const unit = STAT_SPECS[key].unit;
  const suffix = unit === 'pct' ? ' %' : unit === 'days' ? ' d' : '';
  const whole = `${formatNumber(value, 0)}${suffix}`;
  return whole.length <= CARD_MAX_CHARS ? whole : `${compact.format(value)}${suffix}`;
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

/** One column of a comparison, as far as best marks go: its statistics and starting cash. */
export interface ComparedRun {
  stats: BacktestStats | null;
  cash: number | null;
}

/**
 * Indexes of the best values in a row (all of them on a tie); empty when the row has no
 * better side, fewer than two values that may compete (see `BestCondition`), or all equal.
 */
export function bestIndexes(key: StatKey, runs: readonly ComparedRun[]): number[] {
  const { better, bestNeeds = [] } = STAT_SPECS[key];
  if (!better) return [];
  const competing = runs.map((run) => {
    const value = run.stats?.[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) return null;
    return bestNeeds.includes('traded') && run.stats?.tradeCount === 0 ? null : value;
  });
  const present = competing.filter((value): value is number => value !== null);
  if (present.length < 2) return [];
  const cashes = new Set(runs.filter((_, index) => competing[index] !== null).map((run) => run.cash));
  if (bestNeeds.includes('sameCash') && cashes.size > 1) return [];
  const best = better === 'higher' ? Math.max(...present) : Math.min(...present);
  if (present.every((value) => value === best)) return [];
  return competing.flatMap((value, index) => (value === best ? [index] : []));
}
