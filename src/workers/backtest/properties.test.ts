/**
 * Properties over random price series, strategies and broker settings:
 * - equity always equals cash plus position value, rebuilt from the trades alone;
 * - no trade uses a future bar: entries and exits fill at the open of the bar after the
 *   decision, and a strategy shown a truncated series decides the same on the common part.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BarSeries } from '../../main/store/market/bars';
import type { StrategyName } from '../../shared/backtest';
import { minimumBars, prepareBars, prepareStrategy, startSimulation } from './engine';
import type { SimulationResult, SimulationSettings } from './simulation';
import type { Orders, StrategyInstance } from './strategy';
import { businessDays, headBars } from './test-bars';

interface Decision {
  bar: number;
  action: 'buy' | 'sell' | 'close';
}

/** A strategy instance that logs every order it places, on the bar it places it. */
function recording(inner: StrategyInstance, log: Decision[]): StrategyInstance {
  let proxy: Orders | null = null;
  let barIndex = 0;
  return {
    next(bar, orders) {
      barIndex = bar.index;
      proxy ??= {
        get positionSize() {
          return orders.positionSize;
        },
        buy: () => (log.push({ bar: barIndex, action: 'buy' }), orders.buy()),
        sell: () => (log.push({ bar: barIndex, action: 'sell' }), orders.sell()),
        closePosition: () => (log.push({ bar: barIndex, action: 'close' }), orders.closePosition()),
      };
      inner.next(bar, proxy);
    },
  };
}

const seriesArbitrary = fc
  .record({
    start: fc.double({ min: 5, max: 500, noNaN: true }),
    moves: fc.array(
      fc.record({
        gap: fc.double({ min: -0.03, max: 0.03, noNaN: true }),
        change: fc.double({ min: -0.08, max: 0.08, noNaN: true }),
        up: fc.double({ min: 0, max: 0.02, noNaN: true }),
        down: fc.double({ min: 0, max: 0.02, noNaN: true }),
      }),
      { minLength: 45, maxLength: 160 },
    ),
  })
  .map(({ start, moves }): BarSeries => {
    const count = moves.length;
    const series: BarSeries = {
      dates: businessDays('2021-03-01', count),
      open: new Float64Array(count),
      high: new Float64Array(count),
      low: new Float64Array(count),
      close: new Float64Array(count),
      adjClose: new Float64Array(count).fill(Number.NaN),
      volume: new Float64Array(count).fill(1000),
    };
    let previous = start;
    moves.forEach((move, index) => {
      const open = previous * (1 + move.gap);
      const close = open * (1 + move.change);
      series.open[index] = open;
      series.close[index] = close;
      series.high[index] = Math.max(open, close) * (1 + move.up);
      series.low[index] = Math.min(open, close) * (1 - move.down);
      previous = close;
    });
    return series;
  });

const strategyArbitrary: fc.Arbitrary<{ name: StrategyName; params: Record<string, number> }> = fc.oneof(
  fc
    .record({ fast: fc.integer({ min: 1, max: 8 }), extra: fc.integer({ min: 1, max: 15 }) })
    .map(({ fast, extra }) => ({ name: 'sma-cross' as const, params: { fast, slow: fast + extra } })),
  fc
    .record({ period: fc.integer({ min: 2, max: 10 }), lower: fc.integer({ min: 20, max: 45 }), upper: fc.integer({ min: 55, max: 80 }) })
    .map((params) => ({ name: 'rsi-reversion' as const, params })),
  fc.integer({ min: 2, max: 15 }).map((lookback) => ({ name: 'breakout' as const, params: { lookback } })),
  fc.constant({ name: 'buy-and-hold' as const, params: {} }),
);

const brokerArbitrary: fc.Arbitrary<SimulationSettings> = fc.record({
  cash: fc.double({ min: 1_000, max: 100_000, noNaN: true }),
  commission: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.01, noNaN: true })),
  spread: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.01, noNaN: true })),
  finalizeTrades: fc.boolean(),
});

function run(series: BarSeries, name: StrategyName, params: unknown, broker: SimulationSettings): { result: SimulationResult; decisions: Decision[] } {
  const strategy = prepareStrategy(name, params);
  const decisions: Decision[] = [];
  const simulation = startSimulation(prepareBars(series), { ...strategy, create: (indicators) => recording(strategy.create(indicators), decisions) }, broker);
  simulation.step(Number.POSITIVE_INFINITY);
  return { result: simulation.result(), decisions };
}

describe('backtest properties on random series', () => {
  it('equity at every bar = cash + position × close, with cash and position rebuilt from the trades', () => {
    fc.assert(
      fc.property(seriesArbitrary, strategyArbitrary, brokerArbitrary, (series, { name, params }, broker) => {
        const { result } = run(series, name, params, broker);
        const trades = [
          ...result.closedTrades,
          ...result.openTrades.map((trade) => ({ ...trade, exitBar: Number.POSITIVE_INFINITY, exitPrice: 0, commission: 0 })),
        ];
        const last = series.close.length - 1;
        const end = result.ruinedAtBar === -1 ? last : result.ruinedAtBar - 1;
        for (let bar = 0; bar <= end; bar++) {
          let cash = broker.cash;
          let position = 0;
          let scale = broker.cash;
          for (const trade of trades) {
            if (trade.entryBar > bar) continue;
            const units = Math.abs(trade.size);
            // Conventional cash: pay for what is bought (receive for what is sold short) and the commission.
            cash -= trade.size * trade.entryPrice + units * trade.entryPrice * broker.commission;
            scale += units * trade.entryPrice;
            if (trade.exitBar <= bar) cash += trade.size * trade.exitPrice - units * trade.exitPrice * broker.commission;
            else position += trade.size;
          }
          const expected = cash + position * series.close[bar]!;
          expect(Math.abs(result.equity[bar]! - expected)).toBeLessThanOrEqual(1e-9 * scale);
        }
        if (result.ruinedAtBar !== -1) expect(Array.from(result.equity.subarray(result.ruinedAtBar))).toEqual(new Array(last - result.ruinedAtBar + 1).fill(0));
      }),
      { numRuns: 200 },
    );
  });

  it('fills every entry and exit at the open of the bar after the decision (or finalizes at the last open)', () => {
    fc.assert(
      fc.property(seriesArbitrary, strategyArbitrary, brokerArbitrary, (series, { name, params }, broker) => {
        const { result, decisions } = run(series, name, params, broker);
        const last = series.close.length - 1;
        const decidedOn = (bar: number, actions: Decision['action'][]): boolean =>
          decisions.some((decision) => decision.bar === bar && actions.includes(decision.action));
        for (const trade of [...result.closedTrades, ...result.openTrades]) {
          const isLong = trade.size > 0;
          expect(decidedOn(trade.entryBar - 1, [isLong ? 'buy' : 'sell'])).toBe(true);
          const spread = isLong ? broker.spread : -broker.spread;
          expect(trade.entryPrice).toBe(series.open[trade.entryBar]! * (1 + spread));
        }
        for (const trade of result.closedTrades) {
          if (trade.exitBar === result.ruinedAtBar) {
            expect(trade.exitPrice).toBe(series.close[trade.exitBar]);
            continue;
          }
          expect(trade.exitPrice).toBe(series.open[trade.exitBar]);
          const isFinalized = broker.finalizeTrades && trade.exitBar === last;
          expect(isFinalized || decidedOn(trade.exitBar - 1, ['close', trade.size > 0 ? 'sell' : 'buy'])).toBe(true);
        }
        // Nothing decided before the warm-up is over (backtesting.py calls next() from the bar after it).
        const warmup = prepareStrategy(name, params).warmupBars;
        expect(decisions.every((decision) => decision.bar > warmup)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('decides the same on the bars a truncated series shares with the full one', () => {
    fc.assert(
      fc.property(
        seriesArbitrary,
        strategyArbitrary,
        brokerArbitrary,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (series, { name, params }, broker, cut) => {
          const count = series.close.length;
          const shortest = minimumBars(prepareStrategy(name, params));
          const kept = shortest + Math.floor(cut * (count - shortest));
          const full = run(series, name, params, broker);
          const truncated = run(headBars(series, kept), name, params, broker);
          expect(truncated.decisions).toEqual(full.decisions.filter((decision) => decision.bar < kept));
          // Equity agrees up to the truncated run's last bar (where finalize may close at the open).
          expect(Array.from(truncated.result.equity.subarray(0, kept - 1))).toEqual(Array.from(full.result.equity.subarray(0, kept - 1)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
