import { describe, expect, it } from 'vitest';
import { NUMERIC_STAT_KEYS, type BacktestStats } from '../../shared/backtest';
import type { SymbolRun } from '../../main/store/backtests-types';
import { combineSymbols } from './backtest-combine';

function stats(buyAndHoldReturnPct: number): BacktestStats {
  return { ...Object.fromEntries(NUMERIC_STAT_KEYS.map((key) => [key, 0])), start: '', end: '', buyAndHoldReturnPct } as BacktestStats;
}

function run(symbol: string, dates: string[], equity: number[], hold: number[], buyAndHoldPct: number): SymbolRun {
  return {
    symbol, status: 'succeeded', error: null, bars: dates.length, stats: stats(buyAndHoldPct), warnings: [],
    trades: [{ size: 1, entryBar: 0, exitBar: 1, entryTime: dates[0]!, exitTime: dates[1]!, entryPrice: 1, exitPrice: 2, pnl: 1, returnPct: 1, durationDays: 1, commission: 0 }],
    curves: { dates, equity: new Float64Array(equity), drawdown: new Float64Array(equity.length), buyAndHold: new Float64Array(hold) },
  };
}

describe('the combined account', () => {
  it('sums equity on the union of dates: cash before a symbol starts, its last equity after it ends', () => {
    const a = run('A', ['2020-01-01', '2020-01-02', '2020-01-03'], [100, 110, 120], [100, 105, 110], 10);
    const b = run('B', ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'], [100, 90, 80, 100], [100, 100, 120, 130], 30);
    const combined = combineSymbols([a, b], 100)!;
    expect(combined.curves!.dates).toEqual(['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07']);
    expect(Array.from(combined.curves!.equity)).toEqual([200, 210, 210, 200, 220]);
    expect(Array.from(combined.curves!.buyAndHold)).toEqual([200, 205, 210, 230, 240]);
    expect(combined.curves!.drawdown[3]).toBeCloseTo(1 - 200 / 210, 12);
    expect(combined.stats.buyAndHoldReturnPct).toBe(20);
    expect(combined.stats.tradeCount).toBe(2);
    expect(combined.stats.equityFinal).toBe(220);
    expect(combined.stats.start).toBe('2020-01-01');
  });

  it('reuses the union of dates only for the very same date arrays', () => {
    const dates = ['2020-01-01', '2020-01-02', '2020-01-03'];
    const a = run('A', dates, [100, 110, 120], [100, 105, 110], 10);
    const b = run('B', dates, [100, 90, 80], [100, 100, 120], 30);
    expect(Array.from(combineSymbols([a, b], 100)!.curves!.equity)).toEqual([200, 200, 200]);
    // Same symbols, other cells' curves (a sweep): the same union serves.
    const b2 = run('B', dates, [100, 100, 100], [100, 100, 100], 0);
    expect(Array.from(combineSymbols([a, b2], 100)!.curves!.equity)).toEqual([200, 210, 220]);
    // Dates that differ in content (a new array): a union of their own.
    const c = run('C', ['2019-12-31', '2020-01-02', '2020-01-08'], [100, 50, 75], [100, 100, 100], 0);
    const combined = combineSymbols([a, c], 100)!;
    expect(combined.curves!.dates).toEqual(['2019-12-31', '2020-01-01', '2020-01-02', '2020-01-03', '2020-01-08']);
    expect(Array.from(combined.curves!.equity)).toEqual([200, 200, 160, 170, 195]);
    expect(combined.stats.tradeCount).toBe(2);
  });

  it('is the only succeeded symbol’s own account, and absent when none succeeded', () => {
    const a = run('A', ['2020-01-01', '2020-01-02'], [100, 110], [100, 105], 5);
    const failed: SymbolRun = { ...a, symbol: 'B', status: 'failed', error: 'no data', stats: null, curves: null, trades: [] };
    expect(combineSymbols([a, failed], 100)).toEqual({ stats: a.stats, curves: null });
    expect(combineSymbols([failed], 100)).toBeNull();
  });

  it('needs a symbol’s curves and trades only when several succeeded', () => {
    const a = run('A', ['2020-01-01', '2020-01-02'], [100, 110], [100, 105], 5);
    const statisticsOnly = { status: 'succeeded' as const, stats: a.stats };
    const failed = { status: 'failed' as const, stats: null };
    expect(combineSymbols([failed, statisticsOnly], 100)).toEqual({ stats: a.stats, curves: null });
    expect(() => combineSymbols([a, { ...statisticsOnly, symbol: 'B' }], 100)).toThrow(/needs each one's curves and trades \(B has none\)/);
  });
});
