import type { Bar, IndicatorView, Orders, StrategyInstance } from '../strategy';
import { isCrossover, sma } from '../indicators';
import { defineStrategy } from '../strategy';

class SmaCross implements StrategyInstance {
  constructor(
    private readonly fast: IndicatorView,
    private readonly slow: IndicatorView,
  ) {}

  next(_bar: Bar, orders: Orders): void {
    const previousFast = this.fast.previous;
    const previousSlow = this.slow.previous;
    const fast = this.fast.current;
    const slow = this.slow.current;
    if (isCrossover(previousFast, previousSlow, fast, slow)) {
      orders.closePosition();
      orders.buy();
    } else if (isCrossover(previousSlow, previousFast, slow, fast)) {
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
  init: ({ fast, slow }, indicators) => new SmaCross(...indicators.pairOf(sma('close', fast), sma('close', slow))),
});
