import {
  brokerSettings,
  isStrategyName,
  STRATEGY_NAMES,
  type BacktestOutcome,
  type BacktestStats,
  type BrokerSettings,
  type StrategyName,
  type Trade,
} from '../../shared/backtest';
import { AppError } from '../../shared/errors';
import { countText } from '../../shared/count-text';
import { describeIssues, safeParseQuoting } from '../../shared/validation';
import type { BarSeries } from '../../main/store/market/bars';
import type { ClosedTrade } from './broker';
import { parseDayNumbers } from './dates';
import { IndicatorColumns } from './indicator-columns';
import { Simulation, type SimulationResult } from './simulation';
import {
  annualisation,
  computeStats,
  marketReturns,
  type Annualisation,
  type MarketReturns,
  type TradeFigures,
} from './stats';
import type { PreparedStrategy } from './strategy';
import { STRATEGIES } from './strategies';

/**
 * Version of the engine's results, stored with every run: bump it whenever the same input
 * could give different trades or statistics, so two results are only compared like for like.
 */
export { ENGINE_VERSION } from '../../shared/backtest';

/**
 * Bars between two `checkpoint()` calls: at ~40 ns a bar a slice is ~0.2 ms of work, far under
 * the 10 ms a cancel may wait, and a check (~180 ns) costs ~0.1 % of it (bench/backtest-engine.ts).
 */
export const CHECKPOINT_EVERY_BARS = 4096;

export interface BacktestInput {
  bars: BarSeries;
  strategy: StrategyName;
  /** Validated here against the strategy's schema; missing fields take their defaults. */
  params: unknown;
  broker: BrokerSettings;
  /** Called every few thousand bars: yields to the event loop and throws once cancelled. */
  checkpoint?: () => Promise<void>;
}

/** Bars checked once (finite prices, ordered dates) and their day numbers, reusable across runs. */
export interface PreparedBars {
  series: BarSeries;
  /** Day numbers of the dates (see dates.ts). */
  days: Int32Array;
  /** The strategies' indicators over these bars, computed on first use (and kept, by a sweep's cells). */
  indicators: IndicatorColumns;
  /** The close's side of Beta (`marketReturns`), computed by the first run's statistics and reused by the next. */
  market?: MarketReturns;
  /** How the statistics annualise these dates, likewise computed once. */
  annualisation?: Annualisation;
}

/** Columns from rows (the CLI's `--csv` path), oldest first as given. */
export { seriesFromRows as barSeriesFromRows } from '../../main/store/market/bars';

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

/** Checks a series can be backtested at all; throws AppError 'invalid' naming the first bad bar. */
export function prepareBars(series: BarSeries): PreparedBars {
  const count = series.dates.length;
  if (!arePricesValid(series)) throwFirstInvalidColumn(series);
  const days = new Int32Array(count);
  const invalidAt = parseDayNumbers(series.dates, days);
  if (invalidAt !== -1) {
    throw new AppError('invalid', `Bar ${invalidAt + 1} has date "${series.dates[invalidAt]}", not a valid YYYY-MM-DD date.`, {
      bar: invalidAt,
    });
  }
  for (let index = 1; index < count; index++) {
    if (days[index]! <= days[index - 1]!) {
      throw new AppError(
        'invalid',
        `Bar dates must increase: bar ${index + 1} (${series.dates[index]}) comes after ${series.dates[index - 1]}.`,
        { bar: index },
      );
    }
  }
  return { series, days, indicators: new IndicatorColumns(series) };
}

/** Every price column as long as the dates, and every price positive and finite: one pass over the four columns. */
function arePricesValid({ dates, open, high, low, close }: BarSeries): boolean {
  const count = dates.length;
  if (open.length !== count || high.length !== count || low.length !== count || close.length !== count) return false;
  for (let index = 0; index < count; index++) {
    if (!(isValidPrice(open[index]!) && isValidPrice(high[index]!) && isValidPrice(low[index]!) && isValidPrice(close[index]!))) return false;
  }
  return true;
}

function isValidPrice(price: number): boolean {
  return price > 0 && price < Number.POSITIVE_INFINITY;
}

/** The error `arePricesValid` found, column by column (opens first): the one a column-at-a-time check names. */
function throwFirstInvalidColumn(series: BarSeries): never {
  const count = series.dates.length;
  for (const field of PRICE_FIELDS) {
    const prices = series[field];
    if (prices.length !== count) {
      throw new AppError('invalid', `The ${field} column has ${prices.length} values for ${count} dates.`);
    }
    const index = prices.findIndex((price) => !isValidPrice(price));
    if (index !== -1) {
      throw new AppError(
        'invalid',
        `Bar ${index + 1} (${series.dates[index]}) has ${field} ${prices[index]}; every open, high, low and close must be a positive finite number.`,
        { bar: index, field },
      );
    }
  }
  throw new Error('unreachable: arePricesValid found no invalid column');
}

/** Looks a strategy up and validates its parameters; throws AppError 'invalid'. */
export function prepareStrategy(name: string, params: unknown): PreparedStrategy {
  if (!isStrategyName(name)) {
    throw new AppError('invalid', `Unknown strategy "${name}"; the strategies are ${STRATEGY_NAMES.join(', ')}.`);
  }
  return STRATEGIES[name].prepare(params);
}

/** Validates broker settings (defaults filled in); throws AppError 'invalid'. */
export function prepareBroker(settings: unknown): BrokerSettings {
  const parsed = safeParseQuoting(brokerSettings, settings ?? {});
  if (parsed.success) return parsed.data;
  const problems = describeIssues(parsed.error.issues, { keyNoun: 'setting', knownKeys: { owner: 'the broker', keys: Object.keys(brokerSettings.shape) } });
  throw new AppError('invalid', `Invalid broker settings: ${problems}.`, { issues: parsed.error.issues });
}

/** Fewest bars a strategy can trade on: its warm-up, a bar to decide on, a bar to fill at. */
export function minimumBars(strategy: PreparedStrategy): number {
  return strategy.warmupBars + 3;
}

/** How a run shares buffers with the runs before and after it on the same bars. */
export interface SimulationOptions {
  /** The buffer the equity curve is written into (see `Simulation`); a new one if not given. */
  equity?: Float64Array;
  /**
   * Whether the indicator columns the run computes are kept for later runs (a sweep's cells
   * share them); a run that keeps none still reads those kept before it.
   */
  keepColumns?: boolean;
}

/** The bar loop for validated input, ready to `step`; throws AppError 'invalid' when the series is too short. */
export function startSimulation(bars: PreparedBars, strategy: PreparedStrategy, broker: BrokerSettings, options: SimulationOptions = {}): Simulation {
  const count = bars.series.dates.length;
  const needed = minimumBars(strategy);
  if (count < needed) {
    throw new AppError(
      'invalid',
      `${strategy.name} with ${strategy.warmupReason} needs at least ${needed} bars ` +
        `(${strategy.warmupBars} before its indicators are defined, one to decide on, one to fill at); the series has ${count}.`,
      { strategy: strategy.name, needed, bars: count },
    );
  }
  const keepColumns = options.keepColumns ?? false;
  return new Simulation(bars.series, (bar) => strategy.create(bars.indicators.viewsAt(bar, keepColumns)), strategy.warmupBars, broker, options.equity);
}

/** Statistics, trades and curves of a finished simulation. */
export function finishBacktest(bars: PreparedBars, strategy: PreparedStrategy, simulation: Simulation): BacktestOutcome {
  const { dates } = bars.series;
  const drawdown = new Float64Array(dates.length);
  const { result, trades, stats } = finishRun(bars, strategy, simulation, (trade) => toTrade(trade, dates, bars.days), drawdown);
  return {
    stats,
    trades,
    equity: result.equity,
    drawdown,
    dates,
    warnings: describeWarnings(result, dates),
  };
}

/** What a sweep cell keeps of a finished simulation: statistics, warnings, and the equity and trades a combined account needs. */
export interface StatisticsOutcome {
  stats: BacktestStats;
  /** What the statistics read of each closed trade. */
  trades: TradeFigures[];
  equity: Float64Array;
  warnings: string[];
}

/**
 * `finishBacktest` for a sweep cell: the same statistics, without the drawdown curve and the
 * trades a cell does not keep (the statistics need neither the curve nor whole `Trade`s).
 */
export function finishStatistics(bars: PreparedBars, strategy: PreparedStrategy, simulation: Simulation): StatisticsOutcome {
  const { result, trades, stats } = finishRun(bars, strategy, simulation, (trade) => tradeFigures(trade, bars.days));
  return { stats, trades, equity: result.equity, warnings: describeWarnings(result, bars.series.dates) };
}

/**
 * What every finish does: the run's result, its closed trades as `trade` makes them, and their
 * statistics; the drawdown curve into `drawdown` if given.
 */
function finishRun<T extends TradeFigures>(
  bars: PreparedBars,
  strategy: PreparedStrategy,
  simulation: Simulation,
  trade: (closed: ClosedTrade) => T,
  drawdown?: Float64Array,
): { result: SimulationResult; trades: T[]; stats: BacktestStats } {
  const result = simulation.result();
  const { dates, close } = bars.series;
  const trades = result.closedTrades.map(trade);
  bars.market ??= marketReturns(close);
  bars.annualisation ??= annualisation(bars.days);
  const stats = computeStats({
    dates,
    days: bars.days,
    close,
    equity: result.equity,
    trades,
    warmupBars: strategy.warmupBars,
    market: bars.market,
    annualisation: bars.annualisation,
    drawdown,
  });
  return { result, trades, stats };
}

/** One backtest, synchronously: the core a sweep calls per cell (validate bars once with `prepareBars`). */
export function runPreparedBacktest(bars: PreparedBars, strategy: PreparedStrategy, broker: BrokerSettings): BacktestOutcome {
  const simulation = startSimulation(bars, strategy, broker);
  simulation.step(Number.POSITIVE_INFINITY);
  return finishBacktest(bars, strategy, simulation);
}

/**
 * `prepareBars` once per series: a series is validated on its first run, and its next runs
 * reuse the check and what the statistics derive from the bars alone (log returns,
 * annualisation), as the workers' bars cache does for sweeps. A series must not be edited in
 * place once run; replacing a column is noticed.
 */
const preparedBySeries = new WeakMap<BarSeries, { bars: PreparedBars; columns: readonly unknown[] }>();

function preparedBarsOf(series: BarSeries): PreparedBars {
  const columns = [series.dates, series.open, series.high, series.low, series.close];
  const cached = preparedBySeries.get(series);
  if (cached !== undefined && cached.columns.every((column, index) => column === columns[index])) return cached.bars;
  const bars = prepareBars(series);
  preparedBySeries.set(series, { bars, columns });
  return bars;
}

/** One backtest, synchronously, from raw input. Throws AppError 'invalid' on bad input. */
export function runBacktestSync(input: Omit<BacktestInput, 'checkpoint'>): BacktestOutcome {
  return runPreparedBacktest(preparedBarsOf(input.bars), prepareStrategy(input.strategy, input.params), prepareBroker(input.broker));
}

/**
 * One backtest, yielding through `checkpoint` every CHECKPOINT_EVERY_BARS bars so a cancel
 * lands at once. Throws AppError 'invalid' on bad input, and whatever `checkpoint` throws.
 */
export async function runBacktest(input: BacktestInput): Promise<BacktestOutcome> {
  const bars = preparedBarsOf(input.bars);
  const strategy = prepareStrategy(input.strategy, input.params);
  const simulation = startSimulation(bars, strategy, prepareBroker(input.broker));
  const checkpoint = input.checkpoint;
  if (checkpoint === undefined) {
    simulation.step(Number.POSITIVE_INFINITY);
  } else {
    while (!simulation.step(CHECKPOINT_EVERY_BARS)) await checkpoint();
    await checkpoint();
  }
  return finishBacktest(bars, strategy, simulation);
}

/** What the statistics read of a closed trade, with backtesting.py 0.6.5's `pl` and `pl_pct`: both net of entry and exit commission. */
function tradeFigures(trade: ClosedTrade, days: Int32Array): TradeFigures {
  const { size, entryPrice, exitPrice, commission } = trade;
  return {
    entryBar: trade.entryBar,
    exitBar: trade.exitBar,
    pnl: size * (exitPrice - entryPrice) - commission,
    returnPct: Math.sign(size) * (exitPrice / entryPrice - 1) - commission / (Math.abs(size) * entryPrice),
    durationDays: days[trade.exitBar]! - days[trade.entryBar]!,
    commission,
  };
}

/** A closed trade: its `tradeFigures`, size, prices and dates. */
function toTrade(trade: ClosedTrade, dates: readonly string[], days: Int32Array): Trade {
  const figures = tradeFigures(trade, days);
  return {
    size: trade.size,
    entryBar: trade.entryBar,
    exitBar: trade.exitBar,
    entryTime: dates[trade.entryBar]!,
    exitTime: dates[trade.exitBar]!,
    entryPrice: trade.entryPrice,
    exitPrice: trade.exitPrice,
    pnl: figures.pnl,
    returnPct: figures.returnPct,
    durationDays: figures.durationDays,
    commission: trade.commission,
  };
}

function describeWarnings(result: SimulationResult, dates: readonly string[]): string[] {
  const warnings: string[] = [];
  if (result.canceledOrders > 0) {
    // Worded so the count never changes the sentence: a sweep groups its cells' warnings with the numbers left out.
    warnings.push(
      `Orders not filled, as one unit cost more than the cash available at the fill price: ${countText(result.canceledOrders)}, ` +
        `the first on ${dates[result.firstCanceledBar]}.`,
    );
  }
  if (result.ruinedAtBar !== -1) {
    warnings.push(`Equity reached zero on ${dates[result.ruinedAtBar]}; trading stopped there.`);
  }
  if (result.openTrades.length > 0) {
    warnings.push(`Trades still open at the end, left out of the statistics (finalizeTrades is off): ${countText(result.openTrades.length)}.`);
  }
  return warnings;
}
