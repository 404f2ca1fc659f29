import { describe, expect, it } from 'vitest';
import { STRATEGY_NAMES, STRATEGY_PARAMS, type BrokerSettings } from '../../shared/backtest';
import { AppError } from '../../shared/errors';
import type { BarSeries } from '../../main/store/market/bars';
import {
  barSeriesFromRows,
  CHECKPOINT_EVERY_BARS,
  prepareStrategy,
  runBacktest,
  runBacktestSync,
  type BacktestInput,
} from './engine';
import { STRATEGIES } from './strategies';
import { barsFromCloses, barsOf, googBars, headBars } from './test-bars';

const BROKER: BrokerSettings = { cash: 10_000, commission: 0, spread: 0, finalizeTrades: true };
const GOOG = googBars();

function invalid(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('invalid');
    return error as AppError;
  }
  throw new Error('expected AppError invalid');
}

function backtest(bars: BarSeries, strategy: BacktestInput['strategy'], params: unknown = {}, broker: Partial<BrokerSettings> = {}) {
  return runBacktestSync({ bars, strategy, params, broker: { ...BROKER, ...broker } });
}

describe('input validation', () => {
  it('refuses too few bars for the parameters, with the numbers', () => {
    const error = invalid(() => backtest(headBars(GOOG, 100), 'sma-cross', { fast: 50, slow: 200 }));
    expect(error.message).toBe(
      'sma-cross with fast=50, slow=200 needs at least 202 bars (199 before its indicators are defined, ' +
        'one to decide on, one to fill at); the series has 100.',
    );
  });

  it('refuses a non-finite or non-positive price, naming the bar and date', () => {
    const bars = headBars(GOOG, 50);
    bars.close[7] = Number.NaN;
    expect(invalid(() => backtest(bars, 'buy-and-hold')).message).toBe(
      'Bar 8 (2004-08-30) has close NaN; every open, high, low and close must be a positive finite number.',
    );
    const zero = headBars(GOOG, 50);
    zero.open[3] = 0;
    expect(invalid(() => backtest(zero, 'buy-and-hold')).message).toMatch(/^Bar 4 \(2004-08-24\) has open 0;/);
    const infinite = headBars(GOOG, 50);
    infinite.high[0] = Number.POSITIVE_INFINITY;
    expect(invalid(() => backtest(infinite, 'buy-and-hold')).message).toMatch(/^Bar 1 \(2004-08-19\) has high Infinity;/);
  });

  it('refuses dates that are not real dates or do not increase', () => {
    const badDate = headBars(GOOG, 10);
    badDate.dates[2] = '2004-02-30';
    expect(invalid(() => backtest(badDate, 'buy-and-hold')).message).toBe('Bar 3 has date "2004-02-30", not a valid YYYY-MM-DD date.');
    const repeated = headBars(GOOG, 10);
    repeated.dates[5] = repeated.dates[4]!;
    expect(invalid(() => backtest(repeated, 'buy-and-hold')).message).toBe(
      'Bar dates must increase: bar 6 (2004-08-25) comes after 2004-08-25.',
    );
  });

  it('refuses columns of different lengths', () => {
    const bars = headBars(GOOG, 10);
    bars.low = bars.low.subarray(0, 9);
    expect(invalid(() => backtest(bars, 'buy-and-hold')).message).toBe('The low column has 9 values for 10 dates.');
  });

  it('validates parameters against the shared schema, defaults filled in', () => {
    expect(invalid(() => backtest(GOOG, 'sma-cross', { fast: 30, slow: 10 })).message).toBe(
      'Invalid sma-cross parameters: fast must be less than slow.',
    );
    expect(invalid(() => backtest(GOOG, 'sma-cross', { fast: 0 })).message).toBe('Invalid sma-cross parameters: fast must be at least 1 (got 0).');
    expect(invalid(() => backtest(GOOG, 'breakout', { lookback: 20, extra: 1 })).message).toBe(
      "Invalid breakout parameters: unknown parameter 'extra'; breakout takes lookback.",
    );
    expect(invalid(() => backtest(GOOG, 'buy-and-hold', { fast: 1 })).message).toBe(
      "Invalid buy-and-hold parameters: unknown parameter 'fast'; buy-and-hold takes no parameters.",
    );
    expect(invalid(() => backtest(GOOG, 'rsi-reversion', { period: 1.5 })).message).toBe('Invalid rsi-reversion parameters: period must be a whole number (got 1.5).');
    expect(invalid(() => backtest(GOOG, 'sma-cross', { fast: 0 })).details).toMatchObject({ strategy: 'sma-cross', issues: [{ code: 'too_small', path: ['fast'] }] });
    expect(prepareStrategy('sma-cross', undefined).params).toEqual({ fast: 10, slow: 30 });
    expect(prepareStrategy('rsi-reversion', { lower: 25 }).params).toEqual({ period: 14, lower: 25, upper: 70 });
  });

  it('refuses unknown strategies and bad broker settings', () => {
    expect(invalid(() => backtest(GOOG, 'martingale' as 'sma-cross')).message).toBe(
      'Unknown strategy "martingale"; the strategies are sma-cross, rsi-reversion, breakout, buy-and-hold.',
    );
    expect(invalid(() => backtest(GOOG, 'buy-and-hold', {}, { commission: 0.5 })).message).toBe('Invalid broker settings: commission must be at most 0.1 (got 0.5).');
    expect(invalid(() => backtest(GOOG, 'buy-and-hold', {}, { cash: Number.NaN })).message).toBe('Invalid broker settings: cash must be a number (got NaN).');
    expect(invalid(() => backtest(GOOG, 'buy-and-hold', {}, { cash: 0 })).message).toBe('Invalid broker settings: cash must be greater than 0 (got 0).');
    expect(invalid(() => backtest(GOOG, 'buy-and-hold', {}, { slippage: 0 } as unknown as BrokerSettings)).message).toBe(
      "Invalid broker settings: unknown setting 'slippage'; the broker takes cash, commission, spread, finalizeTrades.",
    );
  });
});

describe('runBacktest and cancellation', () => {
  it('gives the synchronous core’s result, checking in every CHECKPOINT_EVERY_BARS bars and once more at the end', async () => {
    let checks = 0;
    const input = { bars: GOOG, strategy: 'sma-cross' as const, params: { fast: 10, slow: 30 }, broker: BROKER };
    const outcome = await runBacktest({ ...input, checkpoint: async () => void (checks += 1) });
    expect(outcome).toEqual(runBacktestSync(input));
    expect(checks).toBe(Math.ceil(GOOG.close.length / CHECKPOINT_EVERY_BARS));
  });

  it('stops at the first checkpoint that throws', async () => {
    const long = barsFromCloses(Array.from({ length: 3 * CHECKPOINT_EVERY_BARS }, (_, index) => 100 + Math.sin(index / 7) * 10));
    let checks = 0;
    const cancelled = new Error('cancelled');
    const run = runBacktest({
      bars: long,
      strategy: 'sma-cross',
      params: {},
      broker: BROKER,
      checkpoint: async () => {
        checks += 1;
        throw cancelled;
      },
    });
    await expect(run).rejects.toBe(cancelled);
    expect(checks).toBe(1);
  });
});

describe('the strategy registry', () => {
  it('has one module per shared schema, under its own name', () => {
    expect(Object.keys(STRATEGIES).sort()).toEqual([...STRATEGY_NAMES].sort());
    for (const [name, definition] of Object.entries(STRATEGIES)) expect(definition.name).toBe(name);
    expect(Object.keys(STRATEGY_PARAMS).sort()).toEqual([...STRATEGY_NAMES].sort());
  });

  it('runs every strategy on GOOG with its default parameters', () => {
    for (const name of STRATEGY_NAMES) {
      const outcome = backtest(GOOG, name);
      expect(outcome.stats.tradeCount, name).toBeGreaterThan(0);
      expect(outcome.equity.every(Number.isFinite), name).toBe(true);
    }
  });
});

describe('strategy rules', () => {
  it('buy-and-hold buys on the first bar it may trade, fills at the next open and holds to the end', () => {
    const outcome = backtest(GOOG, 'buy-and-hold');
    expect(outcome.trades).toHaveLength(1);
    const [trade] = outcome.trades;
    // backtesting.py calls next() from bar 1: the order fills at bar 2's open.
    expect(trade).toMatchObject({ entryBar: 2, entryPrice: GOOG.open[2], exitBar: 2147, exitPrice: GOOG.open[2147] });
    expect(trade!.size).toBe(Math.floor((10_000 * (1 - Number.EPSILON)) / GOOG.open[2]!));
  });

  it('rsi-reversion buys below `lower` and sells above `upper`, long only', () => {
    // Period 2: falls drive RSI to 0 (buy), a run of rises to 100 (sell).
    const closes = [10, 10, 9, 8, 7, 8, 9, 10, 11, 12, 12, 12];
    const outcome = backtest(barsFromCloses(closes), 'rsi-reversion', { period: 2, lower: 30, upper: 70 });
    // RSI is defined from bar 2; decisions from bar 3. RSI(2) on bar 3 is 0 → buy, filled at bar 4's open;
    // by bar 6 it is 100 → close, filled at bar 7's open.
    expect(outcome.trades).toMatchObject([{ entryBar: 4, exitBar: 7 }]);
    expect(outcome.trades.every((trade) => trade.size > 0)).toBe(true);
  });

  it('breakout buys when the close clears the highest high of the lookback bars before, and exits below their lowest low', () => {
    const opens = [10, 10, 10, 10, 10, 13, 13, 13, 13, 8, 8];
    const closes = [10, 10, 10, 10, 13, 13, 13, 13, 8, 8, 8];
    const bars = barsOf(opens, closes);
    const outcome = backtest(bars, 'breakout', { lookback: 3 });
    // Bar 4 closes at 13 above the highs of bars 1–3 (10): buy, filled at bar 5. Bar 8 closes at 8
    // below the lows of bars 5–7 (13): close, filled at bar 9.
    expect(outcome.trades).toMatchObject([{ size: 769, entryBar: 5, entryPrice: 13, exitBar: 9, exitPrice: 8 }]);
  });

  it('sma-cross closes and reverses on each crossover, and a rise from equal averages is not one', () => {
    const closes = [...Array(6).fill(10), 11, 12, 13, 12, 11, 10, 9, 8, 9, 10, 11, 12];
    const outcome = backtest(barsFromCloses(closes), 'sma-cross', { fast: 2, slow: 4 });
    // Bars 0–5 are flat, so both averages equal 10 exactly: the rise after them crosses from equal, not from below.
    // Fast falls below slow on bar 10 (short from bar 11), rises above on bar 15 (long from bar 16).
    expect(outcome.trades).toMatchObject([
      { size: -909, entryBar: 11, exitBar: 16 },
      { entryBar: 16, exitBar: 17 },
    ]);
    expect(outcome.trades[1]!.size).toBeGreaterThan(0);
  });

  it('warns when orders could not be filled for want of cash', () => {
    const outcome = backtest(headBars(GOOG, 100), 'buy-and-hold', {}, { cash: 50 });
    expect(outcome.trades).toEqual([]);
    expect(outcome.warnings).toEqual([
      'Orders not filled, as one unit cost more than the cash available at the fill price: 98, the first on 2004-08-23.',
    ]);
  });
});

describe('barSeriesFromRows', () => {
  it('makes columns from rows, NaN where a row has no adjusted close', () => {
    const series = barSeriesFromRows([
      { date: '2024-01-02', open: 1, high: 2, low: 0.5, close: 1.5, adjClose: null, volume: 10 },
      { date: '2024-01-03', open: 1.5, high: 3, low: 1, close: 2.5, adjClose: 2.4, volume: 20 },
    ]);
    expect(series.dates).toEqual(['2024-01-02', '2024-01-03']);
    expect(Array.from(series.close)).toEqual([1.5, 2.5]);
    expect(Array.from(series.adjClose)).toEqual([Number.NaN, 2.4]);
    expect(Array.from(series.volume)).toEqual([10, 20]);
  });
});
