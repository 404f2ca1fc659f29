import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { finishBacktest, prepareBars, prepareBroker, prepareStrategy, runPreparedBacktest, startSimulation } from './engine';
import { createColumnBudget, IndicatorColumns } from './indicator-columns';
import { sma } from './indicators';
import { googBars } from './test-bars';

describe('indicator columns', () => {
  it('are computed once per series and spec', () => {
    const bars = prepareBars(googBars());
    const column = bars.indicators.get(sma('close', 10));
    expect(bars.indicators.get(sma('close', 10))).toBe(column);
    expect(bars.indicators.get(sma('close', 11))).not.toBe(column);
    // Another series object has columns of its own.
    expect(prepareBars(googBars()).indicators.get(sma('close', 10))).not.toBe(column);
  });

  it('of a pair are computed together when neither is kept, else each on its own', () => {
    const bars = prepareBars(googBars());
    const [fast, slow] = bars.indicators.getPair(sma('close', 10), sma('close', 30));
    expect(fast).toEqual(bars.indicators.get(sma('close', 10), false));
    expect(bars.indicators.get(sma('close', 10))).toBe(fast);
    expect(bars.indicators.get(sma('close', 30))).toBe(slow);
    // One kept: it is read, the other computed alone.
    const [keptFast, slower] = bars.indicators.getPair(sma('close', 10), sma('close', 50));
    expect(keptFast).toBe(fast);
    expect(bars.indicators.get(sma('close', 50))).toBe(slower);
    // Without keep, neither is kept.
    const [first] = bars.indicators.getPair(sma('close', 5), sma('close', 60), false);
    expect(bars.indicators.get(sma('close', 5), false)).not.toBe(first);
  });

  it('shared between runs, give each run what a fresh series gives it', () => {
    const shared = prepareBars(googBars());
    const broker = prepareBroker({ cash: 10_000 });
    for (const params of [{ fast: 10, slow: 30 }, { fast: 5, slow: 30 }, { fast: 10, slow: 20 }, { fast: 10, slow: 30 }]) {
      const strategy = prepareStrategy('sma-cross', params);
      // As a sweep's cells run: keeping the columns they compute, reading those kept before.
      const simulation = startSimulation(shared, strategy, broker, { keepColumns: true });
      simulation.step(Number.POSITIVE_INFINITY);
      const reused = finishBacktest(shared, strategy, simulation);
      const fresh = runPreparedBacktest(prepareBars(googBars()), strategy, broker);
      expect(reused.stats).toEqual(fresh.stats);
      expect(reused.trades).toEqual(fresh.trades);
    }
  });

  it('are kept by sweep cells, not by single runs, and read by both', () => {
    const bars = prepareBars(googBars());
    const broker = prepareBroker({ cash: 10_000 });
    runPreparedBacktest(bars, prepareStrategy('sma-cross', { fast: 10, slow: 30 }), broker);
    const computed = bars.indicators.get(sma('close', 10), false);
    expect(bars.indicators.get(sma('close', 10), false)).not.toBe(computed);

    const cell = startSimulation(bars, prepareStrategy('sma-cross', { fast: 10, slow: 30 }), broker, { keepColumns: true });
    cell.step(Number.POSITIVE_INFINITY);
    const kept = bars.indicators.get(sma('close', 10), false);
    expect(kept).toEqual(computed);
    expect(bars.indicators.get(sma('close', 10), false)).toBe(kept);
    runPreparedBacktest(bars, prepareStrategy('sma-cross', { fast: 10, slow: 30 }), broker);
    expect(bars.indicators.get(sma('close', 10), false)).toBe(kept);
  });
});

describe('the column budget', () => {
  const series = googBars();
  const columnLength = series.close.length;

  it('drops the least recently used column past the budget, which is then computed again', () => {
    const columns = new IndicatorColumns(series, createColumnBudget(2 * columnLength));
    const ten = columns.get(sma('close', 10));
    const twenty = columns.get(sma('close', 20));
    // Reading 10 makes 20 the least recently used, so a third column pushes 20 out.
    expect(columns.get(sma('close', 10))).toBe(ten);
    columns.get(sma('close', 30));
    expect(columns.get(sma('close', 10))).toBe(ten);
    const twentyAgain = columns.get(sma('close', 20));
    expect(twentyAgain).not.toBe(twenty);
    expect(twentyAgain).toEqual(twenty);
  });

  it('is shared by the series that use it', () => {
    const budget = createColumnBudget(2 * columnLength);
    const first = new IndicatorColumns(series, budget);
    const second = new IndicatorColumns(series, budget);
    const firstTen = first.get(sma('close', 10));
    second.get(sma('close', 10));
    second.get(sma('close', 20));
    expect(first.get(sma('close', 10))).not.toBe(firstTen);
  });

  it('keeps no column longer than itself, computing it each time', () => {
    const columns = new IndicatorColumns(series, createColumnBudget(columnLength - 1));
    const once = columns.get(sma('close', 10));
    expect(columns.get(sma('close', 10))).not.toBe(once);
    expect(columns.get(sma('close', 10))).toEqual(once);
  });
});

describe('columns of a dropped series', () => {
  it('are freed with it, though the budget still counts them', { timeout: 30_000 }, async () => {
    const script = fileURLToPath(new URL('./fixtures/dropped-series.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', script]);
    const { before, alive, after } = JSON.parse(stdout) as Record<'before' | 'alive' | 'after', number>;
    // 1,000 series × 2 columns × 2,148 values × 8 bytes: ~34 MB while they live.
    expect(alive - before).toBeGreaterThan(30e6);
    expect(after - before).toBeLessThan(1e6);
  });
});
