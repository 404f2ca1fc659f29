import { LRUCache } from 'lru-cache';
import type { BacktestStats } from '../../shared/backtest';
import { computeStats } from '../backtest';
import { parseDayNumbers } from '../backtest/dates';
import { annualisation, marketReturns, type Annualisation, type MarketReturns, type TradeFigures } from '../backtest/stats';

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
 * With one succeeded symbol the combined account is that symbol's, unchanged: the caller
 * takes its statistics and combines nothing.
 */

/** What combining reads of a succeeded symbol's run. */
export interface Account {
  stats: BacktestStats;
  dates: readonly string[];
  close: Float64Array;
  equity: Float64Array;
  /** Closed trades, on the symbol's own bars. */
  trades: readonly TradeFigures[];
}

/** How every symbol is held in the benchmark: the run's cash, bought at the close of the strategy's warm-up bar. */
export interface Holding {
  cash: number;
  warmupBars: number;
}

/** The combined account, curves on the union of the symbols' dates. */
export interface CombinedAccount {
  stats: BacktestStats;
  dates: string[];
  equity: Float64Array;
  /** The benchmark: every symbol's buy-and-hold curve, summed. Shared by the runs that hold alike: never to be written to. */
  buyAndHold: Float64Array;
}

/**
 * The cash invested at the warm-up bar's close and held, as the Buy & Hold Return statistic
 * measures it: the cash up to and including the warm-up bar (as the strategy's equity is), then
 * cash × close / warm-up close, so its last value is the cash grown by that statistic.
 */
export function buyAndHoldCurve(close: Float64Array, cash: number, warmupBars: number): Float64Array {
  const curve = new Float64Array(close.length);
  const entryClose = close[warmupBars]!;
  for (let index = 0; index < close.length; index++) curve[index] = index <= warmupBars ? cash : (cash * close[index]!) / entryClose;
  return curve;
}

/** Combines two or more succeeded symbols' accounts. */
export function combineAccounts(accounts: readonly Account[], holding: Holding): CombinedAccount {
  const calendar = calendarOf(accounts.map((account) => account.dates));
  const { dates, days, positions } = calendar;
  const equity = new Float64Array(dates.length);
  accounts.forEach((account, symbol) => addOnCalendar(equity, account.equity, positions[symbol]!, holding.cash));
  const benchmark = benchmarkOf(calendar, accounts, holding);
  const trades = tradesOnCalendar(accounts.map((account) => account.trades), positions);
  const stats = computeStats({
    dates,
    days,
    close: benchmark.buyAndHold,
    equity,
    trades,
    warmupBars: 0,
    market: benchmark.market,
    annualisation: calendar.annualisation,
  });
  stats.buyAndHoldReturnPct = accounts.reduce((sum, account) => sum + account.stats.buyAndHoldReturnPct, 0) / accounts.length;
  return { stats, dates, equity, buyAndHold: benchmark.buyAndHold };
}

/**
 * Adds a symbol's curve to `total`, on the union of dates: `before` until the symbol's first
 * bar, then each bar's value until its next bar (the last one's to the end).
 */
function addOnCalendar(total: Float64Array, curve: Float64Array, at: Int32Array, before: number): void {
  const first = at[0]!;
  const count = at.length;
  let index = 0;
  for (; index < first; index++) total[index]! += before;
  if (at[count - 1]! - first === count - 1) {
    // A bar on every date of the union from its first to its last (symbols on one exchange): one add per bar.
    for (let bar = 0; bar < count; bar++) total[first + bar]! += curve[bar]!;
    index = first + count;
  } else {
    for (let bar = 0; bar < count; bar++) {
      const value = curve[bar]!;
      const end = bar + 1 < count ? at[bar + 1]! : total.length;
      for (; index < end; index++) total[index]! += value;
    }
  }
  const last = curve[count - 1]!;
  for (; index < total.length; index++) total[index]! += last;
}

/**
 * Every symbol's trades (what the statistics read of them), moved onto the union's bars by
 * `positions` (each symbol's bar → union index), in the order they closed: by exit bar, then
 * entry bar, then symbol, as a stable sort of them all would put them. A symbol's trades close
 * in that order already (the move keeps it), so the lists are merged, not sorted (flattening
 * and sorting them took a several-symbol cell ~70 µs of ~600); a list out of that order is
 * sorted first.
 */
export function tradesOnCalendar(bySymbol: ReadonlyArray<readonly TradeFigures[]>, positions: readonly Int32Array[]): TradeFigures[] {
  const lists = bySymbol.map((trades) => (trades.every((trade, index) => index === 0 || byClose(trades[index - 1]!, trade) <= 0) ? trades : [...trades].sort(byClose)));
  const next = new Int32Array(lists.length);
  // Each list's next trade's place in the order, as one number (Infinity once the list is done).
  const heads = new Float64Array(lists.length);
  const headOf = (list: number): number => {
    const trade = lists[list]![next[list]!];
    const at = positions[list]!;
    return trade === undefined ? Number.POSITIVE_INFINITY : at[trade.exitBar]! * CLOSE_ORDER_SCALE + at[trade.entryBar]!;
  };
  for (let list = 0; list < lists.length; list++) heads[list] = headOf(list);
  const merged: TradeFigures[] = [];
  const total = lists.reduce((sum, trades) => sum + trades.length, 0);
  for (let count = 0; count < total; count++) {
    let pick = 0;
    // Strictly less: of equal trades, the earlier symbol's goes first.
    for (let list = 1; list < lists.length; list++) if (heads[list]! < heads[pick]!) pick = list;
    merged.push(onCalendar(lists[pick]![next[pick]!]!, positions[pick]!));
    next[pick] = next[pick]! + 1;
    heads[pick] = headOf(pick);
  }
  return merged;
}

/** Above any union index: exit × this + entry orders trades by exit, then entry, exactly (both < 2^26, the product < 2^53). */
const CLOSE_ORDER_SCALE = 2 ** 26;

function byClose(a: TradeFigures, b: TradeFigures): number {
  return a.exitBar - b.exitBar || a.entryBar - b.entryBar;
}

function onCalendar({ entryBar, exitBar, pnl, returnPct, durationDays, commission }: TradeFigures, at: Int32Array): TradeFigures {
  return { entryBar: at[entryBar]!, exitBar: at[exitBar]!, pnl, returnPct, durationDays, commission };
}

/** The union of several symbols' dates, where each symbol's bars fall in it, and how its statistics annualise. */
interface Calendar {
  dates: string[];
  days: Int32Array;
  /** Per symbol, the index in `dates` of each of its bars. */
  positions: Int32Array[];
  annualisation: Annualisation;
}

/**
 * The last calendar built and the date arrays it was built from: a sweep's cells run on the
 * same bars, so they share one (building it was most of a several-symbol cell's time).
 */
let lastCalendar: { sources: ReadonlyArray<readonly string[]>; calendar: Calendar } | null = null;

function calendarOf(sources: ReadonlyArray<readonly string[]>): Calendar {
  const cached = lastCalendar;
  if (cached !== null && isSameArrays(cached.sources, sources)) return cached.calendar;
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
  lastCalendar = { sources, calendar: { dates, days, positions, annualisation: annualisation(days) } };
  return lastCalendar.calendar;
}

/** The very same arrays, in the same order. */
function isSameArrays(a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
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

/** The benchmark curve on a calendar, and the side of Beta the statistics take from it. */
interface Benchmark {
  buyAndHold: Float64Array;
  market: MarketReturns;
}

/**
 * The benchmarks built on the last calendar, from these closes, by holding: a sweep's cells
 * hold alike whenever they share the warm-up (the slow period, say), and building one was a
 * sixth of a four-symbol cell's time.
 */
let lastBenchmarks: { calendar: Calendar; closes: readonly Float64Array[]; byHolding: LRUCache<string, Benchmark> } | null = null;

/** Distinct warm-ups kept at once: a grid's slow periods, say (a benchmark is two curves as long as the calendar). */
const BENCHMARKS_KEPT = 64;

function benchmarkOf(calendar: Calendar, accounts: readonly Account[], holding: Holding): Benchmark {
  const closes = accounts.map((account) => account.close);
  if (lastBenchmarks === null || lastBenchmarks.calendar !== calendar || !isSameArrays(lastBenchmarks.closes, closes)) {
    lastBenchmarks = { calendar, closes, byHolding: new LRUCache({ max: BENCHMARKS_KEPT }) };
  }
  const key = `${holding.cash}|${holding.warmupBars}`;
  let benchmark = lastBenchmarks.byHolding.get(key);
  if (benchmark === undefined) {
    const buyAndHold = new Float64Array(calendar.dates.length);
    closes.forEach((close, symbol) => {
      addOnCalendar(buyAndHold, buyAndHoldCurve(close, holding.cash, holding.warmupBars), calendar.positions[symbol]!, holding.cash);
    });
    benchmark = { buyAndHold, market: marketReturns(buyAndHold) };
    lastBenchmarks.byHolding.set(key, benchmark);
  }
  return benchmark;
}
