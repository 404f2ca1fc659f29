import { statSync } from 'node:fs';
import type { BacktestRunParams, BacktestSweepParams } from '../../shared/backtest';
import type { FanOutChunkParams } from '../../shared/kinds';
import { openMarketStore, type MarketDb } from '../../main/store/market/connection';
import { loadBars } from '../../main/store/market/bars';
import { storedSpan } from '../../main/store/market/symbol-check';
import { statementCache } from '../../main/store/sqlite';
import type { Task, TaskContext } from '../task';
import { barsCacheKey, createBarsCache, runSymbols, symbolBars, type RunHooks, type SymbolBars } from './backtest-core';

/** Bars stay cached across the chunks a worker runs (a sweep's symbols are read once per worker). */
const barsCache = createBarsCache();

/**
 * A task's hooks (one run, or one sweep chunk). Each symbol is looked up once per task: its
 * bars come from the worker's cache unless an import changed the symbol since they were read.
 */
function hooksFor(db: MarketDb, context: TaskContext, range: { from?: string | undefined; to?: string | undefined }): RunHooks {
  const version = versionStatement(db);
  // Every cell of a chunk runs on the same bars: look each symbol up once for all of them.
  const loaded = new Map<string, SymbolBars>();
  return {
    loadBars(symbol): SymbolBars {
      let bars = loaded.get(symbol);
      if (bars === undefined) {
        bars = cachedBars(db, version.get(symbol), symbol, range);
        loaded.set(symbol, bars);
      }
      return bars;
    },
    checkpoint: () => context.checkpoint(),
    warn: (message) => context.warn(message),
  };
}

interface SymbolVersion {
  updated_at: string;
  rows: number;
  firstDate: string;
  lastDate: string;
}

// The symbol's summary changes with every import that touches it: part of the key, so a
// re-imported symbol is read again rather than served stale from the cache.
const versionStatement = statementCache((db: MarketDb) =>
  db.prepare<[string], SymbolVersion>('SELECT updated_at, rows, first_date AS firstDate, last_date AS lastDate FROM symbols WHERE symbol = ?'),
);

function cachedBars(
  db: MarketDb,
  stored: SymbolVersion | undefined,
  symbol: string,
  range: { from?: string | undefined; to?: string | undefined },
): SymbolBars {
  const key = `${barsCacheKey(symbol, range.from, range.to)}|${stored?.updated_at ?? ''}|${stored?.rows ?? 0}`;
  const cached = barsCache.get(key);
  if (cached) return cached;
  const bars = symbolBars(symbol, loadBars(db, symbol, range), range, storedSpan(stored));
  barsCache.set(key, bars);
  return bars;
}

/**
 * The worker's read-only connection to the market store, opened by its first backtest and
 * kept while the file at the path is the same file: opening checks the schema (~0.7 ms, a
 * dozen sweep cells' lookups when every chunk paid it), a stat is a few µs. Each query
 * still reads the newest committed data (WAL); a store moved aside or replaced is reopened.
 */
let marketStore: { path: string; inode: number; db: MarketDb } | null = null;

function marketStoreAt(path: string): MarketDb {
  const inode = statSync(path, { throwIfNoEntry: false })?.ino ?? -1;
  if (marketStore?.path !== path || marketStore.inode !== inode) {
    marketStore?.db.close();
    // Cleared first: if opening throws, no closed connection is left behind to be reused.
    marketStore = null;
    marketStore = { path, inode, db: openMarketStore(path, { readonly: true }) };
  }
  return marketStore.db;
}

/**
 * `backtest/run`: one strategy with fixed params over each symbol; the result is every
 * symbol's outcome, the combined account and the config (engine version, data hash) that
 * main stores in one transaction.
 */
export const backtestRunTask: Task<BacktestRunParams> = async (params, context) => {
  context.setPhase('running');
  const db = marketStoreAt(context.run.marketDbPath);
  const hooks = hooksFor(db, context, { from: params.from, to: params.to });
  // Failed symbols warn as they fail, but a lone symbol's failure is the run's error: a warning would say it twice.
  const outcome = await runSymbols(params, params.symbols.length === 1 ? { ...hooks, warn: () => {} } : hooks);
  // The engine's own warnings are named by symbol, as the CLI prints them.
  for (const symbol of outcome.symbols) for (const warning of symbol.warnings) context.warn(`${symbol.symbol}: ${warning}`);
  context.progress(1, params.symbols.length === 1 ? `${params.symbols[0]} done` : `${params.symbols.length} symbols done`);
  return { status: outcome.status, result: outcome, error: outcome.error };
};

/** The unit outcome of a sweep cell: the run's statistics (stored by main as it arrives). */
export const backtestSweepChunkTask: Task<FanOutChunkParams<BacktestSweepParams>> = async (params, context) => {
  context.setPhase('running');
  const { job } = params;
  const db = marketStoreAt(context.run.marketDbPath);
  // Missing data is the same for every cell: warn about each symbol once per chunk.
  const warned = new Set<string>();
  const hooks: RunHooks = {
    ...hooksFor(db, context, { from: job.from, to: job.to }),
    warn: (message) => {
      if (warned.has(message)) return;
      warned.add(message);
      context.warn(message);
    },
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
      const run = await runSymbols(
        { strategy: job.strategy, params: cellParams, symbols: job.symbols, from: job.from, to: job.to, broker: job.broker },
        hooks,
        'statistics',
      );
      context.unitDone(unit, { params: cellParams, run }, run.status === 'failed' ? run.error : undefined);
    } catch (error) {
      if (context.isCancelled()) throw error;
      context.unitDone(unit, null, (error as Error).message);
    }
  }
  return { status: 'succeeded', result: { cells: params.units.length } };
};
