import { z } from 'zod';
import { safeParseQuoting } from './validation';

/**
 * Backtest vocabulary shared by every process: strategy parameter schemas (main
 * validates, the renderer builds forms from them), broker settings, statistics and
 * trades. Conventions follow backtesting.py 0.6.6; see docs/backtest-conventions.md.
 */

export const STRATEGY_PARAMS = {
  'sma-cross': z
    .strictObject({
      fast: z.int().min(1).max(1000).default(10).describe('Fast moving-average period (bars)'),
      slow: z.int().min(2).max(5000).default(30).describe('Slow moving-average period (bars)'),
    })
    .refine((params) => params.fast < params.slow, { message: 'fast must be less than slow', path: ['fast'] }),
  'rsi-reversion': z
    .strictObject({
      period: z.int().min(2).max(500).default(14).describe('RSI period (bars)'),
      lower: z.number().min(1).max(99).default(30).describe('Buy when RSI falls below'),
      upper: z.number().min(1).max(99).default(70).describe('Sell when RSI rises above'),
    })
    .refine((params) => params.lower < params.upper, { message: 'lower must be less than upper', path: ['lower'] }),
  breakout: z.strictObject({
    lookback: z.int().min(2).max(1000).default(20).describe('Channel length (bars)'),
  }),
  'buy-and-hold': z.strictObject({}),
} as const;

export type StrategyName = keyof typeof STRATEGY_PARAMS;
export const STRATEGY_NAMES = Object.keys(STRATEGY_PARAMS) as StrategyName[];
export type StrategyParams<S extends StrategyName> = z.output<(typeof STRATEGY_PARAMS)[S]>;

export function isStrategyName(value: string): value is StrategyName {
  return Object.hasOwn(STRATEGY_PARAMS, value);
}

export const brokerSettings = z.strictObject({
  cash: z.number().positive().max(1e12).default(10_000),
  /** Fraction of traded value, e.g. 0.002 for 0.2 %. */
  commission: z.number().min(0).max(0.1).default(0),
  /** Fraction of the price paid on entry only (a buy fills at open × (1 + spread)), as backtesting.py's `spread`. */
  spread: z.number().min(0).max(0.1).default(0),
  /** Close trades still open on the last bar, so they count in the statistics. */
  finalizeTrades: z.boolean().default(true),
});
export type BrokerSettings = z.output<typeof brokerSettings>;

/**
 * Statistics of one backtest, keyed as in the JSON we store and print. A value that is
 * undefined for the run (e.g. win rate with no trades) is null, as backtesting.py's NaN.
 */
export interface BacktestStats {
  start: string;
  end: string;
  durationDays: number;
  exposureTimePct: number;
  equityFinal: number;
  equityPeak: number;
  commissions: number;
  returnPct: number;
  buyAndHoldReturnPct: number;
  returnAnnPct: number | null;
  volatilityAnnPct: number | null;
  cagrPct: number | null;
  sharpeRatio: number | null;
  sortinoRatio: number | null;
  calmarRatio: number | null;
  alphaPct: number | null;
  beta: number | null;
  maxDrawdownPct: number;
  avgDrawdownPct: number | null;
  maxDrawdownDurationDays: number | null;
  avgDrawdownDurationDays: number | null;
  tradeCount: number;
  winRatePct: number | null;
  bestTradePct: number | null;
  worstTradePct: number | null;
  avgTradePct: number | null;
  maxTradeDurationDays: number | null;
  avgTradeDurationDays: number | null;
  profitFactor: number | null;
  expectancyPct: number | null;
  sqn: number | null;
  kellyCriterion: number | null;
}

export const STAT_KEYS = [
  'start', 'end', 'durationDays', 'exposureTimePct', 'equityFinal', 'equityPeak', 'commissions', 'returnPct',
  'buyAndHoldReturnPct', 'returnAnnPct', 'volatilityAnnPct', 'cagrPct', 'sharpeRatio', 'sortinoRatio', 'calmarRatio',
  'alphaPct', 'beta', 'maxDrawdownPct', 'avgDrawdownPct', 'maxDrawdownDurationDays', 'avgDrawdownDurationDays',
  'tradeCount', 'winRatePct', 'bestTradePct', 'worstTradePct', 'avgTradePct', 'maxTradeDurationDays',
  'avgTradeDurationDays', 'profitFactor', 'expectancyPct', 'sqn', 'kellyCriterion',
] as const satisfies readonly (keyof BacktestStats)[];

/** Statistics that are numbers, i.e. what a sweep may maximize and a list may sort by. */
export type NumericStatKey = Exclude<keyof BacktestStats, 'start' | 'end'>;
export const NUMERIC_STAT_KEYS = STAT_KEYS.filter((key): key is NumericStatKey => key !== 'start' && key !== 'end');

/** One closed trade. Bars are indexes into the series the backtest ran on. */
export interface Trade {
  /** Units; negative for a short. */
  size: number;
  entryBar: number;
  exitBar: number;
  entryTime: string;
  exitTime: string;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  /** Fraction, e.g. 0.05 for +5 %. */
  returnPct: number;
  durationDays: number;
  commission: number;
}

/** What a backtest of one symbol produces (the engine's output). */
export interface BacktestOutcome {
  stats: BacktestStats;
  trades: Trade[];
  /** Equity at each bar's close. */
  equity: Float64Array;
  /** Drawdown from the running peak at each bar, as a fraction (0 … 1). */
  drawdown: Float64Array;
  /** Dates of the bars, 'YYYY-MM-DD'. */
  dates: string[];
  /** What the user should know about the run, e.g. orders refused for want of cash. */
  warnings?: string[];
}

/**
 * Stored with every run and sweep. Bump it whenever results of the same input may change
 * (engine, statistics or how symbols are combined), so old and new results are told apart.
 */
export const ENGINE_VERSION = '1.1.0+backtesting.py-0.6.5';

/** Most cells a sweep may have unless the host raises the setting. */
export const DEFAULT_SWEEP_CELL_LIMIT = 10_000;

const symbolName = z.string().regex(/^[A-Z0-9.\-^_]{1,20}$/, 'must be a stored symbol such as GOOG');

/** One to `max` stored symbols, each listed once (whether they are stored is checked at submit). */
export function symbolList(max: number) {
  return z
    .array(symbolName)
    .min(1, 'choose at least one symbol')
    .max(max)
    .refine((symbols) => new Set(symbols).size === symbols.length, 'each symbol may be listed only once');
}
/** 'YYYY-MM-DD' that is a real calendar date (2010-02-30 is refused). */
export const isoDate = z.iso.date();

const backtestTarget = {
  strategy: z.enum(STRATEGY_NAMES as [StrategyName, ...StrategyName[]]),
  symbols: symbolList(50),
  /** First date included, 'YYYY-MM-DD'; default: the symbol's first bar. */
  from: isoDate.optional(),
  /** Last date included; default: the symbol's last bar. */
  to: isoDate.optional(),
  broker: brokerSettings.default({ cash: 10_000, commission: 0, spread: 0, finalizeTrades: true }),
};

function checkRange(value: { from?: string; to?: string }, context: z.RefinementCtx): void {
  if (value.from && value.to && value.from > value.to) {
    context.addIssue({ code: 'custom', message: `from (${value.from}) is after to (${value.to})`, path: ['from'] });
  }
}

/** `backtest/run`: one strategy with fixed params over one or more symbols. */
export const backtestRunParams = z
  .strictObject({
    ...backtestTarget,
    params: z.record(z.string().max(32), z.number()).default({}),
    name: z.string().max(120).optional(),
  })
  .superRefine((value, context) => {
    checkRange(value, context);
    // Quoting: an issue added here without its input would quote the whole request instead.
    const parsed = safeParseQuoting(STRATEGY_PARAMS[value.strategy], value.params);
    // Passed on whole (code, bounds), under `params`, so a form can word each in its own terms.
    for (const issue of parsed.error?.issues ?? []) context.addIssue({ ...issue, path: ['params', ...issue.path] });
  });
export type BacktestRunParams = z.output<typeof backtestRunParams>;

/** A grid axis: `start..end` by `step`, both ends included, or an explicit list. */
export const gridAxis = z.union([
  z.strictObject({ start: z.number(), end: z.number(), step: z.number().positive() }),
  z.array(z.number()).min(1).max(10_000),
]);
export type GridAxis = z.output<typeof gridAxis>;

/** `backtest/sweep`: every combination of the grid (that passes the constraint), each a backtest. */
export const backtestSweepParams = z
  .strictObject({
    ...backtestTarget,
    grid: z.record(z.string().max(32), gridAxis),
    /** Comparisons joined by `&&`, e.g. `fast < slow`; names are params, or numbers. */
    constraint: z.string().max(200).optional(),
    maximize: z.enum(NUMERIC_STAT_KEYS as [NumericStatKey, ...NumericStatKey[]]).default('sharpeRatio'),
  })
  .superRefine((value, context) => {
    checkRange(value, context);
    if (Object.keys(value.grid).length === 0) context.addIssue({ code: 'custom', message: 'grid needs at least one param', path: ['grid'] });
  });
export type BacktestSweepParams = z.output<typeof backtestSweepParams>;

/** Everything needed to reproduce a run and to compare two runs honestly. */
export interface BacktestConfig {
  strategy: StrategyName;
  params: Record<string, number>;
  symbols: string[];
  from: string | null;
  to: string | null;
  broker: BrokerSettings;
  engineVersion: string;
  /** Hash of the exact bars the run read (all symbols, in order). */
  dataHash: string;
}

export type BacktestStatus = 'succeeded' | 'partial' | 'failed';

/** A row of the Backtests list. `stats` is the combined summary over its symbols. */
export interface BacktestSummary {
  id: string;
  jobId: string;
  sweepId: string | null;
  name: string | null;
  strategy: StrategyName;
  params: Record<string, number>;
  symbols: string[];
  status: BacktestStatus;
  stats: BacktestStats | null;
  notes: string;
  /** False for a sweep cell: it keeps its statistics, not its curves and trades (re-run it in full for those). */
  hasDetails: boolean;
  createdAt: string;
}

export interface SymbolResult {
  symbol: string;
  status: 'succeeded' | 'failed';
  error: string | null;
  stats: BacktestStats | null;
  bars: number;
  tradeCount: number;
  /** What the engine warned about, e.g. orders not filled for want of cash. */
  warnings: string[];
}

export interface BacktestDetail extends BacktestSummary {
  config: BacktestConfig;
  perSymbol: SymbolResult[];
  /**
   * A sweep cell's full run, when one was made: the newest stored run with curves and
   * trades and the very same config (data hash and engine version included). Null otherwise.
   */
  fullRunId: string | null;
}

/** Chart series of one symbol of a run (or '*' for the combined account). */
export interface BacktestSeries {
  dates: string[];
  equity: number[];
  drawdown: number[];
  buyAndHold: number[];
}

export interface SweepCell {
  params: Record<string, number>;
  backtestId: string | null;
  status: 'succeeded' | 'partial' | 'failed';
  /** The maximized statistic (combined over symbols); null when undefined or failed. */
  metric: number | null;
  error: string | null;
}

/** A sweep cell with its run's statistics (the combined account's; null when the cell failed): a row of the cells export. */
export interface SweepCellStatistics extends SweepCell {
  stats: BacktestStats | null;
}

export interface SweepSummary {
  id: string;
  jobId: string;
  strategy: StrategyName;
  symbols: string[];
  maximize: NumericStatKey;
  cellCount: number;
  finishedCells: number;
  status: 'running' | 'succeeded' | 'partial' | 'failed' | 'cancelled';
  bestBacktestId: string | null;
  bestMetric: number | null;
  /** The best cell's params; null while there is none (or they cannot be read). */
  bestParams: Record<string, number> | null;
  createdAt: string;
  /** In a listing, {} when the stored grid cannot be read (the sweep itself then answers `corrupt`). */
  grid: Record<string, GridAxis>;
  constraint: string | null;
}

export interface SweepDetail extends SweepSummary {
  config: Omit<BacktestConfig, 'params' | 'dataHash'>;
  cells: SweepCell[];
}
