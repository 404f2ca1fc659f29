import type { Bar, IndicatorView, Orders, StrategyInstance } from '../strategy';
import { isCrossover, sma } from '../indicators';
import { defineStrategy } from '../strategy';

class SmaCross implements StrategyInstance {
  constructor(
    private readonly fast: IndicatorView,
    private readonly slow: IndicatorView,
  ) {}

  next(_bar: Bar, orders: Orders): void {
    const { fast, slow } = this;
    if (isCrossover(fast.previous, slow.previous, fast.current, slow.current)) {
      orders.closePosition();
      orders.buy();
    } else if (isCrossover(slow.previous, fast.previous, slow.current, fast.current)) {
      orders.closePosition();
      orders.sell();
    }
  }
}

/**
 * backtesting.py's README `SmaCross`: when the fast SMA crosses above the slow one, close
 * the position and go long; when it crosses below, close and go short.
 */
export const smaCross = defineStrategy({
  name: 'sma-cross',
  warmupBars: ({ slow }) => slow - 1,
  describeWarmup: ({ fast, slow }) => `fast=${fast}, slow=${slow}`,
  init: ({ fast, slow }, indicators) => new SmaCross(indicators.of(sma('close', fast)), indicators.of(sma('close', slow))),
});
