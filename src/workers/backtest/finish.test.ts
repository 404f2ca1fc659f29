/** finishStatistics (a sweep cell's finish) against finishBacktest (a full run's). */
import { describe, expect, it } from 'vitest';
import type { BrokerSettings, StrategyName } from '../../shared/backtest';
import type { BarSeries } from '../../main/store/market/bars';
import { finishBacktest, finishStatistics, prepareBars, prepareStrategy, startSimulation } from './engine';
import { drawdownSeries } from './stats';
import { barsFromCloses, googBars } from './test-bars';

const BROKER: BrokerSettings = { cash: 10_000, commission: 0, spread: 0, finalizeTrades: true };

/** Both finishes of one simulation. */
function finishBoth(series: BarSeries, strategy: StrategyName, params: unknown, broker: Partial<BrokerSettings> = {}) {
  const bars = prepareBars(series);
  const prepared = prepareStrategy(strategy, params);
  const simulation = startSimulation(bars, prepared, { ...BROKER, ...broker });
  simulation.step(Number.POSITIVE_INFINITY);
  return { full: finishBacktest(bars, prepared, simulation), cell: finishStatistics(bars, prepared, simulation) };
}

describe('finishStatistics (what a sweep cell keeps)', () => {
  const goog = googBars();

  it.each([
    ['sma-cross', { fast: 10, slow: 30 }, {}],
    ['sma-cross', { fast: 10, slow: 20 }, { commission: 0.002, finalizeTrades: false }],
    ['rsi-reversion', {}, { spread: 0.001 }],
    ['breakout', {}, {}],
    ['buy-and-hold', {}, {}],
  ] as const)('gives finishBacktest’s statistics and warnings: %s %o %o', (strategy, params, broker) => {
    const { full, cell } = finishBoth(goog, strategy, params, broker);
    expect(cell.stats).toEqual(full.stats);
    const figures = full.trades.map(({ entryBar, exitBar, pnl, returnPct, durationDays, commission }) => ({ entryBar, exitBar, pnl, returnPct, durationDays, commission }));
    expect(cell.trades).toEqual(figures);
    expect(cell.equity).toBe(full.equity);
    expect(cell.warnings).toEqual(full.warnings);
    expect(Object.keys(cell).sort()).toEqual(['equity', 'stats', 'trades', 'warnings']);
  });

  it('agrees on a run that goes to zero, where every later ratio is 0/0', () => {
    // Short from bar 4 (the close turned down at bar 3), then the price quadruples: equity reaches zero at bar 6.
    const closes = [10, 11, 12, 11, 10, 9, 40, 80, 90];
    const { full, cell } = finishBoth(barsFromCloses(closes), 'sma-cross', { fast: 1, slow: 2 });
    expect(full.warnings?.some((warning) => warning.startsWith('Equity reached zero'))).toBe(true);
    expect(cell.stats).toEqual(full.stats);
  });

  it('leaves the drawdown curve to finishBacktest, which still returns it', () => {
    const { full } = finishBoth(goog, 'sma-cross', { fast: 10, slow: 30 });
    expect(full.drawdown).toEqual(drawdownSeries(full.equity));
  });
});
