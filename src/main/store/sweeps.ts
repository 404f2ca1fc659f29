import type { BacktestSweepParams, NumericStatKey, StrategyName, SweepCell, SweepCellStatistics, SweepDetail, SweepSummary } from '../../shared/backtest';
import { AppError } from '../../shared/errors';
import { ENGINE_VERSION, NUMERIC_STAT_KEYS } from '../../shared/backtest';
import { isTerminalStatus, type JobStatus } from '../../shared/job';
import { atomic } from './atomic';
import { statsFromColumns } from './backtests';
import type { TrackingDb } from './connection';
import { statColumn } from './migrations/0020-backtests';
import { statementCache } from './sqlite';
import { isPlainObject, readJson, toJsonText } from './stored-json';

export type SweepStatus = SweepSummary['status'];

interface SweepRow {
  id: string;
  job_id: string;
  strategy: string;
  symbols: string;
  config: string;
  grid: string;
  constraint_text: string | null;
  maximize: string;
  cell_count: number;
  status: SweepStatus;
  best_backtest_id: string | null;
  best_metric: number | null;
  created_at: string;
  finished_cells: number;
  best_params: string | null;
}

interface CellRow {
  cell_key: string;
  params: string;
  backtest_id: string | null;
  status: SweepCell['status'];
  metric: number | null;
  error: string | null;
}

/** A `CellRow`'s values in its columns' order. */
type CellColumns = [string, string, string | null, SweepCell['status'], number | null, string | null];

export interface NewSweep {
  id: string;
  jobId: string;
  params: BacktestSweepParams;
  cellCount: number;
  createdAt: string;
}

export interface NewCell {
  sweepId: string;
  key: string;
  params: Record<string, number>;
  backtestId: string | null;
  status: SweepCell['status'];
  metric: number | null;
  error: string | null;
}

const SWEEP_COLUMNS = `s.*, (SELECT count(*) FROM sweep_cells c WHERE c.sweep_id = s.id) AS finished_cells,
  (SELECT b.params FROM backtests b WHERE b.id = s.best_backtest_id) AS best_params`;

const statements = statementCache((db: TrackingDb) => ({
  insert: db.prepare(
    `INSERT OR IGNORE INTO sweeps (id, job_id, strategy, symbols, config, grid, constraint_text, maximize, cell_count, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
  ),
  insertCell: db.prepare(
    `INSERT INTO sweep_cells (sweep_id, cell_key, params, backtest_id, status, metric, error, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (sweep_id, cell_key) DO UPDATE SET params = excluded.params, backtest_id = excluded.backtest_id,
       status = excluded.status, metric = excluded.metric, error = excluded.error, finished_at = excluded.finished_at`,
  ),
  // Best = highest metric; ties go to the cell finished first.
  refreshBest: db.prepare<[string, string, string]>(
    `UPDATE sweeps SET
       best_backtest_id = (SELECT backtest_id FROM sweep_cells WHERE sweep_id = ? AND metric IS NOT NULL ORDER BY metric DESC, finished_at LIMIT 1),
       best_metric = (SELECT max(metric) FROM sweep_cells WHERE sweep_id = ? AND metric IS NOT NULL)
     WHERE id = ?`,
  ),
  // A new cell only needs comparing with the best so far (a full refresh per cell would be quadratic).
  offerBest: db.prepare<[string | null, number, string, number]>(
    'UPDATE sweeps SET best_backtest_id = ?, best_metric = ? WHERE id = ? AND (best_metric IS NULL OR best_metric < ?)',
  ),
  finish: db.prepare<[SweepStatus, string, string]>('UPDATE sweeps SET status = ?, finished_at = ? WHERE id = ?'),
  exists: db.prepare<[string], number>('SELECT 1 FROM sweeps WHERE id = ?').pluck(),
  // A sweep marked deleted is gone for every reader below, though its rows are still being purged.
  get: db.prepare<[string], SweepRow>(`SELECT ${SWEEP_COLUMNS} FROM sweeps s WHERE s.id = ? AND s.deleted_at IS NULL`),
  list: db.prepare<[number, number], SweepRow>(
    `SELECT ${SWEEP_COLUMNS} FROM sweeps s WHERE s.deleted_at IS NULL ORDER BY s.created_at DESC, s.rowid DESC LIMIT ? OFFSET ?`,
  ),
  count: db.prepare<[], number>('SELECT count(*) FROM sweeps WHERE deleted_at IS NULL').pluck(),
  cells: db.prepare<[string], CellRow>('SELECT cell_key, params, backtest_id, status, metric, error FROM sweep_cells WHERE sweep_id = ? ORDER BY cell_key'),
  // Rows as arrays: better-sqlite3 builds a row object a column at a time, ~40 µs for these 40 columns.
  cellsWithStatistics: db
    .prepare<[string, number, number], unknown[]>(
      `SELECT c.cell_key, c.params, c.backtest_id, c.status, c.metric, c.error, b.stat_start, b.stat_end,
         ${NUMERIC_STAT_KEYS.map((key) => `b.${statColumn(key)}`).join(', ')}
       FROM sweep_cells c LEFT JOIN backtests b ON b.id = c.backtest_id WHERE c.sweep_id = ? ORDER BY c.cell_key LIMIT ? OFFSET ?`,
    )
    .raw(),
  // The sweep's job, when the jobs table still has it: null for a sweep without one.
  jobStatus: db.prepare<[string], { job_status: string | null }>(
    'SELECT j.status AS job_status FROM sweeps s LEFT JOIN jobs j ON j.id = s.job_id WHERE s.id = ? AND s.deleted_at IS NULL',
  ),
  markDeleted: db.prepare<[string, string]>('UPDATE sweeps SET deleted_at = ? WHERE id = ?'),
  completedCells: db.prepare<[string], { cell_key: string; backtest_id: string | null; metric: number | null }>(
    "SELECT cell_key, backtest_id, metric FROM sweep_cells WHERE sweep_id = ? AND status != 'failed'",
  ),
  symbolFailures: db.prepare<[string], SymbolFailure>(
    `SELECT s.symbol, s.error, count(*) AS cells FROM backtests b JOIN backtest_symbols s ON s.backtest_id = b.id
     WHERE b.sweep_id = ? AND s.status = 'failed' GROUP BY s.symbol, s.error ORDER BY cells DESC, s.symbol`,
  ),
  dataVersions: db
    .prepare<[string], number>('SELECT count(*) FROM backtests WHERE sweep_id = ? GROUP BY data_hash ORDER BY min(created_at), min(rowid)')
    .pluck(),
  cellWarnings: db.prepare<[string], { symbol: string; warnings: string }>(
    `SELECT s.symbol, s.warnings FROM backtests b JOIN backtest_symbols s ON s.backtest_id = b.id
     WHERE b.sweep_id = ? AND s.warnings IS NOT NULL ORDER BY b.created_at, s.position`,
  ),
}));

/**
 * Creates the sweep row if it does not exist yet; cheap (~0.5 µs) when it does, as `describe`
 * (which may count a large grid's cells) is only called to create it.
 */
export function ensureSweep(db: TrackingDb, id: string, describe: () => Omit<NewSweep, 'id'>): void {
  const statement = statements(db);
  if (statement.exists.get(id) !== undefined) return;
  const sweep = { id, ...describe() };
  const { params } = sweep;
  const config = {
    strategy: params.strategy,
    symbols: params.symbols,
    from: params.from ?? null,
    to: params.to ?? null,
    broker: params.broker,
    engineVersion: ENGINE_VERSION,
  };
  statement.insert.run(
    sweep.id, sweep.jobId, params.strategy, toJsonText(params.symbols), toJsonText(config), toJsonText(params.grid),
    params.constraint ?? null, params.maximize, sweep.cellCount, sweep.createdAt,
  );
}

/** Records a finished cell and keeps the sweep's best up to date, in one transaction. */
export const recordCell = atomic((db: TrackingDb, cell: NewCell): void => {
  const statement = statements(db);
  statement.insertCell.run(
    cell.sweepId, cell.key, toJsonText(cell.params), cell.backtestId, cell.status,
    cell.metric === null || !Number.isFinite(cell.metric) ? null : cell.metric, cell.error, new Date().toISOString(),
  );
  if (cell.backtestId !== null && cell.metric !== null && Number.isFinite(cell.metric)) {
    statement.offerBest.run(cell.backtestId, cell.metric, cell.sweepId, cell.metric);
  }
});

/** A stored cell, as a resumed sweep needs it. */
export interface CompletedCell {
  backtestId: string | null;
  metric: number | null;
}

/** The sweep's cells that did not fail, by cell key: what a resumed sweep does not run again. */
export function completedCells(db: TrackingDb, sweepId: string): Record<string, CompletedCell> {
  const cells = statements(db)
    .completedCells.all(sweepId)
    .map((row): [string, CompletedCell] => [row.cell_key, { backtestId: row.backtest_id, metric: row.metric }]);
  // fromEntries defines own properties, so a key named "__proto__" stays a plain key.
  return Object.fromEntries(cells);
}

/** A kind of engine warning over a sweep's cells. */
export interface SweepWarning {
  symbol: string;
  /** The first cell's text. */
  warning: string;
  cells: number;
}

/**
 * What the engine warned about in a sweep's cells, by symbol and kind, most frequent first.
 * A warning differs from cell to cell only by the numbers it quotes (orders not filled, bars
 * needed; 1,212 is one number), so it is grouped without them. Unreadable warnings are left out.
 */
export function sweepWarnings(db: TrackingDb, sweepId: string): SweepWarning[] {
  const kinds = new Map<string, SweepWarning>();
  for (const row of statements(db).cellWarnings.iterate(sweepId)) {
    const stored = readJson(row.warnings, 'warnings');
    if (!stored.isReadable || !Array.isArray(stored.value)) continue;
    const counted = new Set<string>();
    for (const warning of stored.value) {
      if (typeof warning !== 'string') continue;
      const key = `${row.symbol}\n${warning.replace(/\d+(,\d{3})*(\.\d+)?/g, '#')}`;
      if (counted.has(key)) continue;
      counted.add(key);
      const seen = kinds.get(key);
      if (seen) seen.cells += 1;
      else kinds.set(key, { symbol: row.symbol, warning, cells: 1 });
    }
  }
  return [...kinds.values()].sort((a, b) => b.cells - a.cells);
}

export interface SymbolFailure {
  symbol: string;
  error: string | null;
  cells: number;
}

/** Symbols that failed in some of a sweep's cells (their data deleted mid-sweep, too short a history), with why and in how many. */
export function sweepSymbolFailures(db: TrackingDb, sweepId: string): SymbolFailure[] {
  return statements(db).symbolFailures.all(sweepId);
}

/**
 * How many of the sweep's cells ran on each version of its bars (by data hash), the oldest
 * first: one count, unless a symbol was imported again while the sweep ran (a worker reads
 * the bars afresh for its next chunk).
 */
export function sweepDataVersions(db: TrackingDb, sweepId: string): number[] {
  return statements(db).dataVersions.all(sweepId);
}

export function finishSweep(db: TrackingDb, id: string, status: SweepStatus): void {
  const statement = statements(db);
  statement.refreshBest.run(id, id, id);
  statement.finish.run(status, new Date().toISOString(), id);
}

/**
 * Deletes a sweep: marks it deleted, which hides it and its cells from every reader at once.
 * Its rows stay until `purgeDeletedSweeps` removes them in short batches (one cascading
 * DELETE of a 10,000-cell sweep held main ~440 ms). Refused while its job is queued or
 * running: the job would go on storing cells into a sweep that is gone.
 */
export const deleteSweep = atomic((db: TrackingDb, id: string): void => {
  const statement = statements(db);
  const row = statement.jobStatus.get(id);
  if (!row) throw new AppError('not_found', `No sweep with id ${id}.`);
  if (row.job_status !== null && !isTerminalStatus(row.job_status as JobStatus)) {
    throw new AppError('conflict', `Sweep ${id} is still ${row.job_status}: cancel its job first, then delete it.`, { id, jobStatus: row.job_status });
  }
  statement.markDeleted.run(new Date().toISOString(), id);
});

/** Whether a stored value is params: an object of numbers. */
function isParams(value: unknown): value is Record<string, number> {
  return isPlainObject(value) && Object.values(value).every((item) => typeof item === 'number');
}

/** Params as stored, or null when there are none or they cannot be read. */
function paramsOf(text: string | null): Record<string, number> | null {
  if (text === null) return null;
  const stored = readJson(text, 'params');
  return stored.isReadable && isParams(stored.value) ? stored.value : null;
}

function summaryFromRow(row: SweepRow): SweepSummary {
  const symbols = readJson(row.symbols, 'symbols');
  const grid = readJson(row.grid, 'grid');
  return {
    id: row.id,
    jobId: row.job_id,
    strategy: row.strategy as StrategyName,
    symbols: symbols.isReadable && Array.isArray(symbols.value) ? (symbols.value as string[]) : [],
    maximize: row.maximize as NumericStatKey,
    cellCount: row.cell_count,
    finishedCells: row.finished_cells,
    status: row.status,
    bestBacktestId: row.best_backtest_id,
    bestMetric: row.best_metric,
    bestParams: paramsOf(row.best_params),
    createdAt: row.created_at,
    grid: grid.isReadable && isPlainObject(grid.value) ? (grid.value as SweepSummary['grid']) : {},
    constraint: row.constraint_text,
  };
}

export function listSweeps(db: TrackingDb, limit: number, offset: number): { sweeps: SweepSummary[]; total: number; nextOffset: number | null } {
  const statement = statements(db);
  const sweeps = statement.list.all(limit, offset).map(summaryFromRow);
  const total = statement.count.get()!;
  return { sweeps, total, nextOffset: offset + sweeps.length < total ? offset + sweeps.length : null };
}

function corruptSweep(id: string, problem: string): AppError {
  return new AppError('corrupt', `Sweep ${id} is damaged and cannot be read: ${problem}.`, { id });
}

/** A JSON object column of sweep `id`, or AppError 'corrupt' naming the column. */
function readSweepObject(id: string, text: string, column: string): Record<string, unknown> {
  const stored = readJson(text, column);
  if (!stored.isReadable) throw corruptSweep(id, stored.problem);
  if (!isPlainObject(stored.value)) throw corruptSweep(id, `its ${column} is not an object`);
  return stored.value;
}

function cellFromRow(sweepId: string, row: CellRow): SweepCell {
  const params = readSweepObject(sweepId, row.params, `params of cell ${row.cell_key}`);
  if (!isParams(params)) throw corruptSweep(sweepId, `the params of cell ${row.cell_key} are not numbers`);
  return {
    params,
    backtestId: row.backtest_id,
    status: row.status,
    metric: row.metric,
    error: row.error,
  };
}

/** The sweep's row, or AppError 'not_found' (a sweep marked deleted is gone). */
function readSweepRow(db: TrackingDb, id: string): SweepRow {
  const row = statements(db).get.get(id);
  if (!row) throw new AppError('not_found', `No sweep with id ${id}.`);
  return row;
}

export function getSweep(db: TrackingDb, id: string): SweepDetail {
  const row = readSweepRow(db, id);
  const grid = readSweepObject(id, row.grid, 'grid');
  const config = readSweepObject(id, row.config, 'config');
  const cells = statements(db).cells.all(id).map((cell) => cellFromRow(id, cell));
  return {
    ...summaryFromRow(row),
    grid: grid as SweepDetail['grid'],
    config: config as unknown as SweepDetail['config'],
    cells,
  };
}

/** A page of the sweep's cells (by cell key), each with its run's statistics (`getSweep`'s cells carry the maximized one only). */
export function getSweepCellStatistics(
  db: TrackingDb,
  id: string,
  limit: number,
  offset: number,
): { cells: SweepCellStatistics[]; total: number; nextOffset: number | null } {
  const total = readSweepRow(db, id).finished_cells;
  const cells = statements(db)
    .cellsWithStatistics.all(id, limit, offset)
    .map((values) => {
      const [key, params, backtestId, status, metric, error, start, end, ...numbers] = values as [...CellColumns, string | null, string | null, ...unknown[]];
      const cell = cellFromRow(id, { cell_key: key, params, backtest_id: backtestId, status, metric, error });
      return { ...cell, stats: statsFromColumns(start, end, numbers) };
    });
  return { cells, total, nextOffset: offset + cells.length < total ? offset + cells.length : null };
}

/** The sweep's row without its cells. */
export function getSweepSummary(db: TrackingDb, id: string): SweepSummary | null {
  const row = statements(db).get.get(id);
  return row ? summaryFromRow(row) : null;
}
