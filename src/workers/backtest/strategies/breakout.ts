import { RollingExtreme } from '../indicators';
import type { Bar, Orders, StrategyInstance } from '../strategy';
import { defineStrategy } from '../strategy';

class Breakout implements StrategyInstance {
  private readonly highest: RollingExtreme;
  private readonly lowest: RollingExtreme;

  constructor(lookback: number) {
    this.highest = new RollingExtreme(lookback, 'max');
    this.lowest = new RollingExtreme(lookback, 'min');
  }

  next(bar: Bar, orders: Orders | null): void {
    // The channel of the bars before this one: read before this bar joins it.
    const channelHigh = this.highest.value;
    const channelLow = this.lowest.value;
    this.highest.push(bar.high);
    this.lowest.push(bar.low);
    if (orders === null) return;
    const close = bar.close;
    if (close > channelHigh && orders.positionSize === 0) orders.buy();
    else if (close < channelLow && orders.positionSize > 0) orders.closePosition();
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
  init: ({ lookback }) => new Breakout(lookback),
});
