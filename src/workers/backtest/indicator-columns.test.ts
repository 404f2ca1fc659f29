import { describe, expect, it } from 'vitest';
import { prepareBars, prepareBroker, prepareStrategy, runPreparedBacktest } from './engine';
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

  it('shared between runs, give each run what a fresh series gives it', () => {
    const shared = prepareBars(googBars());
    const broker = prepareBroker({ cash: 10_000 });
    for (const params of [{ fast: 10, slow: 30 }, { fast: 5, slow: 30 }, { fast: 10, slow: 20 }, { fast: 10, slow: 30 }]) {
      const strategy = prepareStrategy('sma-cross', params);
      const reused = runPreparedBacktest(shared, strategy, broker);
      const fresh = runPreparedBacktest(prepareBars(googBars()), strategy, broker);
      expect(reused.stats).toEqual(fresh.stats);
      expect(reused.trades).toEqual(fresh.trades);
    }
  });
});
