import { defineStrategy } from '../strategy';

/** Buy on the first bar it may trade (filled at the next open) and hold to the end. */
export const buyAndHold = defineStrategy({
  name: 'buy-and-hold',
  warmupBars: () => 0,
  describeWarmup: () => 'no indicators',
  init: () => ({
    next(_bar, orders) {
      if (orders.positionSize === 0) orders.buy();
    },
  }),
});
