import type { BacktestStats, Trade } from '../../shared/backtest';
import { resampleKey, weekday, type ResampleRule } from './dates';

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
  /** `drawdownSeries(equity)`, when the caller has it already. */
  drawdown?: Float64Array;
  /** Closed trades only, as backtesting.py counts them. */
  trades: readonly Trade[];
  /** `closeLogReturns(close)`, when the caller keeps it across runs on the same bars. */
  closeLogReturns?: Float64Array;
  /** `annualisation(days)`, when the caller keeps it across runs on the same bars. */
  annualisation?: Annualisation;
  /** Index of the bar the strategy's indicators are first defined on: Buy & Hold starts at its close. */
  warmupBars: number;
}

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

export function accurateSum(values: readonly number[]): number {
  const sum = new Sum();
  for (let index = 0; index < values.length; index++) sum.add(values[index]!);
  return sum.value;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : accurateSum(values) / values.length;
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

/** 1 − equity / running peak, at each bar (backtesting.py's `dd`). */
export function drawdownSeries(equity: Float64Array): Float64Array {
  const drawdown = new Float64Array(equity.length);
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

/** Bars from some closed trade's entry bar to its exit bar, both included (Exposure Time's numerator). */
function exposedBarCount(trades: readonly Trade[]): number {
  // The union of the trades' bar spans: far fewer trades than bars, so sort the spans and merge them.
  const spans = trades.map((trade) => [trade.entryBar, trade.exitBar] as const).sort((a, b) => a[0] - b[0]);
  let count = 0;
  let coveredUpTo = -1;
  for (const [entryBar, exitBar] of spans) {
    const from = Math.max(entryBar, coveredUpTo + 1);
    if (exitBar >= from) count += exitBar - from + 1;
    if (exitBar > coveredUpTo) coveredUpTo = exitBar;
  }
  return count;
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

/**
 * What Return (Ann.), Volatility (Ann.), Sortino and Beta need from a series of period
 * values, in one pass with one logarithm per period.
 */
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

/** log(close[i] / close[i − 1]) for i ≥ 1: the market's side of Beta. */
export function closeLogReturns(close: Float64Array): Float64Array {
  const returns = new Float64Array(Math.max(0, close.length - 1));
  for (let index = 1; index < close.length; index++) returns[index - 1] = Math.log(close[index]! / close[index - 1]!);
  return returns;
}

/** Slots of the accumulator `accumulateReturns` fills. */
const enum Acc {
  Valid,
  HasRuin,
  Logs,
  Sum,
  Squares,
  Downside,
  Pairs,
  SumX,
  SumY,
  SumXY,
  SumXX,
  Size,
}

/**
 * `values` are equity at the end of each period; `marketLogReturns`, when given, the close's
 * log returns over the same periods (`closeLogReturns`), for Beta. log(q), q = value[i] /
 * value[i − 1], serves both the geometric mean (numpy takes log(1 + (q − 1)): the same number
 * for q in [0.5, 2], where q − 1 is exact) and Beta (numpy takes log(q)). Variance and
 * covariance use sums shifted by the first term, exact enough for returns, whose mean is
 * small beside their spread.
 */
function summariseReturns(values: Float64Array, marketLogReturns: Float64Array | null): ReturnsSummary {
  const count = values.length;
  const acc = new Float64Array(Acc.Size);
  if (count > 1) {
    const logRatios = logRatioBuffer(count);
    writeLogRatios(values, logRatios);
    accumulateReturns(values, logRatios, marketLogReturns, acc);
  }
  const valid = acc[Acc.Valid]!;
  const sum = acc[Acc.Sum]!;
  const pairs = acc[Acc.Pairs]!;
  const sumX = acc[Acc.SumX]!;
  const covariance = (acc[Acc.SumXY]! - (sumX * acc[Acc.SumY]!) / pairs) / (pairs - 1);
  const marketVariance = (acc[Acc.SumXX]! - (sumX * sumX) / pairs) / (pairs - 1);
  return {
    geometricMean: count === 0 ? Number.NaN : acc[Acc.HasRuin] ? 0 : Math.exp(acc[Acc.Logs]! / count) - 1,
    variance: valid < 2 ? Number.NaN : (acc[Acc.Squares]! - (sum * sum) / valid) / (valid - 1),
    downsideSquareMean: valid === 0 ? Number.NaN : acc[Acc.Downside]! / valid,
    beta: pairs < 2 ? Number.NaN : covariance / marketVariance,
  };
}

let logRatioScratch = new Float64Array(0);

/** A buffer for `writeLogRatios`, reused from run to run: a run allocates no per-bar buffer but those it returns. */
function logRatioBuffer(length: number): Float64Array {
  if (logRatioScratch.length < length) logRatioScratch = new Float64Array(length);
  return logRatioScratch;
}

/*
 * The loops below read nothing before the loop (not even a length): a function's first call
 * gets its feedback mid-loop, and V8, optimizing it on that feedback, would find none for
 * reads before the loop, drop the code on the next call and keep a slower on-the-fly
 * (OSR) compilation of the loop for good. Nor does any code follow the loop: code after a
 * loop has never run when V8 compiles the loop on the fly, and would throw the compiled code away.
 */

/**
 * log(values[i] / values[i − 1]) into `logs[i]` for i ≥ 1, 0 where the value did not move. A
 * pass of its own: Math.log is a C call, across which every live number would be saved and
 * restored were the sums taken in the same loop.
 */
function writeLogRatios(values: Float64Array, logs: Float64Array): void {
  for (let index = 1; index < values.length; index++) {
    const ratio = values[index]! / values[index - 1]!;
    logs[index] = ratio === 1 ? 0 : Math.log(ratio);
  }
}

/**
 * The one pass over the periods, given their `writeLogRatios`. Sums are flushed into `acc`
 * inside the loop (every CHUNK terms and at the last).
 */
function accumulateReturns(
  values: Float64Array,
  logRatios: Float64Array,
  marketLogReturns: Float64Array | null,
  acc: Float64Array,
): void {
  let valid = 0;
  let hasRuin = 0;
  let shift = 0;
  let logs = 0;
  let sum = 0;
  let squares = 0;
  let downside = 0;
  let pairs = 0;
  let shiftX = 0;
  let shiftY = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXY = 0;
  let sumXX = 0;
  for (let index = 1; index < values.length; index++) {
    const ratio = values[index]! / values[index - 1]!;
    const logRatio = logRatios[index]!;
    const change = ratio - 1;
    if (change === change) {
      if (valid === 0) shift = change;
      valid += 1;
      const shifted = change - shift;
      sum += shifted;
      squares += shifted * shifted;
      // min(change, 0) without a branch, which ups and downs would keep mispredicting; 0 for +Infinity too.
      const loss = change < Number.POSITIVE_INFINITY ? (change - Math.abs(change)) * 0.5 : 0;
      downside += loss * loss;
      if (change + 1 <= 0) hasRuin = 1;
      else logs += ratio >= 0.5 && ratio <= 2 ? logRatio : Math.log(change + 1);
    }
    if (marketLogReturns !== null) {
      const marketLog = marketLogReturns[index - 1]!;
      if (pairs === 0) {
        shiftX = marketLog;
        shiftY = logRatio;
      }
      pairs += 1;
      const x = marketLog - shiftX;
      const y = logRatio - shiftY;
      sumX += x;
      sumY += y;
      sumXY += x * y;
      sumXX += x * x;
    }
    if (index % CHUNK === 0 || index === values.length - 1) {
      acc[Acc.Valid] = valid;
      acc[Acc.HasRuin] = hasRuin;
      acc[Acc.Logs]! += logs;
      acc[Acc.Sum]! += sum;
      acc[Acc.Squares]! += squares;
      acc[Acc.Downside]! += downside;
      acc[Acc.Pairs] = pairs;
      acc[Acc.SumX]! += sumX;
      acc[Acc.SumY]! += sumY;
      acc[Acc.SumXY]! += sumXY;
      acc[Acc.SumXX]! += sumXX;
      logs = sum = squares = downside = 0;
      sumX = sumY = sumXY = sumXX = 0;
    }
  }
}

function maxOf(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < values.length; index++) max = Math.max(max, values[index]!);
  return values.length === 0 ? Number.NaN : max;
}

function minOf(values: readonly number[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (let index = 0; index < values.length; index++) min = Math.min(min, values[index]!);
  return values.length === 0 ? Number.NaN : min;
}

/** Whole calendar days, rounded up as backtesting.py rounds a mean duration to the data's resolution. */
function ceilMeanDays(durations: readonly number[]): number {
  if (durations.length === 0) return Number.NaN;
  let total = 0;
  for (const duration of durations) total += duration;
  return Math.ceil(total / durations.length);
}

/** Python's `x or nan`: zero becomes NaN. */
function orNaN(value: number): number {
  return value === 0 ? Number.NaN : value;
}

function nullable(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function computeStats(input: StatsInput): BacktestStats {
  const { dates, days, close, equity, trades, warmupBars } = input;
  const barCount = equity.length;
  const last = barCount - 1;
  const drawdown = input.drawdown ?? drawdownSeries(equity);

  // Max. Drawdown, Avg. Drawdown and their durations.
  const periods: DrawdownPeriods = { durations: [], depths: [] };
  const extremes = new Float64Array(2);
  scanDrawdowns(drawdown, equity, days, periods, extremes);
  const maxDrawdown = extremes[0]!;
  let depths = periods.depths;
  if (depths.length === 0) {
    // backtesting.py then falls back to every nonzero drawdown (its durations make no sense then: we give none).
    depths = Array.from(drawdown).filter((value) => value !== 0 && !Number.isNaN(value));
  }

  const equityFinal = equity[last]!;
  const returnPct = ((equityFinal - equity[0]!) / equity[0]!) * 100;
  // Buy & Hold Return [%]: long-only, from the close of the warm-up bar.
  const buyAndHoldReturnPct = ((close[last]! - close[warmupBars]!) / close[warmupBars]!) * 100;
  const durationDays = days[last]! - days[0]!;

  // Return (Ann.), Volatility (Ann.): compounded from the geometric mean period return.
  const { periodsPerYear, rule } = input.annualisation ?? annualisation(days);
  const isDaily = rule === 'D';
  const marketLogReturns = input.closeLogReturns ?? closeLogReturns(close);
  const summary = summariseReturns(isDaily ? equity : resampleLast(equity, days, rule), isDaily ? marketLogReturns : null);
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
  const beta = isDaily ? summary.beta : summariseReturns(equity, marketLogReturns).beta;
  const alphaPct = returnPct - beta * buyAndHoldReturnPct;

  // Trade statistics, on backtesting.py 0.6.5's net-of-commission P&L and returns.
  const tradeCount = trades.length;
  const pnl = trades.map((trade) => trade.pnl);
  const tradeReturns = trades.map((trade) => trade.returnPct);
  const tradeDays = trades.map((trade) => trade.durationDays);
  const winRate = tradeCount === 0 ? Number.NaN : pnl.filter((value) => value > 0).length / tradeCount;
  const gains = accurateSum(tradeReturns.filter((value) => value > 0));
  const losses = accurateSum(tradeReturns.filter((value) => value < 0));
  const averageWin = mean(pnl.filter((value) => value > 0));
  const averageLoss = mean(pnl.filter((value) => value < 0));

  return {
    start: dates[0]!,
    end: dates[last]!,
    durationDays,
    // Exposure Time [%]: in bars, not calendar time.
    exposureTimePct: (exposedBarCount(trades) / barCount) * 100,
    equityFinal,
    equityPeak: extremes[1]!,
    commissions: accurateSum(trades.map((trade) => trade.commission)),
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
    avgDrawdownPct: nullable(-mean(depths) * 100),
    maxDrawdownDurationDays: nullable(maxOf(periods.durations)),
    avgDrawdownDurationDays: nullable(ceilMeanDays(periods.durations)),
    tradeCount,
    winRatePct: nullable(winRate * 100),
    bestTradePct: nullable(maxOf(tradeReturns) * 100),
    worstTradePct: nullable(minOf(tradeReturns) * 100),
    avgTradePct: nullable(geometricMean(tradeReturns) * 100),
    maxTradeDurationDays: nullable(maxOf(tradeDays)),
    avgTradeDurationDays: nullable(ceilMeanDays(tradeDays)),
    profitFactor: nullable(gains / orNaN(Math.abs(losses))),
    expectancyPct: nullable(mean(tradeReturns) * 100),
    sqn: nullable((Math.sqrt(tradeCount) * mean(pnl)) / orNaN(Math.sqrt(sampleVariance(pnl)))),
    kellyCriterion: nullable(winRate - (1 - winRate) / (averageWin / -averageLoss)),
  };
}
