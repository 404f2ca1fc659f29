import type { BacktestStats, Trade } from '../../shared/backtest';
import { resampleKey, weekday, type ResampleRule } from './dates';
import { isMiddle, logMiddle, logNearOne, twiceAtanh } from './log-ratio';

/**
 * backtesting.py 0.6.x `compute_stats` (backtesting/_stats.py), definition by definition,
 * with risk-free rate 0. Comments name the statistic each step ports; the conventions are
 * written out in docs/backtest-conventions.md. NaN and ±Infinity come out as null.
 *
 * Sums over trades are compensated (Neumaier) and sums over bars are taken 64 terms at a
 * time: both about as accurate as numpy's pairwise sums, so results agree with
 * backtesting.py to ~1e-14 rather than drifting with the number of bars.
 */

export interface StatsInput {
  dates: readonly string[];
  /** Day numbers of `dates` (see dates.ts). */
  days: Int32Array;
  close: Float64Array;
  /** Equity at each bar's close. */
  equity: Float64Array;
  /**
   * A buffer as long as the equity, for a caller that keeps the drawdown curve: the statistics
   * fill it with `drawdownSeries(equity)` as they scan the equity anyway.
   */
  drawdown?: Float64Array;
  /** Closed trades only, as backtesting.py counts them (`Trade`s, or just what the statistics read of them). */
  trades: readonly TradeFigures[];
  /** `marketReturns(close)`, when the caller keeps it across runs on the same bars. */
  market?: MarketReturns;
  /** `annualisation(days)`, when the caller keeps it across runs on the same bars. */
  annualisation?: Annualisation;
  /** Index of the bar the strategy's indicators are first defined on: Buy & Hold starts at its close. */
  warmupBars: number;
}

/** What the statistics read of a closed trade: a `Trade` has it all. */
export type TradeFigures = Pick<Trade, 'entryBar' | 'exitBar' | 'pnl' | 'returnPct' | 'durationDays' | 'commission'>;

/** A running sum with Neumaier's compensation. */
class Sum {
  private total = 0;
  private compensation = 0;

  add(value: number): void {
    const total = this.total + value;
    this.compensation +=
      Math.abs(this.total) >= Math.abs(value) ? this.total - total + value : value - total + this.total;
    this.total = total;
  }

  get value(): number {
    return this.total + this.compensation;
  }
}

/** The compensated sum of the first `count` values. */
export function accurateSum(values: ArrayLike<number>, count = values.length): number {
  const sum = new Sum();
  for (let index = 0; index < count; index++) sum.add(values[index]!);
  return sum.value;
}

function mean(values: ArrayLike<number>, count = values.length): number {
  return count === 0 ? Number.NaN : accurateSum(values, count) / count;
}

/** pandas `var(ddof=1)`, two-pass; NaN with fewer than two values. */
export function sampleVariance(values: readonly number[]): number {
  const count = values.length;
  if (count < 2) return Number.NaN;
  const average = accurateSum(values) / count;
  const squares = new Sum();
  for (let index = 0; index < count; index++) squares.add((values[index]! - average) ** 2);
  return squares.value / (count - 1);
}

/** backtesting.py `geometric_mean`: NaN counts as 0; any return ≤ −100 % makes it 0. */
export function geometricMean(returns: readonly number[]): number {
  const count = returns.length;
  if (count === 0) return Number.NaN;
  const logs = new Sum();
  for (let index = 0; index < count; index++) {
    const value = returns[index]!;
    const growth = (Number.isNaN(value) ? 0 : value) + 1;
    if (growth <= 0) return 0;
    logs.add(Math.log(growth));
  }
  return Math.exp(logs.value / count) - 1;
}

/** 1 − equity / running peak, at each bar (backtesting.py's `dd`), into `drawdown`. */
export function drawdownSeries(equity: Float64Array, drawdown: Float64Array = new Float64Array(equity.length)): Float64Array {
  let peak = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < equity.length; index++) {
    const value = equity[index]!;
    if (value > peak) peak = value;
    drawdown[index] = 1 - value / peak;
  }
  return drawdown;
}

export interface DrawdownPeriods {
  /** Calendar days from the last bar at a peak to the next bar back at one (or to the last bar). */
  durations: number[];
  /** Deepest drawdown within each period (fraction). */
  depths: number[];
}

/**
 * backtesting.py `compute_drawdown_duration_peaks`: a period runs between consecutive
 * zero-drawdown bars (the last bar closes the final one) that have bars between them.
 */
export function drawdownPeriods(drawdown: Float64Array, days: Int32Array): DrawdownPeriods {
  const periods: DrawdownPeriods = { durations: [], depths: [] };
  scanDrawdowns(drawdown, null, days, periods, new Float64Array(2));
  return periods;
}

/**
 * `drawdownPeriods` into `periods`, and the deepest drawdown and highest equity into
 * `extremes` ([deepest, peak]), in one pass.
 */
function scanDrawdowns(
  drawdown: Float64Array,
  equity: Float64Array | null,
  days: Int32Array,
  periods: DrawdownPeriods,
  extremes: Float64Array,
): void {
  const { durations, depths } = periods;
  const last = drawdown.length - 1;
  let previousZero = -1;
  let depth = 0;
  let maximum = 0;
  let peak = Number.NEGATIVE_INFINITY;
  for (let index = 0; index <= last; index++) {
    const value = drawdown[index]!;
    if (value > depth) depth = value;
    if (equity !== null && equity[index]! > peak) peak = equity[index]!;
    if (value === 0 || index === last) {
      if (previousZero !== -1 && index > previousZero + 1) {
        durations.push(days[index]! - days[previousZero]!);
        depths.push(depth);
      }
      // Periods cover every bar, so the deepest of their depths is the deepest drawdown.
      if (depth > maximum) maximum = depth;
      previousZero = index;
      depth = value;
      extremes[0] = maximum;
      extremes[1] = peak;
    }
  }
}

/**
 * `scanDrawdowns(drawdownSeries(equity), equity, …)` from the equity alone, comparing
 * without dividing, for equity whose first value is positive and finite (so the running
 * peak is too). A bar's drawdown 1 − value / peak is 0 exactly when the value reaches the
 * running peak (value < peak gives value / peak < 1); between two such bars the peak stays
 * put, and 1 − value / peak, rounded at each step, falls as value rises: a period's depth is
 * 1 − (lowest value) / peak, the very number the deepest of its bars' drawdowns is. Unlike
 * `scanDrawdowns`, a NaN value makes its period's depth NaN.
 *
 * Periods go into `durations` and `depths` (buffers as long as the equity, reused from run to
 * run: pushing onto arrays cost about as much as the scan itself), [deepest, peak, periods]
 * into `extremes`, and `drawdownSeries(equity)` into `curve` when given.
 */
function scanEquityDrawdowns(
  equity: Float64Array,
  days: Int32Array,
  durations: Int32Array,
  depths: Float64Array,
  extremes: Float64Array,
  curve: Float64Array | null,
): void {
  let previousPeak = -1;
  let peak = Number.NEGATIVE_INFINITY;
  // Lowest value since the last bar at a peak (Math.min: no branch on new lows to mispredict).
  let low = Number.POSITIVE_INFINITY;
  let maximum = 0;
  let count = 0;
  for (let index = 0; index < equity.length; index++) {
    const value = equity[index]!;
    if (value >= peak) {
      // A bar at a peak closes the period since the previous one, if bars came between them.
      if (index > previousPeak + 1) {
        const depth = 1 - low / peak;
        durations[count] = days[index]! - days[previousPeak]!;
        depths[count] = depth;
        count += 1;
        if (depth > maximum) maximum = depth;
      }
      peak = value;
      if (curve !== null) curve[index] = 1 - value / peak;
      previousPeak = index;
      low = Number.POSITIVE_INFINITY;
      extremes[0] = maximum;
      extremes[1] = peak;
      extremes[2] = count;
    } else {
      low = Math.min(low, value);
      if (curve !== null) curve[index] = 1 - value / peak;
      // So does the last bar, below the peak; alone after a peak bar, it makes no period but may be the deepest.
      if (index === equity.length - 1) {
        const depth = 1 - low / peak;
        if (index > previousPeak + 1) {
          durations[count] = days[index]! - days[previousPeak]!;
          depths[count] = depth;
          count += 1;
        }
        if (depth > maximum) maximum = depth;
        extremes[0] = maximum;
        extremes[2] = count;
      }
    }
  }
}

/** backtesting.py `_data_period(index).days`: median spacing of the last 100 bars, whole days. */
export function dataPeriodDays(days: Int32Array): number {
  const tail = days.subarray(Math.max(0, days.length - 100));
  if (tail.length < 2) return Number.NaN;
  const gaps = new Int32Array(tail.length - 1);
  for (let index = 1; index < tail.length; index++) gaps[index - 1] = tail[index]! - tail[index - 1]!;
  gaps.sort();
  const middle = gaps.length >> 1;
  const median = gaps.length % 2 === 1 ? gaps[middle]! : (gaps[middle - 1]! + gaps[middle]!) / 2;
  return Math.floor(median);
}

export interface Annualisation {
  /** Periods per year: 252 (daily, no weekend bars), 365 (daily with weekends), 52, 12 or 1. */
  periodsPerYear: number;
  /** How equity is resampled into the periods whose returns are annualised. */
  rule: ResampleRule;
}

/** How backtesting.py annualises for this index: by bar spacing, then by the share of weekend bars. */
export function annualisation(days: Int32Array): Annualisation {
  const periodDays = dataPeriodDays(days);
  if (periodDays === 7) return { periodsPerYear: 52, rule: 'W' };
  if (periodDays === 31) return { periodsPerYear: 12, rule: 'ME' };
  if (periodDays === 365) return { periodsPerYear: 1, rule: 'YE' };
  const hasWeekends = weekendBarCount(days) / days.length > (2 / 7) * 0.6;
  return { periodsPerYear: hasWeekends ? 365 : 252, rule: 'D' };
}

function weekendBarCount(days: Int32Array): number {
  let count = 0;
  for (let index = 0; index < days.length; index++) if (weekday(days[index]!) >= 5) count += 1;
  return count;
}

/** `equity.resample(rule).last().dropna()`: the last equity of each period that has bars. */
export function resampleLast(equity: Float64Array, days: Int32Array, rule: ResampleRule): Float64Array {
  const lasts = new Float64Array(equity.length);
  let count = 0;
  let key = Number.NaN;
  for (let index = 0; index < equity.length; index++) {
    const bucket = resampleKey(days[index]!, rule);
    if (bucket !== key) count += 1;
    lasts[count - 1] = equity[index]!;
    key = bucket;
  }
  return lasts.subarray(0, count);
}

/** Terms per partial sum: adding 64 at a time keeps a long sum about as accurate as numpy's pairwise one. */
const CHUNK = 64;

/** What Return (Ann.), Volatility (Ann.), Sortino and Beta need from a series of period values. */
interface ReturnsSummary {
  /** backtesting.py `geometric_mean(pct_change())`: the leading NaN counts as a zero return. */
  geometricMean: number;
  /** pandas `pct_change().var(ddof=1)`. */
  variance: number;
  /** `np.mean(pct_change().clip(-inf, 0) ** 2)`, NaN skipped. */
  downsideSquareMean: number;
  /** Slope of log(value) changes on the market's log returns (np.cov ratio), when those are given. */
  beta: number;
}

/**
 * The close's side of Beta, which depends on the bars alone: x = log(close[i] / close[i − 1])
 * for i ≥ 1, shifted by the first as Beta's sums are, and the sums of x and x², CHUNK terms at
 * a time as the equity's are added. Computed once per series (see StatsInput.market).
 */
export interface MarketReturns {
  /** x at i − 1: log(close[i] / close[i − 1]) − log(close[1] / close[0]). */
  shifted: Float64Array;
  sum: number;
  squares: number;
}

export function marketReturns(close: Float64Array): MarketReturns {
  const shifted = new Float64Array(Math.max(0, close.length - 1));
  for (let index = 1; index < close.length; index++) shifted[index - 1] = logOfRatio(close[index]! / close[index - 1]!);
  const first = shifted[0]!;
  for (let index = 0; index < shifted.length; index++) shifted[index] = shifted[index]! - first;
  let sum = 0;
  let squares = 0;
  for (let start = 0; start < shifted.length; start += CHUNK) {
    let chunkSum = 0;
    let chunkSquares = 0;
    for (let index = start; index < Math.min(shifted.length, start + CHUNK); index++) {
      const x = shifted[index]!;
      chunkSum += x;
      chunkSquares += x * x;
    }
    sum += chunkSum;
    squares += chunkSquares;
  }
  return { shifted, sum, squares };
}

/** Math.log(ratio), a ratio of two consecutive values rounded as numpy rounds it. */
function logOfRatio(ratio: number): number {
  const change = ratio - 1;
  return isMiddle(change) ? logMiddle(change) : logNearOne(ratio);
}

/** Slots of the accumulator the sums of `summariseReturns` go into, chunk by chunk. */
const enum Acc {
  Valid,
  HasRuin,
  Logs,
  Sum,
  Squares,
  Downside,
  SumY,
  SumXY,
  /** The first valid change and the first log return: the variance's and Beta's sums are of terms shifted by them. */
  Shift,
  ShiftY,
  Size,
}

/**
 * `values` are equity at the end of each period; `market`, when given, the close's returns
 * over the same periods (`marketReturns`), for Beta. Sums are taken CHUNK periods at a time,
 * each chunk by `sumUsualChunk` or, if it has a period that is not usual, `sumChunk`.
 * Variance and covariance use sums shifted by the first term, exact enough for returns, whose
 * mean is small beside their spread.
 */
function summariseReturns(values: Float64Array, market: MarketReturns | null): ReturnsSummary {
  const count = values.length;
  const acc = accScratch.fill(0);
  for (let start = 1; start < count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK);
    if (market === null || !sumUsualChunk(values, market.shifted, start, end, acc)) sumChunk(values, market === null ? null : market.shifted, start, end, acc);
  }
  const valid = acc[Acc.Valid]!;
  const sum = acc[Acc.Sum]!;
  // Every period pairs with the market's (NaN ones included, as np.cov takes them).
  const pairs = market === null ? 0 : Math.max(0, count - 1);
  const sumX = market === null ? 0 : market.sum;
  const covariance = (acc[Acc.SumXY]! - (sumX * acc[Acc.SumY]!) / pairs) / (pairs - 1);
  const marketVariance = ((market === null ? 0 : market.squares) - (sumX * sumX) / pairs) / (pairs - 1);
  return {
    geometricMean: count === 0 ? Number.NaN : acc[Acc.HasRuin] ? 0 : Math.exp(acc[Acc.Logs]! / count) - 1,
    variance: valid < 2 ? Number.NaN : (acc[Acc.Squares]! - (sum * sum) / valid) / (valid - 1),
    downsideSquareMean: valid === 0 ? Number.NaN : acc[Acc.Downside]! / valid,
    beta: pairs < 2 ? Number.NaN : covariance / marketVariance,
  };
}

const accScratch = new Float64Array(Acc.Size);

/**
 * Periods `start` to `end` (excluded) into `acc`, for any values: for each period, its change
 * (ratio − 1, as pandas' pct_change), Math.log of its ratio (Beta, as numpy's log of the
 * ratio), and numpy's log(1 + change) (the geometric mean: the same number for a ratio in
 * [0.5, 2], where the change is exact); NaN changes left out of the change's sums, ruin noted.
 */
function sumChunk(values: Float64Array, market: Float64Array | null, start: number, end: number, acc: Float64Array): void {
  let valid = acc[Acc.Valid]!;
  let hasRuin = acc[Acc.HasRuin]!;
  let shift = acc[Acc.Shift]!;
  let shiftY = acc[Acc.ShiftY]!;
  let sum = 0;
  let squares = 0;
  let downside = 0;
  let logs = 0;
  let sumY = 0;
  let sumXY = 0;
  for (let index = start; index < end; index++) {
    const ratio = values[index]! / values[index - 1]!;
    const change = ratio - 1;
    const log = logOfRatio(ratio);
    if (change === change) {
      if (valid === 0) shift = change;
      valid += 1;
      const shifted = change - shift;
      sum += shifted;
      squares += shifted * shifted;
      // min(change, 0); 0 for +Infinity too.
      const loss = change < Number.POSITIVE_INFINITY ? (change - Math.abs(change)) * 0.5 : 0;
      downside += loss * loss;
      if (change + 1 <= 0) hasRuin = 1;
      else logs += ratio >= 0.5 && ratio <= 2 ? log : Math.log(change + 1);
    }
    if (market !== null) {
      if (index === 1) shiftY = log;
      const y = log - shiftY;
      sumY += y;
      sumXY += market[index - 1]! * y;
    }
  }
  addChunk(acc, valid, shift, shiftY, sum, squares, downside, logs, sumY, sumXY);
  acc[Acc.HasRuin] = hasRuin;
}

/**
 * `sumChunk` for a chunk whose every change `isMiddle` (no ruin, no NaN, no move beyond ±29 %
 * or under 2^-20 but none: nearly every chunk of a daily equity curve), and quicker: no branch
 * but the count of unusual moves, and the logarithm of u → v from (v − u) / (v + u)
 * (`twiceAtanh`), a division that need not wait for the change's. That is log(v / u), not numpy's log of v / u rounded:
 * they differ by at most half an ulp of v / u, ~1e-14 of the logarithm of a 1 % move (the
 * statistics agree with backtesting.py's to ~1e-14 on GOOG) and ~1e-10 of the smallest usual
 * one's. Adds nothing to `acc` and returns false if some change is not usual.
 */
function sumUsualChunk(values: Float64Array, market: Float64Array, start: number, end: number, acc: Float64Array): boolean {
  const valid = acc[Acc.Valid]!;
  // A usual chunk's first change is valid: it is the first valid one if none came before.
  const shift = valid === 0 ? values[start]! / values[start - 1]! - 1 : acc[Acc.Shift]!;
  const shiftY = start === 1 ? usualLog(values[0]!, values[1]!) : acc[Acc.ShiftY]!;
  let unusual = 0;
  let sum = 0;
  let squares = 0;
  let downside = 0;
  let logs = 0;
  let sumY = 0;
  let sumXY = 0;
  for (let index = start; index < end; index++) {
    const previous = values[index - 1]!;
    const current = values[index]!;
    const change = current / previous - 1;
    const log = usualLog(previous, current);
    if (!isMiddle(change)) unusual += 1;
    const shifted = change - shift;
    sum += shifted;
    squares += shifted * shifted;
    // min(change, 0), without a branch, which ups and downs would keep mispredicting.
    const loss = (change - Math.abs(change)) * 0.5;
    downside += loss * loss;
    logs += log;
    const y = log - shiftY;
    sumY += y;
    sumXY += market[index - 1]! * y;
  }
  if (unusual > 0) return false;
  addChunk(acc, valid + (end - start), shift, shiftY, sum, squares, downside, logs, sumY, sumXY);
  return true;
}

/** log(current / previous) for a usual move: see `sumUsualChunk`. */
function usualLog(previous: number, current: number): number {
  return twiceAtanh((current - previous) / (current + previous));
}

/** A chunk's sums into `acc`, with the count and shifts they leave. */
function addChunk(acc: Float64Array, valid: number, shift: number, shiftY: number, sum: number, squares: number, downside: number, logs: number, sumY: number, sumXY: number): void {
  acc[Acc.Valid] = valid;
  acc[Acc.Shift] = shift;
  acc[Acc.ShiftY] = shiftY;
  acc[Acc.Sum]! += sum;
  acc[Acc.Squares]! += squares;
  acc[Acc.Downside]! += downside;
  acc[Acc.Logs]! += logs;
  acc[Acc.SumY]! += sumY;
  acc[Acc.SumXY]! += sumXY;
}

/** The figures the trade statistics are made of, as backtesting.py computes them (NaN where it gives NaN). */
interface TradeStatistics {
  winRate: number;
  /** Sums of the positive and of the negative returns (Profit Factor). */
  gains: number;
  losses: number;
  /** Mean P&L of the winning and of the losing trades (Kelly). */
  averageWin: number;
  averageLoss: number;
  best: number;
  worst: number;
  /** `geometricMean` of the returns (Avg. Trade). */
  geometricMean: number;
  meanReturn: number;
  /** Mean P&L and its sample variance (SQN). */
  meanPnl: number;
  pnlVariance: number;
  maxDays: number;
  /** Mean duration, whole days rounded up as backtesting.py rounds them. */
  meanDays: number;
  commissions: number;
  /** Bars from some trade's entry bar to its exit bar, both included (Exposure Time's numerator). */
  exposedBars: number;
}

/**
 * Every trade statistic in one pass over the trades (and a second for the P&L variance),
 * each sum taken over the same trades in the same order as `accurateSum`, `mean`,
 * `sampleVariance` and `geometricMean` over backtesting.py's filtered columns.
 */
function tradeStatistics(trades: readonly TradeFigures[]): TradeStatistics {
  const count = trades.length;
  const gains = new Sum();
  const losses = new Sum();
  const wins = new Sum();
  const lossPnl = new Sum();
  const returns = new Sum();
  const pnl = new Sum();
  const logs = new Sum();
  const commissions = new Sum();
  let winCount = 0;
  let lossCount = 0;
  let best = Number.NEGATIVE_INFINITY;
  let worst = Number.POSITIVE_INFINITY;
  let hasRuin = false;
  let maxDays = Number.NEGATIVE_INFINITY;
  let totalDays = 0;
  let isExitOrdered = true;
  for (let index = 0; index < count; index++) {
    const trade = trades[index]!;
    const { returnPct, pnl: tradePnl } = trade;
    if (tradePnl > 0) {
      winCount += 1;
      wins.add(tradePnl);
    } else if (tradePnl < 0) {
      lossCount += 1;
      lossPnl.add(tradePnl);
    }
    if (returnPct > 0) gains.add(returnPct);
    else if (returnPct < 0) losses.add(returnPct);
    returns.add(returnPct);
    pnl.add(tradePnl);
    commissions.add(trade.commission);
    best = Math.max(best, returnPct);
    worst = Math.min(worst, returnPct);
    // geometric_mean: NaN counts as 0; any return ≤ −100 % makes it 0.
    const growth = (Number.isNaN(returnPct) ? 0 : returnPct) + 1;
    if (growth <= 0) hasRuin = true;
    else logs.add(Math.log(growth));
    maxDays = Math.max(maxDays, trade.durationDays);
    totalDays += trade.durationDays;
    if (index > 0 && trade.exitBar < trades[index - 1]!.exitBar) isExitOrdered = false;
  }
  const meanPnl = count === 0 ? Number.NaN : pnl.value / count;
  const squares = new Sum();
  for (let index = 0; index < count; index++) squares.add((trades[index]!.pnl - meanPnl) ** 2);
  return {
    winRate: count === 0 ? Number.NaN : winCount / count,
    gains: gains.value,
    losses: losses.value,
    averageWin: winCount === 0 ? Number.NaN : wins.value / winCount,
    averageLoss: lossCount === 0 ? Number.NaN : lossPnl.value / lossCount,
    best: count === 0 ? Number.NaN : best,
    worst: count === 0 ? Number.NaN : worst,
    geometricMean: count === 0 ? Number.NaN : hasRuin ? 0 : Math.exp(logs.value / count) - 1,
    meanReturn: count === 0 ? Number.NaN : returns.value / count,
    meanPnl,
    pnlVariance: count < 2 ? Number.NaN : squares.value / (count - 1),
    maxDays: count === 0 ? Number.NaN : maxDays,
    meanDays: count === 0 ? Number.NaN : Math.ceil(totalDays / count),
    commissions: commissions.value,
    exposedBars: exposedBarCount(isExitOrdered ? trades : [...trades].sort((a, b) => a.exitBar - b.exitBar)),
  };
}

/**
 * The union of the trades' bar spans, given the trades by exit bar (the order they closed in,
 * a combined account's too): far fewer trades than bars, so merge the spans, from the last to
 * close. The spans seen so far all end at or after the current one's exit, so what they cover
 * up to that exit is one run of bars from the earliest entry among them.
 */
function exposedBarCount(tradesByExit: readonly TradeFigures[]): number {
  let count = 0;
  let coveredFrom = Number.POSITIVE_INFINITY;
  for (let index = tradesByExit.length - 1; index >= 0; index--) {
    const { entryBar, exitBar } = tradesByExit[index]!;
    const to = Math.min(exitBar, coveredFrom - 1);
    if (to >= entryBar) count += to - entryBar + 1;
    if (entryBar < coveredFrom) coveredFrom = entryBar;
  }
  return count;
}

/** Python's `x or nan`: zero becomes NaN. */
function orNaN(value: number): number {
  return value === 0 ? Number.NaN : value;
}

function nullable(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

interface DrawdownStatistics {
  /** Deepest drawdown (fraction). */
  maxDrawdown: number;
  /** Mean depth of the periods, or of backtesting.py's fallback when there are none (Avg. Drawdown). */
  meanDepth: number;
  /** Longest period and mean period, whole days rounded up (NaN without periods). */
  maxDays: number;
  meanDays: number;
  equityPeak: number;
}

/** Buffers for `scanEquityDrawdowns`, reused from run to run. */
let durationScratch = new Int32Array(0);
let depthScratch = new Float64Array(0);
const extremesScratch = new Float64Array(3);

/**
 * Drawdown periods, deepest drawdown and equity peak: from the equity alone when its first
 * value is positive and finite, its peak finite and no period NaN deep (always, for an engine
 * run), else from the drawdown curve. The curve goes into `drawdown` when given.
 */
function drawdownStatistics(equity: Float64Array, days: Int32Array, drawdown: Float64Array | undefined): DrawdownStatistics {
  const extremes = extremesScratch.fill(0);
  const first = equity[0]!;
  if (first > 0 && first < Number.POSITIVE_INFINITY) {
    if (durationScratch.length < equity.length) {
      durationScratch = new Int32Array(equity.length);
      depthScratch = new Float64Array(equity.length);
    }
    scanEquityDrawdowns(equity, days, durationScratch, depthScratch, extremes, drawdown ?? null);
    const count = extremes[2]!;
    const statistics = periodFigures(durationScratch, depthScratch, count, extremes);
    if (count === 0) {
      // No periods: every bar but the last is at a peak, so the last is the only one that can be in drawdown.
      const lastDrawdown = 1 - equity[equity.length - 1]! / statistics.equityPeak;
      statistics.meanDepth = lastDrawdown !== 0 ? lastDrawdown : Number.NaN;
    }
    // The mean depth is NaN only if some depth is (an infinite one makes a NaN sum too, as it does for the curve's).
    if (statistics.equityPeak < Number.POSITIVE_INFINITY && (count === 0 || !Number.isNaN(statistics.meanDepth))) return statistics;
  }
  const curve = drawdownSeries(equity, drawdown);
  const periods: DrawdownPeriods = { durations: [], depths: [] };
  scanDrawdowns(curve, equity, days, periods, extremes);
  const statistics = periodFigures(periods.durations, periods.depths, periods.depths.length, extremes);
  if (periods.depths.length === 0) {
    // backtesting.py then falls back to every nonzero drawdown (its durations make no sense then: we give none).
    statistics.meanDepth = mean(Array.from(curve).filter((value) => value !== 0 && !Number.isNaN(value)));
  }
  return statistics;
}

/**
 * The statistics of the first `count` periods, given [deepest, peak] in `extremes`: longest
 * and mean duration (whole days, rounded up as backtesting.py rounds them), mean depth.
 */
function periodFigures(durations: ArrayLike<number>, depths: ArrayLike<number>, count: number, extremes: Float64Array): DrawdownStatistics {
  let maxDays = Number.NEGATIVE_INFINITY;
  let totalDays = 0;
  for (let index = 0; index < count; index++) {
    maxDays = Math.max(maxDays, durations[index]!);
    totalDays += durations[index]!;
  }
  return {
    maxDrawdown: extremes[0]!,
    meanDepth: mean(depths, count),
    maxDays: count === 0 ? Number.NaN : maxDays,
    meanDays: count === 0 ? Number.NaN : Math.ceil(totalDays / count),
    equityPeak: extremes[1]!,
  };
}

export function computeStats(input: StatsInput): BacktestStats {
  const { dates, days, close, equity, trades, warmupBars } = input;
  const barCount = equity.length;
  const last = barCount - 1;

  // Max. Drawdown, Avg. Drawdown and their durations.
  const { maxDrawdown, meanDepth, maxDays, meanDays, equityPeak } = drawdownStatistics(equity, days, input.drawdown);

  const equityFinal = equity[last]!;
  const returnPct = ((equityFinal - equity[0]!) / equity[0]!) * 100;
  // Buy & Hold Return [%]: long-only, from the close of the warm-up bar.
  const buyAndHoldReturnPct = ((close[last]! - close[warmupBars]!) / close[warmupBars]!) * 100;
  const durationDays = days[last]! - days[0]!;

  // Return (Ann.), Volatility (Ann.): compounded from the geometric mean period return.
  const { periodsPerYear, rule } = input.annualisation ?? annualisation(days);
  const isDaily = rule === 'D';
  const market = input.market ?? marketReturns(close);
  const summary = summariseReturns(isDaily ? equity : resampleLast(equity, days, rule), isDaily ? market : null);
  const gmean = summary.geometricMean;
  const annualReturn = (1 + gmean) ** periodsPerYear - 1;
  const volatility = Math.sqrt((summary.variance + (1 + gmean) ** 2) ** periodsPerYear - (1 + gmean) ** (2 * periodsPerYear));
  // CAGR [%]: calendar days divided by periods per year, as backtesting.py divides them.
  const years = durationDays / periodsPerYear;
  const cagrPct = years ? ((equityFinal / equity[0]!) ** (1 / years) - 1) * 100 : Number.NaN;
  // Sharpe: annual return over annual volatility. Sortino: over annualised downside deviation. Calmar: over max drawdown.
  const sharpeRatio = (annualReturn * 100) / orNaN(volatility * 100);
  const sortinoRatio = annualReturn / (Math.sqrt(summary.downsideSquareMean) * Math.sqrt(periodsPerYear));
  const calmarRatio = annualReturn / orNaN(maxDrawdown);
  // Beta: slope of the equity's log returns on the close's, bar by bar. Alpha: Jensen's, in return points.
  const beta = isDaily ? summary.beta : summariseReturns(equity, market).beta;
  const alphaPct = returnPct - beta * buyAndHoldReturnPct;

  // Trade statistics, on backtesting.py 0.6.5's net-of-commission P&L and returns.
  const tradeCount = trades.length;
  const tradeStats = tradeStatistics(trades);
  const winRate = tradeStats.winRate;

  return {
    start: dates[0]!,
    end: dates[last]!,
    durationDays,
    // Exposure Time [%]: in bars, not calendar time.
    exposureTimePct: (tradeStats.exposedBars / barCount) * 100,
    equityFinal,
    equityPeak,
    commissions: tradeStats.commissions,
    returnPct,
    buyAndHoldReturnPct,
    returnAnnPct: nullable(annualReturn * 100),
    volatilityAnnPct: nullable(volatility * 100),
    cagrPct: nullable(cagrPct),
    sharpeRatio: nullable(sharpeRatio),
    sortinoRatio: nullable(sortinoRatio),
    calmarRatio: nullable(calmarRatio),
    alphaPct: nullable(alphaPct),
    beta: nullable(beta),
    maxDrawdownPct: maxDrawdown === 0 ? 0 : -maxDrawdown * 100,
    avgDrawdownPct: nullable(-meanDepth * 100),
    maxDrawdownDurationDays: nullable(maxDays),
    avgDrawdownDurationDays: nullable(meanDays),
    tradeCount,
    winRatePct: nullable(winRate * 100),
    bestTradePct: nullable(tradeStats.best * 100),
    worstTradePct: nullable(tradeStats.worst * 100),
    avgTradePct: nullable(tradeStats.geometricMean * 100),
    maxTradeDurationDays: nullable(tradeStats.maxDays),
    avgTradeDurationDays: nullable(tradeStats.meanDays),
    profitFactor: nullable(tradeStats.gains / orNaN(Math.abs(tradeStats.losses))),
    expectancyPct: nullable(tradeStats.meanReturn * 100),
    sqn: nullable((Math.sqrt(tradeCount) * tradeStats.meanPnl) / orNaN(Math.sqrt(tradeStats.pnlVariance))),
    kellyCriterion: nullable(winRate - (1 - winRate) / (tradeStats.averageWin / -tradeStats.averageLoss)),
  };
}
