import { rollingExtreme } from '../indicators';
import type { Bar, IndicatorView, Orders, StrategyInstance } from '../strategy';
import { defineStrategy } from '../strategy';

class Breakout implements StrategyInstance {
  constructor(
    private readonly highest: IndicatorView,
    private readonly lowest: IndicatorView,
  ) {}

  next(bar: Bar, orders: Orders): void {
    // The channel of the bars before this one: the extremes as they stood on the previous bar.
    const close = bar.close;
    if (close > this.highest.previous && orders.positionSize === 0) orders.buy();
    else if (close < this.lowest.previous && orders.positionSize > 0) orders.closePosition();
  }
}

/**
 * Donchian channel breakout, long only: buy when the close rises above the highest high of
 * the `lookback` bars before this one; close when it falls below their lowest low.
 */
export const breakout = defineStrategy({
  name: 'breakout',
  warmupBars: ({ lookback }) => lookback,
  describeWarmup: ({ lookback }) => `lookback=${lookback}`,
  init: ({ lookback }, indicators) =>
    new Breakout(indicators.of(rollingExtreme('high', lookback, 'max')), indicators.of(rollingExtreme('low', lookback, 'min'))),
});
