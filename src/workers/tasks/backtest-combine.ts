import type { BacktestStats, Trade } from '../../shared/backtest';
import type { RunCurves, SymbolRun } from '../../main/store/backtests-types';
import { computeStats } from '../backtest';
import { parseDayNumbers } from '../backtest/dates';
import { drawdownSeries } from '../backtest/stats';

/**
 * The combined account of a run over several symbols.
 *
 * Each symbol trades its own account with the full cash. The combined account is the
 * sum of their equity curves on the union of their dates: a symbol's equity is carried
 * forward after its last bar and counts as its untouched cash before its first. Its
 * statistics are computed from that curve (and every symbol's trades, re-indexed on the
 * union of dates) exactly as a single symbol's are, with two exceptions:
 * - Buy & Hold Return is the mean of the symbols' own Buy & Hold returns;
 * - alpha and beta are measured against the sum of the symbols' buy-and-hold curves
 *   (the same cash in each symbol, bought at its warm-up bar's close and held), whose
 *   return from its first bar is that mean.
 * With one succeeded symbol the combined account is that symbol's, unchanged.
 */
export function combineSymbols(runs: readonly CombinableRun[], cash: number): { stats: BacktestStats; curves: RunCurves | null } | null {
  const succeeded = runs.filter((run) => run.status === 'succeeded' && run.stats !== null);
  if (succeeded.length === 0) return null;
  if (succeeded.length === 1) return { stats: succeeded[0]!.stats!, curves: null };
  return combineAccounts(succeeded.map(withCurves), cash);
}

/**
 * A symbol's outcome as far as combining goes. Its curves and trades are only read when
 * several symbols succeeded: a run that keeps its statistics only may leave them out when
 * it has one symbol.
 */
export type CombinableRun = Pick<SymbolRun, 'status' | 'stats'> & Partial<Pick<SymbolRun, 'symbol' | 'curves' | 'trades'>>;

/** A succeeded symbol with what combining reads. */
type AccountRun = Pick<SymbolRun, 'trades'> & { stats: BacktestStats; curves: RunCurves };

function withCurves(run: CombinableRun): AccountRun {
  if (!run.curves || !run.trades) {
    throw new Error(`Combining several symbols needs each one's curves and trades (${run.symbol ?? 'a symbol'} has none).`);
  }
  return run as AccountRun;
}

function combineAccounts(succeeded: readonly AccountRun[], cash: number): { stats: BacktestStats; curves: RunCurves } {
  const dates = [...new Set(succeeded.flatMap((run) => run.curves.dates))].sort();
  const positionOf = new Map(dates.map((date, index) => [date, index]));
  const equity = new Float64Array(dates.length);
  const buyAndHold = new Float64Array(dates.length);
  for (const run of succeeded) {
    const curves = run.curves;
    let cursor = 0;
    let lastEquity = cash;
    let lastHold = cash;
    for (let index = 0; index < dates.length; index++) {
      if (cursor < curves.dates.length && curves.dates[cursor] === dates[index]) {
        lastEquity = curves.equity[cursor]!;
        lastHold = curves.buyAndHold[cursor]!;
        cursor++;
      }
      equity[index]! += lastEquity;
      buyAndHold[index]! += lastHold;
    }
  }
  const trades: Trade[] = succeeded
    .flatMap((run) => run.trades)
    .map((trade) => ({ ...trade, entryBar: positionOf.get(trade.entryTime)!, exitBar: positionOf.get(trade.exitTime)! }))
    .sort((a, b) => a.exitBar - b.exitBar || a.entryBar - b.entryBar);
  const days = new Int32Array(dates.length);
  parseDayNumbers(dates, days);
  const drawdown = drawdownSeries(equity);
  const stats = computeStats({ dates, days, close: buyAndHold, equity, drawdown, trades, warmupBars: 0 });
  stats.buyAndHoldReturnPct = succeeded.reduce((sum, run) => sum + run.stats.buyAndHoldReturnPct, 0) / succeeded.length;
  return { stats, curves: { dates, equity, drawdown, buyAndHold } };
}
