import type { BacktestRunParams, BacktestSweepParams } from '../../shared/backtest';
import type { FanOutChunkParams } from '../../shared/kinds';
import { statisticsOnly } from '../../main/store/backtests-types';
import { openMarketStore, type MarketDb } from '../../main/store/market/connection';
import { loadBars } from '../../main/store/market/bars';
import type { Task, TaskContext } from '../task';
import { barsCacheKey, createBarsCache, runSymbols, symbolBars, type RunHooks, type SymbolBars } from './backtest-core';

/** Bars stay cached across the chunks a worker runs (a sweep's symbols are read once per worker). */
const barsCache = createBarsCache();

function hooksFor(db: MarketDb, context: TaskContext, range: { from?: string | undefined; to?: string | undefined }): RunHooks {
  // The symbol's summary changes with every import that touches it: part of the key, so a
  // re-imported symbol is read again rather than served stale from the cache.
  const version = db.prepare<[string], { updated_at: string; rows: number }>('SELECT updated_at, rows FROM symbols WHERE symbol = ?');
  return {
    loadBars(symbol): SymbolBars {
      const stored = version.get(symbol);
      const key = `${barsCacheKey(symbol, range.from, range.to)}|${stored?.updated_at ?? ''}|${stored?.rows ?? 0}`;
      const cached = barsCache.get(key);
      if (cached) return cached;
      const loaded = symbolBars(symbol, loadBars(db, symbol, range), range);
      barsCache.set(key, loaded);
      return loaded;
    },
    checkpoint: () => context.checkpoint(),
    warn: (message) => context.warn(message),
  };
}

/**
 * `backtest/run`: one strategy with fixed params over each symbol; the result is every
 * symbol's outcome, the combined account and the config (engine version, data hash) that
 * main stores in one transaction.
 */
export const backtestRunTask: Task<BacktestRunParams> = async (params, context) => {
  context.setPhase('running');
  const db = openMarketStore(context.run.marketDbPath, { readonly: true });
  try {
    const outcome = await runSymbols(params, hooksFor(db, context, { from: params.from, to: params.to }));
    context.progress(1, `${params.symbols.length} symbol(s) done`);
    return { status: outcome.status, result: outcome, error: outcome.error };
  } finally {
    db.close();
  }
};

/** The unit outcome of a sweep cell: the run's statistics (stored by main as it arrives). */
export const backtestSweepChunkTask: Task<FanOutChunkParams<BacktestSweepParams>> = async (params, context) => {
  context.setPhase('running');
  const { job } = params;
  const db = openMarketStore(context.run.marketDbPath, { readonly: true });
  try {
    const hooks = hooksFor(db, context, { from: job.from, to: job.to });
    // Missing data is the same for every cell: warn about each symbol once per chunk.
    const warned = new Set<string>();
    const warnOnce = (message: string) => {
      if (warned.has(message)) return;
      warned.add(message);
      context.warn(message);
    };
    for (const unit of params.units) {
      await context.checkpoint();
      let cellParams: Record<string, number>;
      try {
        cellParams = JSON.parse(unit) as Record<string, number>;
      } catch {
        context.unitDone(unit, null, `Cell key ${unit} is not valid JSON`);
        continue;
      }
      try {
        const outcome = await runSymbols(
          { strategy: job.strategy, params: cellParams, symbols: job.symbols, from: job.from, to: job.to, broker: job.broker },
          { ...hooks, warn: warnOnce },
        );
        context.unitDone(unit, { params: cellParams, run: statisticsOnly(outcome) }, outcome.status === 'failed' ? outcome.error : undefined);
      } catch (error) {
        if (context.isCancelled()) throw error;
        context.unitDone(unit, null, (error as Error).message);
      }
    }
    return { status: 'succeeded', result: { cells: params.units.length } };
  } finally {
    db.close();
  }
};
