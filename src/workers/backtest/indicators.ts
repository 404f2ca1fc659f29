import type { BarSeries } from '../../main/store/market/bars';

/**
 * Indicators, each computed in one forward pass over its input: the value at bar i comes
 * from a running state and the input up to bar i, never after it (property-tested: the
 * column of a truncated input is the head of the full column). The engine computes a
 * column once per series and shares it between every run on that series; a strategy reads
 * it only at the bar just closed and the one before (see IndicatorView in strategy.ts).
 * Values are NaN until the indicator has enough history (as pandas and TA-Lib leave them).
 */

/** An indicator over a series' columns: `key` names the computation, for caching. */
export interface IndicatorSpec {
  readonly key: string;
  compute(series: BarSeries): Float64Array;
  /** This column and `other`'s, computed together (quicker than one after the other); undefined if the two cannot be. */
  computeWith?(other: IndicatorSpec, series: BarSeries): [Float64Array, Float64Array] | undefined;
}

type PriceField = 'open' | 'high' | 'low' | 'close';

/** Simple moving average of a price over `period` bars (backtesting.py's `SMA` helper). */
export function sma(field: PriceField, period: number): IndicatorSpec {
  return new Sma(field, period);
}

class Sma implements IndicatorSpec {
  readonly key: string;

  constructor(
    private readonly field: PriceField,
    private readonly period: number,
  ) {
    this.key = `sma(${field},${period})`;
  }

  compute(series: BarSeries): Float64Array {
    return smaColumn(series[this.field], this.period);
  }

  computeWith(other: IndicatorSpec, series: BarSeries): [Float64Array, Float64Array] | undefined {
    if (!(other instanceof Sma) || other.field !== this.field) return undefined;
    return smaColumnPair(series[this.field], this.period, other.period);
  }
}

/** Wilder's RSI of the close over `period` bars. */
export function rsi(period: number): IndicatorSpec {
  return { key: `rsi(close,${period})`, compute: (series) => rsiColumn(series.close, period) };
}

/** Highest (or lowest) price of the last `period` bars, this one included. */
export function rollingExtreme(field: PriceField, period: number, kind: 'max' | 'min'): IndicatorSpec {
  return { key: `${kind}(${field},${period})`, compute: (series) => rollingExtremeColumn(series[field], period, kind) };
}

function checkPeriod(period: number, what: string): void {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`${what} must be a positive integer, got ${period}`);
}

/**
 * Rolling mean over the last `period` values with a running sum, computed the way pandas'
 * `Series.rolling(period).mean()` does (backtesting.py's `SMA` helper): Kahan-compensated add
 * and remove, and a window of identical values returns that value exactly. Matching pandas
 * to the last bit matters because a crossover compares two averages.
 */
export function smaColumn(input: Float64Array, period: number): Float64Array {
  checkPeriod(period, 'SMA period');
  const out = new Float64Array(input.length);
  let sum = 0;
  let compensationAdd = 0;
  let compensationRemove = 0;
  /** Values in the window with the sign bit set (pandas' `neg_ct`). */
  let negativeCount = 0;
  let sameInARow = 0;
  let previous = Number.NaN;
  for (let index = 0; index < input.length; index++) {
    if (index >= period) {
      const leaving = input[index - period]!;
      const y = -leaving - compensationRemove;
      const t = sum + y;
      compensationRemove = t - sum - y;
      sum = t;
      if (leaving <= 0 && hasSignBit(leaving)) negativeCount -= 1;
    }
    const value = input[index]!;
    const y = value - compensationAdd;
    const t = sum + y;
    compensationAdd = t - sum - y;
    sum = t;
    if (value <= 0 && hasSignBit(value)) negativeCount += 1;
    sameInARow = value === previous ? sameInARow + 1 : 1;
    previous = value;
    // pandas restarts a one-bar window every step; identical values average to themselves.
    out[index] =
      index < period - 1
        ? Number.NaN
        : period === 1 || sameInARow >= period
          ? value
          : negativeCount === 0 && sum >= 0
            ? sum / period
            : signedMean(sum / period, negativeCount, period);
  }
  return out;
}

/**
 * `smaColumn` of two periods over the same input, in one pass. A rolling sum is a chain of
 * dependent additions that keeps the processor waiting, so two interleaved take little
 * longer than one. Prices are positive, and pandas' sign bookkeeping then never applies:
 * this leaves it out, and leaves any other input to `smaColumn`.
 */
export function smaColumnPair(input: Float64Array, first: number, second: number): [Float64Array, Float64Array] {
  checkPeriod(first, 'SMA period');
  checkPeriod(second, 'SMA period');
  const firstOut = new Float64Array(input.length);
  const secondOut = new Float64Array(input.length);
  let firstSum = 0;
  let firstAdd = 0;
  let firstRemove = 0;
  let secondSum = 0;
  let secondAdd = 0;
  let secondRemove = 0;
  let sameInARow = 0;
  let previous = Number.NaN;
  let isPositive = true;
  for (let index = 0; index < input.length; index++) {
    if (index >= first) {
      const y = -input[index - first]! - firstRemove;
      const t = firstSum + y;
      firstRemove = t - firstSum - y;
      firstSum = t;
    }
    if (index >= second) {
      const y = -input[index - second]! - secondRemove;
      const t = secondSum + y;
      secondRemove = t - secondSum - y;
      secondSum = t;
    }
    const value = input[index]!;
    if (!(value > 0)) isPositive = false;
    let y = value - firstAdd;
    let t = firstSum + y;
    firstAdd = t - firstSum - y;
    firstSum = t;
    y = value - secondAdd;
    t = secondSum + y;
    secondAdd = t - secondSum - y;
    secondSum = t;
    sameInARow = value === previous ? sameInARow + 1 : 1;
    previous = value;
    firstOut[index] = positiveMean(index, first, value, sameInARow, firstSum);
    secondOut[index] = positiveMean(index, second, value, sameInARow, secondSum);
  }
  return isPositive ? [firstOut, secondOut] : [smaColumn(input, first), smaColumn(input, second)];
}

/** `smaColumn`'s mean at `index` when no value in the window has the sign bit: only a mean below 0 is clamped (to 0). */
function positiveMean(index: number, period: number, value: number, sameInARow: number, sum: number): number {
  if (index < period - 1) return Number.NaN;
  if (sameInARow >= period) return value;
  const mean = sum / period;
  return mean < 0 ? 0 : mean;
}

/** C's `signbit`: negative numbers and −0. */
function hasSignBit(value: number): boolean {
  return value < 0 || Object.is(value, -0);
}

/** pandas clamps a mean whose sign contradicts every value in the window to 0. */
function signedMean(mean: number, negativeCount: number, period: number): number {
  if (negativeCount === 0 && mean < 0) return 0;
  if (negativeCount === period && mean > 0) return 0;
  return mean;
}

/**
 * Relative Strength Index with Wilder's smoothing, as TA-Lib's `RSI` (what backtesting.py
 * users usually call): the first average gain and loss are the plain means of the first
 * `period` changes, then `avg = (avg × (period − 1) + change) / period`; RSI =
 * 100 × avgGain / (avgGain + avgLoss). The first value is at index `period`. A window with
 * no change at all reads 50 (TA-Lib says 0, which would call a flat market oversold).
 */
export function rsiColumn(close: Float64Array, period: number): Float64Array {
  checkPeriod(period, 'RSI period');
  const out = new Float64Array(close.length);
  let averageGain = 0;
  let averageLoss = 0;
  for (let index = 0; index < close.length; index++) {
    if (index === 0) {
      out[index] = Number.NaN;
      continue;
    }
    const change = close[index]! - close[index - 1]!;
    if (index <= period) {
      if (change < 0) averageLoss -= change;
      else averageGain += change;
      if (index < period) {
        out[index] = Number.NaN;
        continue;
      }
      averageGain /= period;
      averageLoss /= period;
    } else {
      averageGain *= period - 1;
      averageLoss *= period - 1;
      if (change < 0) averageLoss -= change;
      else averageGain += change;
      averageGain /= period;
      averageLoss /= period;
    }
    const total = averageGain + averageLoss;
    out[index] = total === 0 ? 50 : 100 * (averageGain / total);
  }
  return out;
}

/**
 * Highest (or lowest) of the last `period` values, with a monotonic deque: each value is
 * pushed and dropped once, so a bar costs O(1) amortised whatever the period.
 */
export function rollingExtremeColumn(input: Float64Array, period: number, kind: 'max' | 'min'): Float64Array {
  checkPeriod(period, 'Window');
  const out = new Float64Array(input.length);
  const isMax = kind === 'max';
  // Ring buffer of candidate bars, best first; a bar's value is read from the input.
  const capacity = period + 1;
  const candidates = new Int32Array(capacity);
  let head = 0;
  let size = 0;
  for (let index = 0; index < input.length; index++) {
    const value = input[index]!;
    // Drop candidates the new value dominates: they can never be the extreme again.
    while (size > 0) {
      const candidate = input[candidates[(head + size - 1) % capacity]!]!;
      if (isMax ? candidate > value : candidate < value) break;
      size -= 1;
    }
    candidates[(head + size) % capacity] = index;
    size += 1;
    // Drop the front once it has left the window.
    if (candidates[head]! <= index - period) {
      head = (head + 1) % capacity;
      size -= 1;
    }
    out[index] = index >= period - 1 ? input[candidates[head]!]! : Number.NaN;
  }
  return out;
}

/**
 * backtesting.py's `crossover(a, b)` on the last two values of each series: `a` was
 * strictly below `b` and is now strictly above. NaN never crosses.
 */
export function isCrossover(previousA: number, previousB: number, currentA: number, currentB: number): boolean {
  return previousA < previousB && currentA > currentB;
}
