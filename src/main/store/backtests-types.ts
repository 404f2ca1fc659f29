import type { BacktestConfig, BacktestStats, BacktestStatus, Trade } from '../../shared/backtest';

/**
 * What a backtest produces before it is stored: the `backtest/run` task's result and one
 * sweep cell's unit outcome (workers build it, main stores it). Arrays cross the worker
 * boundary by structured clone, so the curves stay typed arrays.
 */

/** Chart curves of one symbol (or of the combined account), one value per date. */
export interface RunCurves {
  /** 'YYYY-MM-DD'. */
  dates: string[];
  equity: Float64Array;
  /** Fraction 0 … 1 below the running peak. */
  drawdown: Float64Array;
  /** Cash × close / first close: the same cash bought and held. */
  buyAndHold: Float64Array;
}

export interface SymbolRun {
  symbol: string;
  status: 'succeeded' | 'failed';
  error: string | null;
  /** Bars read for the run's range. */
  bars: number;
  stats: BacktestStats | null;
  trades: Trade[];
  curves: RunCurves | null;
  warnings: string[];
}

export interface RunOutcome {
  status: BacktestStatus;
  config: BacktestConfig;
  symbols: SymbolRun[];
  /**
   * The combined account (see docs in backtest-combine.ts). `curves` is null when only one
   * symbol succeeded: the combined account is that symbol's.
   */
  combined: { stats: BacktestStats; curves: RunCurves | null } | null;
  /** Why the run failed, when it did. */
  error?: string;
}

/** What the job record of a `backtest/run` keeps: a reference to the stored run. */
export interface StoredRunReference {
  backtestId: string;
  status: BacktestStatus;
  symbols: Array<{ symbol: string; status: 'succeeded' | 'failed'; error: string | null }>;
  stats: Pick<BacktestStats, 'returnPct' | 'sharpeRatio' | 'maxDrawdownPct' | 'tradeCount'> | null;
}

/**
 * A sweep cell's unit outcome: a run's statistics without its curves and trades, which a
 * sweep does not keep (a cell is re-run in full when someone wants to see them). Workers
 * build it directly (`runSymbols(…, 'statistics')`), never the curves and trades first.
 */
export type StatisticsOnlyOutcome = Omit<RunOutcome, 'symbols' | 'combined'> & {
  keeps: 'statistics';
  symbols: Array<Omit<SymbolRun, 'curves' | 'trades'> & { tradeCount: number }>;
  combined: { stats: BacktestStats } | null;
};

