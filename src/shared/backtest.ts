import { z } from 'zod';

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
  /** Fraction of price paid on entry and exit (bid-ask spread), as backtesting.py's `spread`. */
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
}
