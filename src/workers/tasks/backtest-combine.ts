import type { BacktestStats, Trade } from '../../shared/backtest';
import type { RunCurves, SymbolRun } from '../../main/store/backtests-types';
import { computeStats } from '../backtest';
import { parseDayNumbers } from '../backtest/dates';
import { drawdownSeries, type TradeFigures } from '../backtest/stats';

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
  const { dates, days, positions } = calendarOf(succeeded.map((run) => run.curves.dates));
  const equity = new Float64Array(dates.length);
  const buyAndHold = new Float64Array(dates.length);
  succeeded.forEach((run, symbol) => {
    addOnCalendar(equity, run.curves.equity, positions[symbol]!, cash);
    addOnCalendar(buyAndHold, run.curves.buyAndHold, positions[symbol]!, cash);
  });
  // What the statistics read of every symbol's trades, on the union's bars, in the order they closed.
  const trades: TradeFigures[] = succeeded
    .flatMap((run, symbol) => run.trades.map((trade) => onCalendar(trade, positions[symbol]!)))
    .sort((a, b) => a.exitBar - b.exitBar || a.entryBar - b.entryBar);
  const drawdown = drawdownSeries(equity);
  const stats = computeStats({ dates, days, close: buyAndHold, equity, drawdown, trades, warmupBars: 0 });
  stats.buyAndHoldReturnPct = succeeded.reduce((sum, run) => sum + run.stats.buyAndHoldReturnPct, 0) / succeeded.length;
  return { stats, curves: { dates, equity, drawdown, buyAndHold } };
}

/**
 * Adds a symbol's curve to `total`, on the union of dates: `before` until the symbol's first
 * bar, then each bar's value until its next bar (the last one's to the end).
 */
function addOnCalendar(total: Float64Array, curve: Float64Array, at: Int32Array, before: number): void {
  let index = 0;
  for (; index < at[0]!; index++) total[index]! += before;
  for (let bar = 0; bar < at.length; bar++) {
    const value = curve[bar]!;
    const end = bar + 1 < at.length ? at[bar + 1]! : total.length;
    for (; index < end; index++) total[index]! += value;
  }
}

function onCalendar({ entryBar, exitBar, pnl, returnPct, durationDays, commission }: Trade, at: Int32Array): TradeFigures {
  return { entryBar: at[entryBar]!, exitBar: at[exitBar]!, pnl, returnPct, durationDays, commission };
}

/** The union of several symbols' dates, and where each symbol's bars fall in it. */
interface Calendar {
  dates: string[];
  days: Int32Array;
  /** Per symbol, the index in `dates` of each of its bars. */
  positions: Int32Array[];
}

/**
 * The last calendar built and the date arrays it was built from: a sweep's cells run on the
 * same bars, so they share one (building it was most of a several-symbol cell's time).
 */
let lastCalendar: { sources: ReadonlyArray<readonly string[]>; calendar: Calendar } | null = null;

function calendarOf(sources: ReadonlyArray<readonly string[]>): Calendar {
  const cached = lastCalendar;
  if (cached !== null && cached.sources.length === sources.length && cached.sources.every((source, index) => source === sources[index])) {
    return cached.calendar;
  }
  const dates = sources.reduce<readonly string[]>(mergeDates, []) as string[];
  const days = new Int32Array(dates.length);
  parseDayNumbers(dates, days);
  const positions = sources.map((source) => {
    const at = new Int32Array(source.length);
    let index = 0;
    for (let bar = 0; bar < source.length; bar++) {
      while (index < dates.length && dates[index] !== source[bar]) index++;
      at[bar] = index;
    }
    return at;
  });
  lastCalendar = { sources, calendar: { dates, days, positions } };
  return lastCalendar.calendar;
}

/** Two runs of increasing YYYY-MM-DD dates (as bars' are), merged: increasing, each date once. */
function mergeDates(a: readonly string[], b: readonly string[]): string[] {
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const date = a[i]! <= b[j]! ? a[i]! : b[j]!;
    merged.push(date);
    if (a[i] === date) i++;
    if (b[j] === date) j++;
  }
  while (i < a.length) merged.push(a[i++]!);
  while (j < b.length) merged.push(b[j++]!);
  return merged;
}
