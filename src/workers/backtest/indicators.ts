/**
 * Incremental indicators: each takes one value per bar through `push` and holds only what
 * it needs of the past, so a strategy built on them cannot see a bar before it happens.
 * `value` is NaN until the indicator has enough history (as pandas and TA-Lib leave it).
 */

/**
 * Simple moving average over the last `period` values with a running sum, computed the
 * way pandas' `Series.rolling(period).mean()` does (backtesting.py's `SMA` helper): Kahan-
 * compensated add and remove, and a window of identical values returns that value exactly.
 * Matching pandas to the last bit matters because a crossover compares two averages.
 */
export class RunningSma {
  value = Number.NaN;
  private readonly window: Float64Array;
  private readonly period: number;
  private next = 0;
  private count = 0;
  private sum = 0;
  private compensationAdd = 0;
  private compensationRemove = 0;
  /** Values in the window with the sign bit set (pandas' `neg_ct`). */
  private negativeCount = 0;
  private sameInARow = 0;
  private previous = Number.NaN;

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`SMA period must be a positive integer, got ${period}`);
    this.period = period;
    this.window = new Float64Array(period);
  }

  push(input: number): number {
    const period = this.period;
    let sum = this.sum;
    let next = this.next;
    if (this.count === period) {
      const leaving = this.window[next]!;
      const y = -leaving - this.compensationRemove;
      const t = sum + y;
      this.compensationRemove = t - sum - y;
      sum = t;
      if (leaving <= 0) this.countSign(leaving, -1);
    } else {
      this.count += 1;
    }
    this.window[next] = input;
    next += 1;
    this.next = next === period ? 0 : next;
    const y = input - this.compensationAdd;
    const t = sum + y;
    this.compensationAdd = t - sum - y;
    this.sum = t;
    if (input <= 0) this.countSign(input, 1);
    this.sameInARow = input === this.previous ? this.sameInARow + 1 : 1;
    this.previous = input;
    if (this.count < period) return this.value;
    // pandas restarts a one-bar window every step; identical values average to themselves.
    this.value = period === 1 || this.sameInARow >= period ? input : this.negativeCount === 0 && t >= 0 ? t / period : this.signedMean();
    return this.value;
  }

  /** C's `signbit`, counted: negative numbers and −0. */
  private countSign(value: number, change: number): void {
    if (value < 0 || Object.is(value, -0)) this.negativeCount += change;
  }

  /** pandas clamps a mean whose sign contradicts every value in the window to 0. */
  private signedMean(): number {
    const mean = this.sum / this.period;
    if (this.negativeCount === 0 && mean < 0) return 0;
    if (this.negativeCount === this.period && mean > 0) return 0;
    return mean;
  }
}

/**
 * Relative Strength Index with Wilder's smoothing, as TA-Lib's `RSI` (what backtesting.py
 * users usually call): the first average gain and loss are the plain means of the first
 * `period` changes, then `avg = (avg × (period − 1) + change) / period`; RSI =
 * 100 × avgGain / (avgGain + avgLoss). The first value is at the `period`-th bar after the
 * first (index `period`). A window with no change at all reads 50 (TA-Lib says 0, which
 * would call a flat market oversold).
 */
export class WilderRsi {
  value = Number.NaN;
  private readonly period: number;
  private changes = 0;
  private previousClose = Number.NaN;
  private averageGain = 0;
  private averageLoss = 0;

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`RSI period must be a positive integer, got ${period}`);
    this.period = period;
  }

  push(close: number): number {
    const previous = this.previousClose;
    this.previousClose = close;
    if (Number.isNaN(previous)) return this.value;
    const change = close - previous;
    const period = this.period;
    this.changes += 1;
    if (this.changes <= period) {
      if (change < 0) this.averageLoss -= change;
      else this.averageGain += change;
      if (this.changes < period) return this.value;
      this.averageGain /= period;
      this.averageLoss /= period;
    } else {
      this.averageGain *= period - 1;
      this.averageLoss *= period - 1;
      if (change < 0) this.averageLoss -= change;
      else this.averageGain += change;
      this.averageGain /= period;
      this.averageLoss /= period;
    }
    const total = this.averageGain + this.averageLoss;
    this.value = total === 0 ? 50 : 100 * (this.averageGain / total);
    return this.value;
  }
}

/**
 * Highest (or lowest) of the last `period` values, with a monotonic deque: each value is
 * pushed and dropped once, so a bar costs O(1) amortised whatever the period.
 */
export class RollingExtreme {
  value = Number.NaN;
  private readonly period: number;
  private readonly isMax: boolean;
  /** Ring buffer of (bar, value) candidates, best first. */
  private readonly bars: Float64Array;
  private readonly values: Float64Array;
  private head = 0;
  private size = 0;
  private pushed = 0;

  constructor(period: number, kind: 'max' | 'min') {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`Window must be a positive integer, got ${period}`);
    this.period = period;
    this.isMax = kind === 'max';
    this.bars = new Float64Array(period + 1);
    this.values = new Float64Array(period + 1);
  }

  push(input: number): number {
    const capacity = this.period + 1;
    const bar = this.pushed;
    this.pushed += 1;
    // Drop candidates the new value dominates: they can never be the extreme again.
    while (this.size > 0) {
      const tail = (this.head + this.size - 1) % capacity;
      const candidate = this.values[tail]!;
      if (this.isMax ? candidate > input : candidate < input) break;
      this.size -= 1;
    }
    const slot = (this.head + this.size) % capacity;
    this.bars[slot] = bar;
    this.values[slot] = input;
    this.size += 1;
    // Drop the front once it has left the window.
    if (this.bars[this.head]! <= bar - this.period) {
      this.head = (this.head + 1) % capacity;
      this.size -= 1;
    }
    this.value = this.pushed >= this.period ? this.values[this.head]! : Number.NaN;
    return this.value;
  }
}

/**
 * backtesting.py's `crossover(a, b)` on the last two values of each series: `a` was
 * strictly below `b` and is now strictly above. NaN never crosses.
 */
export function isCrossover(previousA: number, previousB: number, currentA: number, currentB: number): boolean {
  return previousA < previousB && currentA > currentB;
}
