import {
  NUMERIC_STAT_KEYS,
  isStrategyName,
  type BacktestConfig,
  type BacktestDetail,
  type BacktestSeries,
  type BacktestStats,
  type BacktestStatus,
  type BacktestSummary,
  type StrategyName,
  type SymbolResult,
  type Trade,
} from '../../shared/backtest';
import { AppError } from '../../shared/errors';
import { atomic } from './atomic';
import { decodeDates, decodeFloat64, encodeDates, encodeFloat64 } from './backtests-blobs';
import type { RunCurves, RunOutcome, StatisticsOnlyOutcome } from './backtests-types';
import type { TrackingDb } from './connection';
import { statColumn } from './migrations/0020-backtests';
import { statementCache } from './sqlite';
import { isPlainObject, readJson, toJsonText } from './stored-json';

/** The symbol name of a run's combined account in `backtest_symbols`, series and trades. */
export const COMBINED_SYMBOL = '*';

export interface NewRun {
  id: string;
  jobId: string;
  sweepId: string | null;
  name: string | null;
  /** A whole run, or a sweep cell's statistics without curves and trades. */
  outcome: RunOutcome | StatisticsOnlyOutcome;
  createdAt: string;
}

/** A `backtests` row as read (stat columns included). */
export type RunRow = {
  id: string;
  job_id: string;
  sweep_id: string | null;
  name: string | null;
  strategy: string;
  params: string;
  symbols: string;
  status: BacktestStatus;
  config: string;
  notes: string;
  stat_start: string | null;
  stat_end: string | null;
  has_details: 0 | 1;
  created_at: string;
} & Record<string, unknown>;

interface SymbolRow {
  symbol: string;
  status: 'succeeded' | 'failed';
  error: string | null;
  stats: string | null;
  bars: number;
  trade_count: number;
  warnings: string | null;
}

interface CurveRow {
  dates: unknown;
  equity: unknown;
  drawdown: unknown;
  buy_and_hold: unknown;
}

const STAT_COLUMNS = NUMERIC_STAT_KEYS.map(statColumn);

/**
 * A run that is not a cell of a sweep marked deleted (whose rows are still being purged, see
 * `sweep-deletions.ts`): such a cell is gone for readers. The subquery is run once per
 * statement, from the `deleted_sweeps` index (usually empty).
 */
export const IS_LIVE_RUN = '(sweep_id IS NULL OR sweep_id NOT IN (SELECT id FROM sweeps WHERE deleted_at IS NOT NULL))';

const statements = statementCache((db: TrackingDb) => ({
  insertRun: db.prepare(
    `INSERT INTO backtests (id, job_id, sweep_id, name, strategy, params, symbols, symbol_list, status, config,
       engine_version, data_hash, stat_start, stat_end, ${STAT_COLUMNS.join(', ')}, has_details, created_at)
     VALUES (${new Array(16 + STAT_COLUMNS.length).fill('?').join(', ')})`,
  ),
  insertSymbol: db.prepare(
    `INSERT INTO backtest_symbols (backtest_id, symbol, position, status, error, stats, bars, trade_count, warnings, dates, equity, drawdown, buy_and_hold)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  insertTrade: db.prepare(
    `INSERT INTO trades (backtest_id, symbol, seq, size, entry_bar, exit_bar, entry_time, exit_time, entry_price, exit_price,
       pnl, return_pct, duration_days, commission) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  getRun: db.prepare<[string], RunRow>(`SELECT * FROM backtests WHERE id = ? AND ${IS_LIVE_RUN}`),
  symbols: db.prepare<[string], SymbolRow>(
    `SELECT symbol, status, error, stats, bars, trade_count, warnings FROM backtest_symbols
     WHERE backtest_id = ? AND symbol != '*' ORDER BY position`,
  ),
  curves: db.prepare<[string, string], CurveRow>(
    'SELECT dates, equity, drawdown, buy_and_hold FROM backtest_symbols WHERE backtest_id = ? AND symbol = ?',
  ),
  succeededSymbols: db
    .prepare<[string], string>(`SELECT symbol FROM backtest_symbols WHERE backtest_id = ? AND symbol != '*' AND status = 'succeeded'`)
    .pluck(),
  tradesOf: db.prepare<[string, string, number, number], Record<string, number | string>>(
    'SELECT * FROM trades WHERE backtest_id = ? AND symbol = ? ORDER BY seq LIMIT ? OFFSET ?',
  ),
  allTrades: db.prepare<[string, number, number], Record<string, number | string>>(
    'SELECT * FROM trades WHERE backtest_id = ? ORDER BY symbol, seq LIMIT ? OFFSET ?',
  ),
  countTradesOf: db.prepare<[string, string], number>('SELECT count(*) FROM trades WHERE backtest_id = ? AND symbol = ?').pluck(),
  countAllTrades: db.prepare<[string], number>('SELECT count(*) FROM trades WHERE backtest_id = ?').pluck(),
  updateNotes: db.prepare<[string, string]>(`UPDATE backtests SET notes = ? WHERE id = ? AND ${IS_LIVE_RUN}`),
  sweepOf: db.prepare<[string], { sweep_id: string | null }>(`SELECT sweep_id FROM backtests WHERE id = ? AND ${IS_LIVE_RUN}`),
  deleteRun: db.prepare<[string]>('DELETE FROM backtests WHERE id = ?'),
  // Configs are written by one serialiser from the same validated fields: equal runs have equal text.
  fullRunOf: db
    .prepare<[string], string>(
      `SELECT id FROM backtests WHERE sweep_id IS NULL AND has_details = 1 AND status != 'failed' AND config = ?
       ORDER BY created_at DESC LIMIT 1`,
    )
    .pluck(),
}));

/** Stores a run, its symbols, curves and trades (a sweep cell: its statistics) in one transaction. */
export const insertRun = atomic((db: TrackingDb, run: NewRun): void => {
  const statement = statements(db);
  const { outcome } = run;
  const { config } = outcome;
  const stats = outcome.combined?.stats ?? null;
  const hasDetails = !('keeps' in outcome);
  statement.insertRun.run(
    run.id,
    run.jobId,
    run.sweepId,
    run.name,
    config.strategy,
    toJsonText(config.params),
    toJsonText(config.symbols),
    `,${config.symbols.join(',')},`,
    outcome.status,
    toJsonText(config),
    config.engineVersion,
    config.dataHash,
    stats?.start ?? null,
    stats?.end ?? null,
    ...NUMERIC_STAT_KEYS.map((key) => (stats ? stats[key] : null)),
    hasDetails ? 1 : 0,
    run.createdAt,
  );
  const ownStats = keepsOwnStats(outcome);
  outcome.symbols.forEach((symbol, position) => {
    const trades = 'trades' in symbol ? symbol.trades : [];
    const tradeCount = 'tradeCount' in symbol ? symbol.tradeCount : trades.length;
    const symbolStats = ownStats ? symbol.stats : null;
    const curves = 'curves' in symbol ? symbol.curves : null;
    // Named field by field: a spread followed by new properties costs V8 (Node 20) ~5 µs an object, a tenth of storing a sweep cell.
    const { symbol: name, status, error, bars, warnings } = symbol;
    insertSymbol(db, run.id, { symbol: name, position, status, error, stats: symbolStats, bars, tradeCount, warnings, curves });
    trades.forEach((trade, seq) => {
      statement.insertTrade.run(
        run.id, symbol.symbol, seq, trade.size, trade.entryBar, trade.exitBar, trade.entryTime, trade.exitTime,
        trade.entryPrice, trade.exitPrice, trade.pnl, trade.returnPct, trade.durationDays, trade.commission,
      );
    });
  });
  const combined = outcome.combined;
  if (combined && 'curves' in combined && combined.curves) {
    const tradeCount = outcome.symbols.reduce((sum, symbol) => sum + ('trades' in symbol ? symbol.trades.length : 0), 0);
    const { curves } = combined;
    insertSymbol(db, run.id, { symbol: COMBINED_SYMBOL, position: -1, status: 'succeeded', error: null, stats: combined.stats, bars: curves.dates.length, tradeCount, warnings: [], curves });
  }
});

/**
 * Whether the symbols' rows keep their own statistics. When one symbol succeeded, its
 * statistics are the run's (the combined account is that symbol's), already in the run's
 * columns: its row leaves them out (writing them again as JSON was about half of what
 * storing a one-symbol sweep cell's run cost).
 */
function keepsOwnStats(outcome: RunOutcome | StatisticsOnlyOutcome): boolean {
  return outcome.symbols.filter((symbol) => symbol.status === 'succeeded').length !== 1;
}

/** A `backtest_symbols` row before it is written. */
interface NewSymbolRow {
  symbol: string;
  position: number;
  status: 'succeeded' | 'failed';
  error: string | null;
  stats: BacktestStats | null;
  bars: number;
  tradeCount: number;
  warnings: readonly string[];
  curves: RunCurves | null;
}

function insertSymbol(db: TrackingDb, id: string, { symbol, position, status, error, stats, bars, tradeCount, warnings, curves }: NewSymbolRow): void {
  statements(db).insertSymbol.run(
    id, symbol, position, status, error, stats ? toJsonText(stats) : null, bars, tradeCount,
    warnings.length > 0 ? toJsonText(warnings) : null,
    curves ? encodeDates(curves.dates) : null,
    curves ? encodeFloat64(curves.equity) : null,
    curves ? encodeFloat64(curves.drawdown) : null,
    curves ? encodeFloat64(curves.buyAndHold) : null,
  );
}

/** A list row from its columns. Never throws: an unreadable JSON column reads as empty. */
export function summaryFromRow(row: RunRow): BacktestSummary {
  const params = readJson(row.params, 'params');
  const symbols = readJson(row.symbols, 'symbols');
  return {
    id: row.id,
    jobId: row.job_id,
    sweepId: row.sweep_id,
    name: row.name,
    strategy: row.strategy as StrategyName,
    params: params.isReadable && isPlainObject(params.value) ? (params.value as Record<string, number>) : {},
    symbols: symbols.isReadable && Array.isArray(symbols.value) ? (symbols.value as string[]) : [],
    status: row.status,
    stats: statsFromRow(row),
    notes: row.notes,
    hasDetails: row.has_details === 1,
    createdAt: row.created_at,
  };
}

function statsFromRow(row: RunRow): BacktestStats | null {
  return statsFromColumns(row.stat_start, row.stat_end, NUMERIC_STAT_KEYS.map((key) => row[statColumn(key)]));
}

/** The statistics from their columns (`numbers` in NUMERIC_STAT_KEYS' order); null for a run without them (it failed). */
export function statsFromColumns(start: string | null, end: string | null, numbers: readonly unknown[]): BacktestStats | null {
  if (start === null || end === null) return null;
  const stats: Record<string, unknown> = { start, end };
  NUMERIC_STAT_KEYS.forEach((key, index) => (stats[key] = numbers[index] ?? null));
  return stats as unknown as BacktestStats;
}

/** The run's row with its JSON read strictly: throws not_found, or corrupt naming what cannot be read. */
function readRun(db: TrackingDb, id: string): { row: RunRow; summary: BacktestSummary; config: BacktestConfig } {
  const row = statements(db).getRun.get(id);
  if (!row) throw new AppError('not_found', `No backtest with id ${id}.`);
  const read = (text: string, column: string): unknown => {
    const stored = readJson(text, column);
    if (!stored.isReadable) throw corrupt(id, stored.problem);
    return stored.value;
  };
  const config = read(row.config, 'config');
  read(row.params, 'params');
  const symbols = read(row.symbols, 'symbols');
  if (!isPlainObject(config) || !isStrategyName(String(config.strategy)) || !Array.isArray(symbols)) {
    throw corrupt(id, 'its config does not describe a backtest');
  }
  return { row, summary: summaryFromRow(row), config: config as unknown as BacktestConfig };
}

/** `readRun`, for what only a run with curves and trades has: a sweep cell answers not_found, saying why. */
function readRunWithDetails(db: TrackingDb, id: string): void {
  const { summary } = readRun(db, id);
  if (!summary.hasDetails) {
    throw new AppError('not_found', `Backtest ${id} is a sweep cell, which keeps its statistics only: run it in full to see its charts and trades.`, {
      id,
      reason: 'statistics_only',
    });
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function corrupt(id: string, problem: string): AppError {
  return new AppError('corrupt', `Backtest ${id} is damaged and cannot be read: ${problem}. Other runs are not affected; delete this one to tidy up.`, {
    id,
  });
}

export function getRunSummary(db: TrackingDb, id: string): BacktestSummary {
  const row = statements(db).getRun.get(id);
  if (!row) throw new AppError('not_found', `No backtest with id ${id}.`);
  return summaryFromRow(row);
}

export function getRunDetail(db: TrackingDb, id: string): BacktestDetail {
  const { row, summary, config } = readRun(db, id);
  const perSymbol = statements(db)
    .symbols.all(id)
    .map((row): SymbolResult => {
      const stats = readJson(row.stats, `stats of ${row.symbol}`);
      if (!stats.isReadable) throw corrupt(id, stats.problem);
      const warnings = readJson(row.warnings, `warnings of ${row.symbol}`);
      if (!warnings.isReadable) throw corrupt(id, warnings.problem);
      if (warnings.value !== null && !isStringArray(warnings.value)) throw corrupt(id, `the warnings of ${row.symbol} are not a list of texts`);
      // A succeeded symbol without statistics of its own is the run's only one (see keepsOwnStats).
      const isTheRunsStats = row.status === 'succeeded' && stats.value === null;
      return {
        symbol: row.symbol,
        status: row.status,
        error: row.error,
        stats: isTheRunsStats ? summary.stats : (stats.value as BacktestStats | null),
        bars: row.bars,
        tradeCount: row.trade_count,
        warnings: warnings.value ?? [],
      };
    });
  const fullRunId = summary.hasDetails ? null : (statements(db).fullRunOf.get(row.config) ?? null);
  return { ...summary, config, perSymbol, fullRunId };
}

/** Curves of one symbol, or of the combined account ('*'; a one-symbol run's is that symbol's). */
export function getRunSeries(db: TrackingDb, id: string, symbol: string): BacktestSeries {
  readRunWithDetails(db, id);
  const statement = statements(db);
  let row = statement.curves.get(id, symbol);
  if (!row && symbol === COMBINED_SYMBOL) {
    const succeeded = statement.succeededSymbols.all(id);
    if (succeeded.length === 1) row = statement.curves.get(id, succeeded[0]!);
  }
  if (!row) throw new AppError('not_found', `Backtest ${id} has no results for symbol ${symbol}.`);
  if (row.equity === null) throw new AppError('not_found', `Backtest ${id} has no series for ${symbol}: that symbol failed.`);
  try {
    const what = `series of ${symbol}`;
    const dates = decodeDates(row.dates, `dates of ${what}`);
    const equity = decodeFloat64(row.equity, `equity of ${what}`);
    const drawdown = decodeFloat64(row.drawdown, `drawdown of ${what}`);
    const buyAndHold = decodeFloat64(row.buy_and_hold, `buy-and-hold of ${what}`);
    if (equity.length !== dates.length || drawdown.length !== dates.length || buyAndHold.length !== dates.length) {
      throw new AppError('corrupt', `the ${what} have different lengths (${dates.length} dates, ${equity.length} equity values)`);
    }
    return { dates, equity: Array.from(equity), drawdown: Array.from(drawdown), buyAndHold: Array.from(buyAndHold) };
  } catch (error) {
    if (error instanceof AppError) throw corrupt(id, error.message);
    throw error;
  }
}

/** A page of a symbol's trades ('*': every symbol's, by symbol). */
export function getRunTrades(db: TrackingDb, id: string, symbol: string, limit: number, offset: number): { trades: Trade[]; total: number } {
  readRunWithDetails(db, id);
  const statement = statements(db);
  const isAll = symbol === COMBINED_SYMBOL;
  const rows = isAll ? statement.allTrades.all(id, limit, offset) : statement.tradesOf.all(id, symbol, limit, offset);
  const total = isAll ? statement.countAllTrades.get(id)! : statement.countTradesOf.get(id, symbol)!;
  if (!isAll && total === 0 && statement.curves.get(id, symbol) === undefined) {
    throw new AppError('not_found', `Backtest ${id} has no results for symbol ${symbol}.`);
  }
  const trades = rows.map(
    (row): Trade => ({
      size: row.size as number,
      entryBar: row.entry_bar as number,
      exitBar: row.exit_bar as number,
      entryTime: row.entry_time as string,
      exitTime: row.exit_time as string,
      entryPrice: row.entry_price as number,
      exitPrice: row.exit_price as number,
      pnl: row.pnl as number,
      returnPct: row.return_pct as number,
      durationDays: row.duration_days as number,
      commission: row.commission as number,
    }),
  );
  return { trades, total };
}

export function updateRunNotes(db: TrackingDb, id: string, notes: string): BacktestSummary {
  if (statements(db).updateNotes.run(notes, id).changes === 0) throw new AppError('not_found', `No backtest with id ${id}.`);
  return getRunSummary(db, id);
}

/**
 * Deletes a run with its symbols, curves and trades. A sweep cell is refused ('conflict'):
 * without it the sweep's heatmap, best and cell count would no longer be what it ran.
 */
export function deleteRun(db: TrackingDb, id: string): void {
  const statement = statements(db);
  const run = statement.sweepOf.get(id);
  if (!run) throw new AppError('not_found', `No backtest with id ${id}.`);
  if (run.sweep_id !== null) {
    throw new AppError('conflict', `Backtest ${id} is a cell of sweep ${run.sweep_id}: delete the sweep to remove its cells.`, { id, sweepId: run.sweep_id });
  }
  statement.deleteRun.run(id);
}
