import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NUMERIC_STAT_KEYS, type BacktestStats } from '../../shared/backtest';
import type { TradeFigures } from '../backtest/stats';
import { combineAccounts, tradesOnCalendar, type Account } from './backtest-combine';

function stats(buyAndHoldReturnPct: number): BacktestStats {
  return { ...Object.fromEntries(NUMERIC_STAT_KEYS.map((key) => [key, 0])), start: '', end: '', buyAndHoldReturnPct } as BacktestStats;
}

function account(dates: string[], equity: number[], close: number[], buyAndHoldPct: number): Account {
  return {
    stats: stats(buyAndHoldPct),
    dates,
    close: new Float64Array(close),
    equity: new Float64Array(equity),
    trades: [{ entryBar: 0, exitBar: 1, pnl: 1, returnPct: 1, durationDays: 1, commission: 0 }],
  };
}

/** Held from the first bar's close. */
const HOLD_100 = { cash: 100, warmupBars: 0 };

describe('the combined account', () => {
  it('sums equity on the union of dates: cash before a symbol starts, its last equity after it ends', () => {
    const a = account(['2020-01-01', '2020-01-02', '2020-01-03'], [100, 110, 120], [20, 21, 22], 10);
    const b = account(['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'], [100, 90, 80, 100], [10, 10, 12, 13], 30);
    const combined = combineAccounts([a, b], HOLD_100);
    expect(combined.dates).toEqual(['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07']);
    expect(Array.from(combined.equity)).toEqual([200, 210, 210, 200, 220]);
    expect(Array.from(combined.buyAndHold)).toEqual([200, 205, 210, 230, 240]);
    expect(combined.stats.buyAndHoldReturnPct).toBe(20);
    expect(combined.stats.tradeCount).toBe(2);
    expect(combined.stats.equityFinal).toBe(220);
    expect(combined.stats.start).toBe('2020-01-01');
  });

  it('reuses the union of dates only for the very same date arrays', () => {
    const dates = ['2020-01-01', '2020-01-02', '2020-01-03'];
    const a = account(dates, [100, 110, 120], [20, 21, 22], 10);
    const b = account(dates, [100, 90, 80], [10, 10, 12], 30);
    expect(Array.from(combineAccounts([a, b], HOLD_100).equity)).toEqual([200, 200, 200]);
    // Same symbols, another cell's equity (a sweep): the same union serves.
    const b2 = { ...b, equity: new Float64Array([100, 100, 100]) };
    expect(Array.from(combineAccounts([a, b2], HOLD_100).equity)).toEqual([200, 210, 220]);
    // Dates that differ in content (a new array): a union of their own.
    const c = account(['2019-12-31', '2020-01-02', '2020-01-08'], [100, 50, 75], [5, 5, 5], 0);
    const combined = combineAccounts([a, c], HOLD_100);
    expect(combined.dates).toEqual(['2019-12-31', '2020-01-01', '2020-01-02', '2020-01-03', '2020-01-08']);
    expect(Array.from(combined.equity)).toEqual([200, 200, 160, 170, 195]);
    expect(combined.stats.tradeCount).toBe(2);
  });

  it('reuses a benchmark for the same closes held alike, and builds one for another warm-up, cash or closes', () => {
    const dates = ['2020-01-01', '2020-01-02', '2020-01-03'];
    const a = account(dates, [100, 110, 120], [20, 21, 22], 10);
    const b = account(dates, [100, 90, 80], [10, 10, 12], 30);
    const first = combineAccounts([a, b], HOLD_100).buyAndHold;
    // Another cell of the sweep, holding alike: the very same curve.
    expect(combineAccounts([a, { ...b, equity: new Float64Array([1, 2, 3]) }], HOLD_100).buyAndHold).toBe(first);
    // Bought at the second bar's close: each symbol is cash until then.
    expect(Array.from(combineAccounts([a, b], { cash: 100, warmupBars: 1 }).buyAndHold)).toEqual([200, 200, 100 * (22 / 21) + 100 * (12 / 10)]);
    expect(Array.from(combineAccounts([a, b], { cash: 50, warmupBars: 0 }).buyAndHold)).toEqual([100, 102.5, 115]);
    // The same dates with other closes (a symbol imported again, say): a benchmark of their own.
    const reimported = { ...b, close: new Float64Array([10, 20, 30]) };
    expect(Array.from(combineAccounts([a, reimported], HOLD_100).buyAndHold)).toEqual([200, 305, 410]);
    // And the first holding again, after all that: the same numbers.
    expect(Array.from(combineAccounts([a, b], HOLD_100).buyAndHold)).toEqual(Array.from(first));
  });

  it('takes every symbol’s trades in the order a stable sort by exit, then entry bar would put them', () => {
    const span = fc.tuple(fc.nat(30), fc.nat(30)).map(([a, b]): TradeFigures => ({ entryBar: Math.min(a, b), exitBar: Math.max(a, b), pnl: 0, returnPct: 0, durationDays: 0, commission: 0 }));
    const byClose = (a: TradeFigures, b: TradeFigures) => a.exitBar - b.exitBar || a.entryBar - b.entryBar;
    // Mostly in close order, as a symbol's trades are; sometimes not.
    const symbolTrades = fc.tuple(fc.array(span, { maxLength: 8 }), fc.boolean()).map(([trades, inOrder]) => (inOrder ? trades.sort(byClose) : trades));
    fc.assert(
      fc.property(fc.array(symbolTrades, { minLength: 2, maxLength: 4 }), (bySymbol) => {
        // Each trade told apart from its equals by its P&L: which symbol, which place in its list.
        const lists = bySymbol.map((trades, symbol) => trades.map((trade, index) => ({ ...trade, pnl: symbol * 100 + index })));
        const identity = lists.map(() => Int32Array.from({ length: 31 }, (_, bar) => bar));
        expect(tradesOnCalendar(lists, identity)).toEqual(lists.flat().sort(byClose));
        // On a union calendar, each symbol's bars spread out in order: the same order, the bars moved.
        const spread = lists.map((_, symbol) => Int32Array.from({ length: 31 }, (_, bar) => bar * lists.length + symbol));
        const moved = lists.map((trades, symbol) => trades.map((trade) => ({ ...trade, entryBar: spread[symbol]![trade.entryBar]!, exitBar: spread[symbol]![trade.exitBar]! })));
        expect(tradesOnCalendar(lists, spread)).toEqual(moved.flat().sort(byClose));
      }),
    );
  });
});
