import { rsi } from '../indicators';
import type { Bar, IndicatorView, Orders, StrategyInstance } from '../strategy';
import { defineStrategy } from '../strategy';

class RsiReversion implements StrategyInstance {
  constructor(
    private readonly rsi: IndicatorView,
    private readonly lower: number,
    private readonly upper: number,
  ) {}

  next(_bar: Bar, orders: Orders): void {
    const rsi = this.rsi.current;
    if (rsi < this.lower && orders.positionSize === 0) orders.buy();
    else if (rsi > this.upper && orders.positionSize > 0) orders.closePosition();
  }
}

/** Mean reversion on RSI, long only: buy when RSI falls below `lower`, close when it rises above `upper`. */
export const rsiReversion = defineStrategy({
  name: 'rsi-reversion',
  warmupBars: ({ period }) => period,
  describeWarmup: ({ period }) => `period=${period}`,
  init: ({ period, lower, upper }, indicators) => new RsiReversion(indicators.of(rsi(period)), lower, upper),
});
