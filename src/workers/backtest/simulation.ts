import type { BarSeries } from '../../main/store/market/bars';
import { Broker, type BrokerCosts, type ClosedTrade, type OpenTrade } from './broker';
import type { Bar, StrategyInstance } from './strategy';

export interface SimulationSettings extends BrokerCosts {
  finalizeTrades: boolean;
}

/** What the bar loop produces, before statistics. */
export interface SimulationResult {
  /** Equity at each bar's close. */
  equity: Float64Array;
  /** Closed trades in the order they closed. */
  closedTrades: ClosedTrade[];
  /** Trades still open at the end (only without `finalizeTrades`): not in the statistics. */
  openTrades: OpenTrade[];
  /** Entry orders refused for want of cash, and the first bar that happened on (−1: none). */
  canceledOrders: number;
  firstCanceledBar: number;
  /** Bar at which equity reached zero and trading stopped, or −1. */
  ruinedAtBar: number;
}

/** The one bar the strategy is shown: a movable index into the columns, read on demand. */
class BarCursor implements Bar {
  index = 0;
  private readonly dates: readonly string[];
  private readonly opens: Float64Array;
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private readonly closes: Float64Array;
  private readonly volumes: Float64Array;

  constructor(series: BarSeries) {
    this.dates = series.dates;
    this.opens = series.open;
    this.highs = series.high;
    this.lows = series.low;
    this.closes = series.close;
    this.volumes = series.volume;
  }

  get date(): string {
    return this.dates[this.index]!;
  }
  get open(): number {
    return this.opens[this.index]!;
  }
  get high(): number {
    return this.highs[this.index]!;
  }
  get low(): number {
    return this.lows[this.index]!;
  }
  get close(): number {
    return this.closes[this.index]!;
  }
  get volume(): number {
    return this.volumes[this.index]!;
  }
}

/**
 * The event-driven bar loop, as backtesting.py's `Backtest.run`: on each bar, pending
 * orders fill at its open, equity is marked at its close, then the strategy sees the bar
 * (from the bar after its warm-up) and may place orders for the next one. Runs in slices
 * (`step`) so the caller can yield between them; `result()` once `isDone`.
 */
export class Simulation {
  readonly equity: Float64Array;
  private readonly bars: BarSeries;
  private readonly strategy: StrategyInstance;
  private readonly broker: Broker;
  private readonly settings: SimulationSettings;
  /** First bar on which the strategy may act: one past the indicator warm-up. */
  private readonly firstTradingBar: number;
  private readonly cursor: BarCursor;
  private nextBar = 0;
  private ruinedAtBar = -1;
  private isFinished = false;

  /**
   * `createStrategy` gets the bar the strategy will be shown: its indicators read at that bar.
   * `equity`, if given, is the buffer the equity curve is written into, as long as the bars: a
   * run writes every bar of it, so a buffer another run wrote before does as well as a new one.
   */
  constructor(
    bars: BarSeries,
    createStrategy: (bar: Bar) => StrategyInstance,
    warmupBars: number,
    settings: SimulationSettings,
    equity: Float64Array = new Float64Array(bars.close.length),
  ) {
    if (equity.length !== bars.close.length) throw new Error(`An equity buffer of ${equity.length} values for ${bars.close.length} bars`);
    this.bars = bars;
    this.settings = settings;
    this.broker = new Broker(settings);
    this.cursor = new BarCursor(bars);
    this.strategy = createStrategy(this.cursor);
    this.firstTradingBar = warmupBars + 1;
    this.equity = equity;
  }

  get isDone(): boolean {
    return this.isFinished;
  }

  /** Bars processed so far. */
  get progress(): number {
    return this.nextBar;
  }

  /** Runs up to `maxBars` more bars; returns `isDone`. */
  step(maxBars: number): boolean {
    if (this.isFinished) return true;
    const { open, close } = this.bars;
    const { equity, broker, strategy, cursor, firstTradingBar } = this;
    const initialCash = this.settings.cash;
    const count = close.length;
    const end = Math.min(count, this.nextBar + maxBars);
    let index = this.nextBar;
    // Warm-up: before the strategy may trade, equity is the cash (backtesting.py back-fills it).
    for (const warmupEnd = Math.min(end, firstTradingBar); index < warmupEnd; index++) equity[index] = initialCash;
    // Cash and open trades change only when orders fill: between fills, a lone trade's figures
    // are kept in locals (size 0 when flat, so the one formula below marks both cases).
    const trades = broker.trades;
    let cash = broker.cash;
    let openCount = trades.length;
    let size = openCount === 1 ? trades[0]!.size : 0;
    let entryPrice = openCount === 1 ? trades[0]!.entryPrice : 0;
    for (; index < end; index++) {
      cursor.index = index;
      const closePrice = close[index]!;
      if (broker.hasPendingOrders) {
        broker.processOrders(index, open[index]!, closePrice);
        cash = broker.cash;
        openCount = trades.length;
        size = openCount === 1 ? trades[0]!.size : 0;
        entryPrice = openCount === 1 ? trades[0]!.entryPrice : 0;
      }
      // `broker.equity(closePrice)`, operation for operation: cash + 0 is cash when flat. Not a
      // choice between the cases: V8 compiles that branch into a slower loop (by a fifth).
      let value = cash + (0 + size * (closePrice - entryPrice));
      if (openCount > 1) value = broker.equity(closePrice);
      equity[index] = value;
      if (value <= 0) {
        this.ruin(index, closePrice);
        return true;
      }
      strategy.next(cursor, broker);
    }
    this.nextBar = index;
    if (index === count) this.finish();
    return this.isFinished;
  }

  /** backtesting.py: out of money, close everything at this close and stop. */
  private ruin(index: number, closePrice: number): void {
    this.broker.closeAll(closePrice, index);
    this.broker.cash = 0;
    this.equity.fill(0, index);
    this.ruinedAtBar = index;
    this.isFinished = true;
    this.nextBar = this.bars.close.length;
  }

  result(): SimulationResult {
    if (!this.isFinished) throw new Error('Simulation.result() before the run is done');
    return {
      equity: this.equity,
      closedTrades: this.broker.closedTrades,
      openTrades: this.broker.trades,
      canceledOrders: this.broker.canceledOrders,
      firstCanceledBar: this.broker.firstCanceledBar,
      ruinedAtBar: this.ruinedAtBar,
    };
  }

  private finish(): void {
    this.isFinished = true;
    const last = this.bars.close.length - 1;
    // Orders placed on the last bar have no next bar to fill at.
    this.broker.dropPendingOrders();
    if (!this.settings.finalizeTrades || this.broker.trades.length === 0 || last < this.firstTradingBar) return;
    // backtesting.py's finalize_trades re-runs the broker on the last bar: open trades close at its open.
    this.broker.closeAll(this.bars.open[last]!, last);
    this.equity[last] = this.broker.equity(this.bars.close[last]!);
  }
}
