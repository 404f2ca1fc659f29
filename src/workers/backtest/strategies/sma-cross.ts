import type { Bar, Orders, StrategyInstance } from '../strategy';
import { isCrossover, RunningSma } from '../indicators';
import { defineStrategy } from '../strategy';

class SmaCross implements StrategyInstance {
  private readonly fast: RunningSma;
  private readonly slow: RunningSma;

  constructor(fast: number, slow: number) {
    this.fast = new RunningSma(fast);
    this.slow = new RunningSma(slow);
  }

  next(bar: Bar, orders: Orders | null): void {
    const previousFast = this.fast.value;
    const previousSlow = this.slow.value;
    const close = bar.close;
    const fast = this.fast.push(close);
    const slow = this.slow.push(close);
    if (orders === null) return;
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
  init: ({ fast, slow }) => new SmaCross(fast, slow),
});
