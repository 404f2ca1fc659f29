import { WilderRsi } from '../indicators';
import type { Bar, Orders, StrategyInstance } from '../strategy';
import { defineStrategy } from '../strategy';

class RsiReversion implements StrategyInstance {
  private readonly rsi: WilderRsi;
  private readonly lower: number;
  private readonly upper: number;

  constructor(period: number, lower: number, upper: number) {
    this.rsi = new WilderRsi(period);
    this.lower = lower;
    this.upper = upper;
  }

  next(bar: Bar, orders: Orders | null): void {
    const rsi = this.rsi.push(bar.close);
    if (orders === null) return;
    if (rsi < this.lower && orders.positionSize === 0) orders.buy();
    else if (rsi > this.upper && orders.positionSize > 0) orders.closePosition();
  }
}

/** Mean reversion on RSI, long only: buy when RSI falls below `lower`, close when it rises above `upper`. */
export const rsiReversion = defineStrategy({
  name: 'rsi-reversion',
  warmupBars: ({ period }) => period,
  describeWarmup: ({ period }) => `period=${period}`,
  init: ({ period, lower, upper }) => new RsiReversion(period, lower, upper),
});
