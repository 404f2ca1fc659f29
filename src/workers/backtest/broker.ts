import type { Orders } from './strategy';

/**
 * backtesting.py's `_Broker` for market orders on one instrument (margin 1, no hedging, no
 * exclusive orders), ported operation by operation so equity matches it to the last bit.
 *
 * Its accounting: `cash` is never debited for what a trade costs; a trade's profit is
 * credited when it closes, and equity is cash plus the open trades' profit at the current
 * close. Commission is paid in cash at entry and again at exit.
 */

/** backtesting.py's default order size `1 − ε` ("all of it", printed as .9999). */
export const FULL_EQUITY = 1 - Number.EPSILON;

export interface BrokerCosts {
  cash: number;
  /** Fraction of traded value, charged at entry and at exit. */
  commission: number;
  /** Fraction added to a long entry's price, taken off a short entry's. */
  spread: number;
}

export interface OpenTrade {
  /** Units; negative for a short. */
  size: number;
  entryPrice: number;
  entryBar: number;
}

export interface ClosedTrade extends OpenTrade {
  exitPrice: number;
  exitBar: number;
  /** Entry and exit commission together. */
  commission: number;
}

/**
 * Python's float `//` (floor of the exact quotient, which `Math.floor(a / b)` is not when the
 * rounded quotient lands on an integer). A rounded quotient farther from an integer than its
 * rounding error has the same floor as the exact one: that is the fast path.
 */
export function floorDivide(dividend: number, divisor: number): number {
  const quotient = dividend / divisor;
  const floored = Math.floor(quotient);
  const margin = Math.abs(quotient) * 4 * Number.EPSILON + Number.MIN_VALUE;
  if (quotient - floored > margin && floored + 1 - quotient > margin) return floored;
  return exactFloorDivide(dividend, divisor);
}

/** CPython's `float_floor_div`. */
function exactFloorDivide(dividend: number, divisor: number): number {
  let remainder = dividend % divisor;
  let quotient = (dividend - remainder) / divisor;
  if (remainder !== 0 && divisor < 0 !== remainder < 0) {
    remainder += divisor;
    quotient -= 1;
  }
  if (quotient === 0) return 0;
  let floored = Math.floor(quotient);
  if (quotient - floored > 0.5) floored += 1;
  return floored;
}

/** Empties a short array (pops are inlined; assigning `length` is a runtime call). */
function clear(items: unknown[]): void {
  while (items.length > 0) items.pop();
}

export class Broker implements Orders {
  cash: number;
  readonly trades: OpenTrade[] = [];
  readonly closedTrades: ClosedTrade[] = [];
  /** True from an order's placement until the next `processOrders` (read every bar: a field, not a count). */
  hasPendingOrders = false;
  /** Entry orders the broker refused for want of cash, and the first bar that happened on. */
  canceledOrders = 0;
  firstCanceledBar = -1;
  /**
   * Whether `closePosition()` was called since the last fill. backtesting.py queues an order per
   * open trade, each for the trade's whole size, at the front of its queue: the trades open at
   * the next fill (the same ones: trades change only when orders fill) close first, newest
   * first, then entry orders run in the order they were placed. Calling it twice closes once.
   */
  private isClosing = false;
  /** Entry order sizes: units or, strictly between −1 and 1, a fraction of available margin; negative sells. */
  private readonly entryOrders: number[] = [];
  private readonly commissionRate: number;
  private readonly spread: number;
  /** Close of the bar being processed: backtesting.py's `last_price`, which marks open trades. */
  private lastPrice = Number.NaN;

  constructor(costs: BrokerCosts) {
    this.cash = costs.cash;
    this.commissionRate = costs.commission;
    this.spread = costs.spread;
  }

  get positionSize(): number {
    let size = 0;
    for (const trade of this.trades) size += trade.size;
    return size;
  }

  buy(): void {
    this.entryOrders.push(FULL_EQUITY);
    this.hasPendingOrders = true;
  }

  sell(): void {
    this.entryOrders.push(-FULL_EQUITY);
    this.hasPendingOrders = true;
  }

  closePosition(): void {
    if (this.trades.length === 0) return;
    this.isClosing = true;
    this.hasPendingOrders = true;
  }

  /** Drops orders that will never fill (at the end of the data). */
  dropPendingOrders(): void {
    this.isClosing = false;
    clear(this.entryOrders);
    this.hasPendingOrders = false;
  }

  commission(size: number, price: number): number {
    return Math.abs(size) * price * this.commissionRate;
  }

  /** Cash plus every open trade's profit at `price`. */
  equity(price: number): number {
    const trades = this.trades;
    if (trades.length === 0) return this.cash;
    let profit = 0;
    for (let index = 0; index < trades.length; index++) profit += trades[index]!.size * (price - trades[index]!.entryPrice);
    return this.cash + profit;
  }

  marginAvailable(): number {
    const price = this.lastPrice;
    let used = 0;
    for (const trade of this.trades) used += Math.abs(trade.size) * price;
    return Math.max(0, this.equity(price) - used);
  }

  /** Fills every pending market order at `open` of bar `barIndex`, whose close is `close`. */
  processOrders(barIndex: number, open: number, close: number): void {
    this.lastPrice = close;
    this.hasPendingOrders = false;
    if (this.isClosing) {
      this.isClosing = false;
      const trades = this.trades;
      for (let index = trades.length - 1; index >= 0; index--) this.closeTrade(trades[index]!, open, barIndex);
    }
    const entryOrders = this.entryOrders;
    for (let index = 0; index < entryOrders.length; index++) this.fillEntry(entryOrders[index]!, barIndex, open);
    clear(entryOrders);
  }

  /** Closes every open trade at `price` (finalize, or equity gone). */
  closeAll(price: number, barIndex: number): void {
    for (const trade of [...this.trades]) this.closeTrade(trade, price, barIndex);
  }

  private fillEntry(orderSize: number, barIndex: number, price: number): void {
    const isLong = orderSize > 0;
    const adjustedPrice = price * (1 + (isLong ? this.spread : -this.spread));
    const pricePlusCommission = adjustedPrice + this.commission(orderSize, price) / Math.abs(orderSize);
    let size = orderSize;
    if (size > -1 && size < 1) {
      const units = floorDivide(this.marginAvailable() * Math.abs(size), pricePlusCommission);
      size = size > 0 ? units : -units;
      if (size === 0) {
        this.cancel(barIndex);
        return;
      }
    }
    let needSize = Math.trunc(size);
    // No hedging: an order first closes opposite trades, oldest first.
    for (let index = 0; index < this.trades.length && needSize !== 0; ) {
      const trade = this.trades[index]!;
      if (trade.size > 0 === isLong) {
        index += 1;
        continue;
      }
      if (Math.abs(needSize) >= Math.abs(trade.size)) {
        this.closeTrade(trade, price, barIndex);
        needSize += trade.size;
      } else {
        this.reduceTrade(trade, price, needSize, barIndex);
        needSize = 0;
      }
    }
    if (Math.abs(needSize) * pricePlusCommission > this.marginAvailable()) {
      this.cancel(barIndex);
      return;
    }
    if (needSize !== 0) {
      this.trades.push({ size: needSize, entryPrice: adjustedPrice, entryBar: barIndex });
      this.cash -= this.commission(needSize, adjustedPrice);
    }
  }

  private cancel(barIndex: number): void {
    this.canceledOrders += 1;
    if (this.firstCanceledBar === -1) this.firstCanceledBar = barIndex;
  }

  private reduceTrade(trade: OpenTrade, price: number, size: number, barIndex: number): void {
    const sizeLeft = trade.size + size;
    let closing = trade;
    if (sizeLeft !== 0) {
      trade.size = sizeLeft;
      closing = { size: -size, entryPrice: trade.entryPrice, entryBar: trade.entryBar };
      this.trades.push(closing);
    }
    this.closeTrade(closing, price, barIndex);
  }

  private closeTrade(trade: OpenTrade, price: number, barIndex: number): void {
    const trades = this.trades;
    if (trades[trades.length - 1] === trade) trades.pop();
    else trades.splice(trades.indexOf(trade), 1);
    const exitCommission = this.commission(trade.size, price);
    this.cash += trade.size * (price - trade.entryPrice) - exitCommission;
    this.closedTrades.push({
      size: trade.size,
      entryPrice: trade.entryPrice,
      entryBar: trade.entryBar,
      exitPrice: price,
      exitBar: barIndex,
      commission: exitCommission + this.commission(trade.size, trade.entryPrice),
    });
  }
}
