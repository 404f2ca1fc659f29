import { describe, expect, it } from 'vitest';
import type { BarSeries } from '../../main/store/market/bars';
import { floorDivide, FULL_EQUITY } from './broker';
import { Simulation, type SimulationResult, type SimulationSettings } from './simulation';
import type { Bar, Orders } from './strategy';
import { barsOf, googBars, headBars } from './test-bars';

const DEFAULTS: SimulationSettings = { cash: 10_000, commission: 0, spread: 0, finalizeTrades: true };

/** Runs `script` as a strategy with no indicators: it trades from bar 1, as backtesting.py's `next` does. */
function simulate(
  series: BarSeries,
  script: (bar: Bar, orders: Orders) => void,
  settings: Partial<SimulationSettings> = {},
): SimulationResult {
  const simulation = new Simulation(series, () => ({ next: script }), 0, { ...DEFAULTS, ...settings });
  simulation.step(Number.POSITIVE_INFINITY);
  return simulation.result();
}

/** Acts once, on bar `at`. */
function onBar(at: number, action: (orders: Orders) => void): (bar: Bar, orders: Orders) => void {
  return (bar, orders) => {
    if (bar.index === at) action(orders);
  };
}

const OPENS = [100, 101, 102, 103, 104, 105, 106];
const CLOSES = [100.5, 101.5, 102.5, 103.5, 104.5, 105.5, 106.5];

describe('market orders', () => {
  it('fill at the next bar’s open, with all available cash in whole units', () => {
    const result = simulate(barsOf(OPENS, CLOSES), onBar(1, (orders) => orders.buy()), { cash: 1000 });
    const [trade] = result.closedTrades;
    expect(trade).toMatchObject({ entryBar: 2, entryPrice: 102, size: 9 });
    // 1000 / 102 = 9.8 → 9 units; equity at bar 2's close = cash + 9 × (102.5 − 102).
    expect(result.equity[2]).toBe(1000 + 9 * 0.5);
  });

  it('size with 1 − ε of the cash, so cash that is an exact multiple of the price buys one unit less (backtesting.py)', () => {
    expect(FULL_EQUITY).toBe(1 - Number.EPSILON);
    const result = simulate(barsOf([100, 100, 100, 100], [100, 100, 100, 100]), onBar(1, (orders) => orders.buy()), { cash: 1000 });
    expect(result.closedTrades[0]?.size).toBe(9);
  });

  it('are refused when cash cannot buy one unit, and counted', () => {
    const result = simulate(barsOf(OPENS, CLOSES), onBar(1, (orders) => orders.buy()), { cash: 50 });
    expect(result.closedTrades).toEqual([]);
    expect(result.canceledOrders).toBe(1);
    expect(result.firstCanceledBar).toBe(2);
  });

  it('a second buy on the margin left beside the position opens a second trade, and equity marks both', () => {
    const opens = [100, 100, 100, 100, 50, 50];
    const closes = [100, 100, 100, 100, 60, 70];
    const result = simulate(barsOf(opens, closes), (bar, orders) => {
      if (bar.index === 1 || bar.index === 3) orders.buy();
    }, { cash: 1000, finalizeTrades: false });
    // 9 units at 100; at bar 4 margin left = 1000 + 9 × (60 − 100) − 9 × 60 held = 100: one more unit at 50.
    expect(result.openTrades).toEqual([{ size: 9, entryBar: 2, entryPrice: 100 }, { size: 1, entryBar: 4, entryPrice: 50 }]);
    expect(Array.from(result.equity.subarray(2))).toEqual([1000, 1000, 1000 + 9 * (60 - 100) + (60 - 50), 1000 + 9 * (70 - 100) + (70 - 50)]);
  });

  it('go short with sell(): negative size, profit when the price falls', () => {
    const opens = [100, 100, 100, 90, 80];
    const closes = [100, 100, 95, 85, 80];
    const result = simulate(barsOf(opens, closes), (bar, orders) => {
      if (bar.index === 1) orders.sell();
      if (bar.index === 3) orders.closePosition();
    }, { cash: 1000 });
    const [trade] = result.closedTrades;
    expect(trade).toMatchObject({ size: -9, entryBar: 2, entryPrice: 100, exitBar: 4, exitPrice: 80 });
    // Marked at each close while open: cash + size × (close − entry).
    expect(result.equity[3]).toBe(1000 - 9 * (85 - 100));
    expect(result.equity[4]).toBe(1000 + 9 * 20);
  });
});

describe('commission and spread', () => {
  it('charge commission on traded value at entry and at exit, and size for it', () => {
    const result = simulate(barsOf(OPENS, CLOSES), (bar, orders) => {
      if (bar.index === 1) orders.buy();
      if (bar.index === 3) orders.closePosition();
    }, { cash: 1000, commission: 0.01 });
    const [trade] = result.closedTrades;
    // Units: 1000 / (102 + 1 % of 102) = 9.7 → 9; no spread, so the entry price is the open.
    expect(trade).toMatchObject({ size: 9, entryPrice: 102, exitPrice: 104 });
    const entryCommission = 9 * 102 * 0.01;
    const exitCommission = 9 * 104 * 0.01;
    expect(trade?.commission).toBeCloseTo(entryCommission + exitCommission, 12);
    expect(result.equity[2]).toBeCloseTo(1000 - entryCommission + 9 * (102.5 - 102), 10);
    expect(result.equity[4]).toBeCloseTo(1000 - entryCommission + 9 * 2 - exitCommission, 10);
  });

  it('move the entry price by the spread, against the trader; exits fill at the open', () => {
    const long = simulate(barsOf(OPENS, CLOSES), (bar, orders) => {
      if (bar.index === 1) orders.buy();
      if (bar.index === 3) orders.closePosition();
    }, { cash: 1000, spread: 0.01 });
    expect(long.closedTrades[0]).toMatchObject({ entryPrice: 102 * 1.01, exitPrice: 104 });
    const short = simulate(barsOf(OPENS, CLOSES), (bar, orders) => {
      if (bar.index === 1) orders.sell();
      if (bar.index === 3) orders.closePosition();
    }, { cash: 1000, spread: 0.01 });
    expect(short.closedTrades[0]).toMatchObject({ entryPrice: 102 * 0.99, exitPrice: 104 });
  });

  it('reproduce backtesting.py’s test_spread_commission (GOOG[:20], spread 1 %, commission 1 %)', () => {
    // Its strategy buys on the first bar it sees, then closes on the next.
    const series = headBars(googBars(), 20);
    let isDone = false;
    const result = simulate(series, (_bar, orders) => {
      if (isDone) return;
      if (orders.positionSize === 0) orders.buy();
      else {
        orders.closePosition();
        isDone = true;
      }
    }, { cash: 10_000, spread: 0.01, commission: 0.01, finalizeTrades: false });
    expect(result.closedTrades[0]?.entryPrice).toBe(series.open[2]! * 1.01);
    expect([result.equity[2], result.equity[3]].map((value) => Math.round(value! * 100) / 100)).toEqual([9685.31, 9749.33]);
  });
});

describe('closing and reversing', () => {
  it('closePosition() then an opposite order closes at the open and reverses with the freed cash', () => {
    const opens = [100, 100, 100, 110, 120, 120];
    const closes = [100, 100, 105, 115, 120, 120];
    const result = simulate(barsOf(opens, closes), (bar, orders) => {
      if (bar.index === 1) orders.buy();
      if (bar.index === 2) {
        orders.closePosition();
        orders.sell();
      }
    }, { cash: 1000, finalizeTrades: false });
    const [long] = result.closedTrades;
    expect(long).toMatchObject({ size: 9, entryBar: 2, entryPrice: 100, exitBar: 3, exitPrice: 110 });
    // Cash after the long: 1000 + 90 = 1090 → 1090 / 110 = 9.9 → 9 units short at 110.
    expect(result.openTrades).toEqual([{ size: -9, entryBar: 3, entryPrice: 110 }]);
    expect(result.equity[5]).toBe(1090 - 9 * (120 - 110));
  });

  it('closePosition() closes every open trade at the next open, newest first, as backtesting.py queues them', () => {
    const opens = [100, 100, 100, 100, 50, 50, 60, 60];
    const closes = [100, 100, 100, 100, 60, 70, 60, 60];
    const result = simulate(barsOf(opens, closes), (bar, orders) => {
      if (bar.index === 1 || bar.index === 3) orders.buy();
      if (bar.index === 5) {
        orders.closePosition();
        orders.closePosition();
      }
    }, { cash: 1000, finalizeTrades: false });
    expect(result.closedTrades).toEqual([
      { size: 1, entryBar: 4, entryPrice: 50, exitBar: 6, exitPrice: 60, commission: 0 },
      { size: 9, entryBar: 2, entryPrice: 100, exitBar: 6, exitPrice: 60, commission: 0 },
    ]);
    expect(result.openTrades).toEqual([]);
    expect(result.equity[7]).toBe(1000 + 9 * (60 - 100) + (60 - 50));
  });

  it('closing twice closes once', () => {
    const result = simulate(barsOf(OPENS, CLOSES), (bar, orders) => {
      if (bar.index === 1) orders.buy();
      if (bar.index === 3) {
        orders.closePosition();
        orders.closePosition();
      }
    }, { cash: 1000 });
    expect(result.closedTrades).toHaveLength(1);
    expect(result.openTrades).toEqual([]);
  });

  it('an opposite order without closePosition() is sized on the margin left beside the position', () => {
    const result = simulate(barsOf(OPENS, CLOSES), (bar, orders) => {
      if (bar.index === 1) orders.buy();
      if (bar.index === 3) orders.sell();
    }, { cash: 1000, finalizeTrades: false });
    // Margin left at bar 4: equity 1000 + 9 × 2.5 − 9 × 104.5 held = 82, under one unit at 104: refused.
    expect(result.canceledOrders).toBe(1);
    expect(result.closedTrades).toEqual([]);
    expect(result.openTrades).toEqual([{ size: 9, entryBar: 2, entryPrice: 102 }]);
  });

  it('an opposite order smaller than the position reduces it, splitting off a closed trade (no hedging)', () => {
    const opens = [10, 10, 10, 5, 5];
    const closes = [10, 10, 10, 5, 5];
    const result = simulate(barsOf(opens, closes), (bar, orders) => {
      if (bar.index === 1) orders.buy();
      if (bar.index === 2) orders.sell();
    }, { cash: 107, finalizeTrades: false });
    // Long 10 at 10. At bar 3 margin left = 107 − 10 × 5 (loss) − 10 × 5 (held) = 7: one unit to sell.
    expect(result.closedTrades).toEqual([{ size: 1, entryBar: 2, entryPrice: 10, exitBar: 3, exitPrice: 5, commission: 0 }]);
    expect(result.openTrades).toEqual([{ size: 9, entryBar: 2, entryPrice: 10 }]);
    expect(result.equity[3]).toBe(107 + 10 * (5 - 10));
  });
});

describe('the end of the data', () => {
  const script = (bar: Bar, orders: Orders): void => {
    if (bar.index === 1) orders.buy();
  };

  it('with finalizeTrades, closes open trades at the last bar’s open, which sets the last equity', () => {
    const result = simulate(barsOf(OPENS, CLOSES), script, { cash: 1000 });
    expect(result.closedTrades).toMatchObject([{ size: 9, exitBar: 6, exitPrice: 106 }]);
    expect(result.equity[6]).toBe(1000 + 9 * (106 - 102));
  });

  it('without it, leaves them open, marked at the last close and out of the trade list', () => {
    const result = simulate(barsOf(OPENS, CLOSES), script, { cash: 1000, finalizeTrades: false });
    expect(result.closedTrades).toEqual([]);
    expect(result.openTrades).toEqual([{ size: 9, entryBar: 2, entryPrice: 102 }]);
    expect(result.equity[6]).toBe(1000 + 9 * (106.5 - 102));
  });

  it('as backtesting.py’s test_close_orders_from_last_strategy_iteration: a close placed on the last bar never fills', () => {
    const series = headBars(googBars(), 20);
    const closesOnLastBar = (bar: Bar, orders: Orders): void => {
      if (orders.positionSize === 0) orders.buy();
      else if (bar.index === series.close.length - 1) orders.closePosition();
    };
    expect(simulate(series, closesOnLastBar, { finalizeTrades: false }).closedTrades).toEqual([]);
    expect(simulate(series, closesOnLastBar, { finalizeTrades: true }).closedTrades).toHaveLength(1);
  });
});

describe('running out of money', () => {
  it('closes everything at the close where equity reaches zero, and stops there', () => {
    const opens = [10, 10, 10, 12, 12];
    const closes = [10, 10, 12, 25, 30];
    const result = simulate(barsOf(opens, closes), onBar(1, (orders) => orders.sell()), { cash: 100 });
    // 9 units short at 10; at bar 3's close equity = 100 − 9 × 15 < 0.
    expect(result.ruinedAtBar).toBe(3);
    expect(result.closedTrades).toMatchObject([{ size: -9, exitBar: 3, exitPrice: 25 }]);
    expect(Array.from(result.equity.slice(3))).toEqual([0, 0]);
  });
});

describe('floorDivide (Python’s float //)', () => {
  it('floors the exact quotient, not the rounded one', () => {
    expect(floorDivide(1, 0.1)).toBe(9);
    expect(Math.floor(1 / 0.1)).toBe(10);
    expect(floorDivide(10, 2.5)).toBe(4);
    expect(floorDivide(7, 2)).toBe(3);
    expect(floorDivide(-7, 2)).toBe(-4);
    expect(floorDivide(999.9999999999998, 100)).toBe(9);
  });
});
