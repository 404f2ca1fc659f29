import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { brokerSettings } from '../../shared/backtest';
import type { RunOutcome, StatisticsOnlyOutcome } from '../../main/store/backtests-types';
import type { BarSeries } from '../../main/store/market/bars';
import { CHECKPOINT_EVERY_BARS } from '../backtest';
import { barsFromCloses, googBars, headBars } from '../backtest/test-bars';
import { buyAndHoldCurve } from './backtest-combine';
import { runSymbols, symbolBars, type RunHooks, type RunTarget, type SymbolBars } from './backtest-core';

// Counts which finishing step runSymbols calls; each still does what it does.
const engine = vi.hoisted(() => ({ finishBacktest: 0, finishStatistics: 0 }));
vi.mock('../backtest', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../backtest')>();
  return {
    ...actual,
    finishBacktest: (...args: Parameters<typeof actual.finishBacktest>) => {
      engine.finishBacktest += 1;
      return actual.finishBacktest(...args);
    },
    finishStatistics: (...args: Parameters<typeof actual.finishStatistics>) => {
      engine.finishStatistics += 1;
      return actual.finishStatistics(...args);
    },
  };
});

const goog = googBars();
/** GOOG's later half under another name: a second symbol on different dates. */
const late: BarSeries = (() => {
  const from = 1000;
  return {
    dates: goog.dates.slice(from),
    open: goog.open.slice(from),
    high: goog.high.slice(from),
    low: goog.low.slice(from),
    close: goog.close.slice(from),
    adjClose: goog.adjClose.slice(from),
    volume: goog.volume.slice(from),
  };
})();

const BARS: Record<string, SymbolBars> = {
  GOOG: symbolBars('GOOG', goog, {}),
  LATE: symbolBars('LATE', late, {}),
  // Too short for slow=30: the run throws for it.
  SHORT: symbolBars('SHORT', headBars(goog, 20), {}),
  NONE: symbolBars('NONE', headBars(goog, 0), {}),
};

function hooks(warnings: string[] = []): RunHooks {
  return { loadBars: (symbol) => BARS[symbol]!, checkpoint: () => Promise.resolve(), warn: (message) => warnings.push(message) };
}

function target(symbols: string[], params: Record<string, number> = { fast: 10, slow: 30 }): RunTarget {
  return { strategy: 'sma-cross', params, symbols, broker: brokerSettings.parse({ commission: 0.002 }) };
}

/** What a sweep cell keeps of a full run, written out independently of backtest-core. */
function keptOf(outcome: RunOutcome): StatisticsOnlyOutcome {
  return {
    ...outcome,
    keeps: 'statistics',
    symbols: outcome.symbols.map(({ curves: _curves, trades, ...symbol }) => ({ ...symbol, tradeCount: trades.length })),
    combined: outcome.combined && { stats: outcome.combined.stats },
  };
}

describe('a run that keeps its statistics only', () => {
  it.each([
    ['one symbol', ['GOOG']],
    ['one symbol without data', ['NONE']],
    ['one symbol too short to run', ['SHORT']],
    ['two symbols on different dates', ['GOOG', 'LATE']],
    ['two symbols, one without data', ['GOOG', 'NONE']],
    ['two symbols, one too short', ['SHORT', 'LATE']],
    ['three symbols, two failing', ['NONE', 'GOOG', 'SHORT']],
  ])('has the statistics, warnings and status the full run has: %s', async (_name, symbols) => {
    const fullWarnings: string[] = [];
    const keptWarnings: string[] = [];
    const full = await runSymbols(target(symbols), hooks(fullWarnings));
    const kept = await runSymbols(target(symbols), hooks(keptWarnings), 'statistics');
    expect(kept).toEqual(keptOf(full));
    expect(keptWarnings).toEqual(fullWarnings);
    for (const symbol of kept.symbols) expect(Object.keys(symbol).sort()).toEqual(['bars', 'error', 'stats', 'status', 'symbol', 'tradeCount', 'warnings']);
    if (kept.combined) expect(Object.keys(kept.combined)).toEqual(['stats']);
  });

  it('is not the first symbol’s account when two succeed, and fails with every reason when most fail', async () => {
    const two = await runSymbols(target(['GOOG', 'LATE']), hooks(), 'statistics');
    expect(two.status).toBe('succeeded');
    expect(two.combined!.stats.tradeCount).toBe(two.symbols[0]!.tradeCount + two.symbols[1]!.tradeCount);
    expect(two.combined!.stats.start).toBe(goog.dates[0]);
    expect(two.combined!.stats.equityFinal).not.toBe(two.symbols[0]!.stats!.equityFinal);

    const most = await runSymbols(target(['NONE', 'GOOG', 'SHORT']), hooks(), 'statistics');
    expect(most.status).toBe('failed');
    expect(most.error).toMatch(/^2 of 3 symbols failed: No price data for NONE in any date range\. SHORT .*needs at least 32 bars/);
    expect(most.combined!.stats).toEqual(most.symbols[1]!.stats);
  });

  it('gives runs taking turns at their checkpoints each their own equity curve to write', async () => {
    // Longer than the bars run between two checkpoints: each run yields mid-simulation to the other.
    const closes = Array.from({ length: 2 * CHECKPOINT_EVERY_BARS + 100 }, (_, index) => 100 + 20 * Math.sin(index / 37) + index / 100);
    const long = symbolBars('LONG', barsFromCloses(closes), {});
    const turns: RunHooks = { loadBars: () => long, checkpoint: () => new Promise((resolve) => setImmediate(resolve)), warn: () => {} };
    const cells = [
      { fast: 5, slow: 20 },
      { fast: 10, slow: 30 },
    ];
    // One symbol, and two whose curves are kept until they are combined.
    for (const symbols of [['LONG'], ['LONG', 'LONG']]) {
      const alone: RunOutcome[] = [];
      for (const cell of cells) alone.push(await runSymbols(target(symbols, cell), turns));
      const together = await Promise.all(cells.map((cell) => runSymbols(target(symbols, cell), turns, 'statistics')));
      expect(together).toEqual(alone.map(keptOf));
      // A cell after others on the same bars writes over what they left: every bar of it.
      expect(await runSymbols(target(symbols, cells[0]), turns, 'statistics')).toEqual(keptOf(alone[0]!));
    }
  });

  it('builds no curves or trades, for one symbol or several (combined from their equity and trade figures)', async () => {
    engine.finishBacktest = 0;
    engine.finishStatistics = 0;
    await runSymbols(target(['GOOG']), hooks(), 'statistics');
    expect(engine).toEqual({ finishBacktest: 0, finishStatistics: 1 });
    await runSymbols(target(['GOOG', 'LATE']), hooks(), 'statistics');
    expect(engine).toEqual({ finishBacktest: 0, finishStatistics: 3 });
    await runSymbols(target(['GOOG']), hooks());
    expect(engine).toEqual({ finishBacktest: 1, finishStatistics: 3 });
  });
});

describe('a full run', () => {
  /** sma-cross 10/30 decides from the bar after its warm-up bar, slow − 1. */
  const warmupBars = 29;
  const cash = 10_000;

  it('has each symbol’s buy-and-hold curve: the cash bought at the warm-up bar’s close and held', async () => {
    const outcome = await runSymbols(target(['GOOG']), hooks());
    const curve = outcome.symbols[0]!.curves!.buyAndHold;
    expect(curve).toBeInstanceOf(Float64Array);
    expect(Array.from(curve.subarray(0, warmupBars + 1))).toEqual(new Array<number>(warmupBars + 1).fill(cash));
    expect(curve[warmupBars + 1]).toBe((cash * goog.close[warmupBars + 1]!) / goog.close[warmupBars]!);
    expect(buyAndHoldCurve(new Float64Array([4, 2, 8, 1]), 100, 1)).toEqual(new Float64Array([100, 100, 400, 50]));
  });

  it('ends its buy-and-hold curves where the Buy & Hold Return statistic says, per symbol and combined', async () => {
    const outcome = await runSymbols(target(['GOOG', 'LATE']), hooks());
    for (const symbol of outcome.symbols) {
      expect(symbol.curves!.buyAndHold.at(-1)).toBeCloseTo(cash * (1 + symbol.stats!.buyAndHoldReturnPct / 100), 8);
    }
    const combined = outcome.combined!;
    const combinedCash = cash * outcome.symbols.length;
    expect(combined.curves!.buyAndHold[0]).toBe(combinedCash);
    expect(combined.curves!.buyAndHold.at(-1)).toBeCloseTo(combinedCash * (1 + combined.stats.buyAndHoldReturnPct / 100), 8);
  });
});

describe('the data hash', () => {
  const expected = (...symbols: string[]) =>
    createHash('sha256').update(symbols.map((symbol) => `${symbol}:${BARS[symbol]!.hash}`).join('\n')).digest('hex');

  it('covers every symbol’s bars, whichever runs came before', async () => {
    for (const symbols of [['GOOG'], ['GOOG'], ['LATE'], ['GOOG', 'LATE'], ['GOOG'], ['LATE', 'GOOG'], ['NONE']]) {
      const [full, kept] = await Promise.all([runSymbols(target(symbols), hooks()), runSymbols(target(symbols), hooks(), 'statistics')]);
      expect(full.config.dataHash).toBe(expected(...symbols));
      expect(kept.config.dataHash).toBe(expected(...symbols));
    }
  });
});
