import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCrossover, rollingExtremeColumn, rsiColumn, smaColumn, smaColumnPair } from './indicators';

const sma = (period: number, values: readonly number[]): number[] => Array.from(smaColumn(Float64Array.from(values), period));
const rsi = (period: number, values: readonly number[]): number[] => Array.from(rsiColumn(Float64Array.from(values), period));
const extreme = (period: number, kind: 'max' | 'min', values: readonly number[]): number[] =>
  Array.from(rollingExtremeColumn(Float64Array.from(values), period, kind));

describe('smaColumn (pandas rolling(n).mean())', () => {
  it('is NaN until the window is full, then the mean of the last n values', () => {
    expect(sma(3, [1, 2, 3, 4, 5, 10])).toEqual([NaN, NaN, 2, 3, 4, 19 / 3]);
  });

  it('averages a window of equal values to that value exactly, as pandas does', () => {
    // A plain running sum gives 0.30000000000000004 / 3 = 0.10000000000000002 here.
    const values = sma(3, [0.5, 0.1, 0.1, 0.1, 0.1]);
    expect(values.slice(3)).toEqual([0.1, 0.1]);
  });

  it('is the value itself for a one-bar window', () => {
    expect(sma(1, [3, 0.1, 7.25])).toEqual([3, 0.1, 7.25]);
  });

  it('keeps its running sum exact where a plain one loses digits for good (Kahan)', () => {
    // A plain sum drops the 1 added to 1e16 and stays 1 short ever after: means of 1 instead of 1.5.
    const values = [1e16, ...Array.from({ length: 1000 }, (_, index) => (index % 2 === 0 ? 1 : 2))];
    expect(sma(2, values).at(-1)).toBe(1.5);
  });

  it('matches the mean of the window on random series', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.double({ min: 0.01, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (period, values) => {
          sma(period, values).forEach((value, index) => {
            if (index + 1 < period) return expect(value).toBeNaN();
            const window = values.slice(index + 1 - period, index + 1);
            const mean = window.reduce((sum, item) => sum + item, 0) / period;
            expect(Math.abs(value - mean)).toBeLessThanOrEqual(1e-12 * Math.max(...window));
          });
        },
      ),
    );
  });

  it('sets a mean whose sign contradicts every value in the window to 0, as pandas does', () => {
    // Negative inputs only appear outside prices, but the rule is pandas'.
    expect(sma(2, [-1, -3, -5])).toEqual([NaN, -2, -4]);
  });
});

describe('smaColumnPair', () => {
  /** Bit for bit what smaColumn gives each period (toEqual tells −0 from 0). */
  const expectSmaColumns = (values: readonly number[], first: number, second: number): void => {
    const input = Float64Array.from(values);
    expect(smaColumnPair(input, first, second)).toEqual([smaColumn(input, first), smaColumn(input, second)]);
  };

  it('gives each period the very column smaColumn gives it, on positive values', () => {
    // Runs of equal values (a full window of one averages to it exactly), and magnitudes 40
    // decades apart (a running sum can cancel below 0, and pandas clamps that mean to 0).
    const value = fc.oneof(
      fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
      fc.double({ min: -20, max: 20, noNaN: true }).map((exponent) => 10 ** exponent),
      fc.constant(0.1),
    );
    const values = fc
      .array(fc.tuple(value, fc.integer({ min: 1, max: 6 })), { minLength: 1, maxLength: 60 })
      .map((runs) => runs.flatMap(([repeated, count]) => Array<number>(count).fill(repeated)));
    fc.assert(fc.property(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 25 }), values, (first, second, series) => expectSmaColumns(series, first, second)));
  });

  it('clamps a mean below 0 to 0 as smaColumn does, where the running sum of positive values cancels below it', () => {
    const values = [
      0.00003105885318702383, 3.201765106125676e-14, 184934.90318670386, 327607899.5586445, 37572431167.55379, 4580424711.621442, 4605637103824040000,
      3653400247.5802364, 12764.136017859622, 13601726016.154066, 3.2464959510326705e-17, 1.8233073951069338e-12, 9.31140608881107e-9, 10.90022621817461,
    ];
    const clamped = smaColumn(Float64Array.from(values), 2).indexOf(0);
    expect(clamped).toBeGreaterThan(0);
    expect(smaColumnPair(Float64Array.from(values), 2, 3)[0][clamped]).toBe(0);
    expectSmaColumns(values, 2, 3);
  });

  it('gives smaColumn\'s columns for values that are not positive, too', () => {
    expectSmaColumns([-1, -3, -5, 0, -0, 2], 2, 3);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 60 }), (period, values) =>
        expectSmaColumns(values, period, period + 1),
      ),
    );
  });

  it('refuses a period that is not a positive integer', () => {
    expect(() => smaColumnPair(Float64Array.from([1, 2]), 2, 0)).toThrow('SMA period must be a positive integer, got 0');
  });
});

describe('rsiColumn (TA-Lib RSI)', () => {
  it('seeds with plain means of the first period changes, then smooths by Wilder', () => {
    // Changes: +1, −1, +2 | +1 | −1.
    const values = rsi(3, [44, 45, 44, 46, 47, 46]);
    expect(values.slice(0, 3)).toEqual([NaN, NaN, NaN]);
    // avgGain = 3/3 = 1, avgLoss = 1/3 → 100 × 1 / (4/3) = 75.
    expect(values[3]).toBeCloseTo(75, 12);
    // avgGain = (1×2 + 1)/3 = 1, avgLoss = (1/3×2)/3 = 2/9 → 100 × 9/11.
    expect(values[4]).toBeCloseTo(900 / 11, 12);
    // avgGain = (1×2)/3 = 2/3, avgLoss = (2/9×2 + 1)/3 = 13/27 → 100 × 18/31.
    expect(values[5]).toBeCloseTo(1800 / 31, 12);
  });

  it('reads 100 when prices only rise, 0 when they only fall, 50 when they do not move', () => {
    expect(rsi(2, [1, 2, 3, 4]).slice(2)).toEqual([100, 100]);
    expect(rsi(2, [4, 3, 2, 1]).slice(2)).toEqual([0, 0]);
    expect(rsi(2, [5, 5, 5, 5]).slice(2)).toEqual([50, 50]);
  });

  it('stays within 0 and 100 on random series', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 20, maxLength: 100 }), (closes) => {
        const values = rsi(14, closes).slice(14);
        expect(values.every((value) => value >= 0 && value <= 100)).toBe(true);
      }),
    );
  });
});

describe('rollingExtremeColumn (monotonic deque)', () => {
  it('gives the highest and lowest of the last n values', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6];
    expect(extreme(3, 'max', values)).toEqual([NaN, NaN, 4, 4, 5, 9, 9, 9]);
    expect(extreme(3, 'min', values)).toEqual([NaN, NaN, 1, 1, 1, 1, 2, 2]);
  });

  it('matches a brute-force window on random series, ties included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 15 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 150 }),
        fc.constantFrom<'max' | 'min'>('max', 'min'),
        (period, values, kind) => {
          extreme(period, kind, values).forEach((value, index) => {
            if (index + 1 < period) return expect(value).toBeNaN();
            const window = values.slice(index + 1 - period, index + 1);
            expect(value).toBe(kind === 'max' ? Math.max(...window) : Math.min(...window));
          });
        },
      ),
    );
  });
});

describe('every indicator sees only the past', () => {
  it('gives a truncated input the head of the full column', () => {
    const columns = [
      (values: Float64Array, period: number) => smaColumn(values, period),
      (values: Float64Array, period: number) => rsiColumn(values, period),
      (values: Float64Array, period: number) => rollingExtremeColumn(values, period, 'max'),
      (values: Float64Array, period: number) => rollingExtremeColumn(values, period, 'min'),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...columns),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.double({ min: 0.01, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 120 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (column, period, values, cut) => {
          const input = Float64Array.from(values);
          const kept = Math.floor(cut * values.length);
          expect(Array.from(column(input.subarray(0, kept), period))).toEqual(Array.from(column(input, period).subarray(0, kept)));
        },
      ),
    );
  });
});

describe('isCrossover (backtesting.lib.crossover)', () => {
  it('needs strictly below before and strictly above now', () => {
    expect(isCrossover(1, 2, 3, 2)).toBe(true);
    expect(isCrossover(2, 2, 3, 2)).toBe(false);
    expect(isCrossover(1, 2, 2, 2)).toBe(false);
    expect(isCrossover(3, 2, 4, 2)).toBe(false);
    expect(isCrossover(NaN, 2, 3, 2)).toBe(false);
  });
});
