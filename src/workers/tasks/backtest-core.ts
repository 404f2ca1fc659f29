import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { BacktestConfig, BrokerSettings, StrategyName } from '../../shared/backtest';
import { outcomeForUnits } from '../../shared/job';
import { ENGINE_VERSION } from '../../shared/backtest';
import type { RunOutcome, SymbolRun } from '../../main/store/backtests-types';
import type { BarSeries } from '../../main/store/market/bars';
import {
  CHECKPOINT_EVERY_BARS,
  finishBacktest,
  prepareBars,
  prepareStrategy,
  startSimulation,
  type PreparedBars,
} from '../backtest';
import { combineSymbols } from './backtest-combine';

/**
 * What backtest/run, sweep chunks and the CLI share: bars per symbol (validated once,
 * hashed once, cached), one run over several symbols, and the combined account.
 */


export interface RunTarget {
  strategy: StrategyName;
  params: Record<string, number>;
  symbols: string[];
  from?: string | undefined;
  to?: string | undefined;
  broker: BrokerSettings;
}

/** A symbol's bars ready to run, or why they cannot be. */
export type SymbolBars =
  | { isUsable: true; symbol: string; bars: PreparedBars; hash: string }
  | { isUsable: false; symbol: string; reason: string; bars: number; hash: string };

export interface RunHooks {
  loadBars(symbol: string): SymbolBars;
  /** Yields and throws once cancelled; called between symbols. */
  checkpoint(): Promise<void>;
  warn(message: string): void;
}

/** Describes a date range for messages. */
export function describeRange(from: string | undefined, to: string | undefined): string {
  if (from && to) return `between ${from} and ${to}`;
  if (from) return `from ${from} on`;
  if (to) return `up to ${to}`;
  return 'in any date range';
}

/** Validates and hashes a symbol's bars once (the hash covers dates and every price column). */
export function symbolBars(symbol: string, series: BarSeries, range: { from?: string | undefined; to?: string | undefined }): SymbolBars {
  const hash = createHash('sha256');
  hash.update(`${symbol}\n${series.dates.join(',')}\n`);
  for (const column of [series.open, series.high, series.low, series.close, series.adjClose, series.volume]) {
    hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  }
  const digest = hash.digest('hex');
  if (series.dates.length === 0) {
    return { isUsable: false, symbol, reason: `No price data for ${symbol} ${describeRange(range.from, range.to)}.`, bars: 0, hash: digest };
  }
  try {
    return { isUsable: true, symbol, bars: prepareBars(series), hash: digest };
  } catch (error) {
    return { isUsable: false, symbol, reason: `${symbol}: ${(error as Error).message}`, bars: series.dates.length, hash: digest };
  }
}

/** A per-worker cache of bars by symbol and range, so sweep chunks read each symbol once. */
export function createBarsCache(): LRUCache<string, SymbolBars> {
  return new LRUCache<string, SymbolBars>({
    // Bounded by bars held (~56 bytes a bar), not entries: ~2 M bars is ~110 MB at most.
    maxSize: 2_000_000,
    sizeCalculation: (entry) => Math.max(1, entry.isUsable ? entry.bars.series.dates.length : 1),
  });
}

export function barsCacheKey(symbol: string, from: string | undefined, to: string | undefined): string {
  return `${symbol}|${from ?? ''}|${to ?? ''}`;
}

/**
 * Runs the strategy over every symbol, each in its own account. A symbol without data,
 * with too short a history, or whose run throws fails with its reason (and a warning);
 * some failing makes the run partial, more than half failed.
 */
export async function runSymbols(target: RunTarget, hooks: RunHooks): Promise<RunOutcome> {
  const strategy = prepareStrategy(target.strategy, target.params);
  const runs: SymbolRun[] = [];
  const hashes: string[] = [];
  for (const symbol of target.symbols) {
    await hooks.checkpoint();
    const loaded = hooks.loadBars(symbol);
    hashes.push(`${symbol}:${loaded.hash}`);
    if (!loaded.isUsable) {
      hooks.warn(loaded.reason);
      runs.push(failedRun(symbol, loaded.reason, loaded.bars));
      continue;
    }
    const { series } = loaded.bars;
    try {
      const simulation = startSimulation(loaded.bars, strategy, target.broker);
      while (!simulation.step(CHECKPOINT_EVERY_BARS)) await hooks.checkpoint();
      const outcome = finishBacktest(loaded.bars, strategy, simulation);
      const firstClose = series.close[0]!;
      const buyAndHold = series.close.map((close) => (target.broker.cash * close) / firstClose);
      runs.push({
        symbol,
        status: 'succeeded',
        error: null,
        bars: series.dates.length,
        stats: outcome.stats,
        trades: outcome.trades,
        curves: { dates: outcome.dates, equity: outcome.equity, drawdown: outcome.drawdown, buyAndHold },
        warnings: outcome.warnings ?? [],
      });
    } catch (error) {
      const reason = `${symbol} ${describeRange(series.dates[0], series.dates.at(-1))} (${series.dates.length} bars): ${(error as Error).message}`;
      hooks.warn(reason);
      runs.push(failedRun(symbol, reason, series.dates.length));
    }
  }
  const failed = runs.filter((run) => run.status === 'failed');
  const status = outcomeForUnits(runs.length, failed.length);
  const config: BacktestConfig = {
    strategy: target.strategy,
    params: { ...(strategy.params as Record<string, number>) },
    symbols: target.symbols,
    from: target.from ?? null,
    to: target.to ?? null,
    broker: target.broker,
    engineVersion: ENGINE_VERSION,
    dataHash: createHash('sha256').update(hashes.join('\n')).digest('hex'),
  };
  const outcome: RunOutcome = { status, config, symbols: runs, combined: combineSymbols(runs, target.broker.cash) };
  if (status === 'failed') {
    outcome.error = `${failed.length} of ${runs.length} symbols failed: ${failed.map((run) => run.error).join(' ')}`;
  }
  return outcome;
}

function failedRun(symbol: string, reason: string, bars: number): SymbolRun {
  return { symbol, status: 'failed', error: reason, bars, stats: null, trades: [], curves: null, warnings: [] };
}
