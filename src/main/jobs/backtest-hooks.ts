import { randomUUID } from 'node:crypto';
import type { BacktestRunParams, BacktestSweepParams } from '../../shared/backtest';
import type { SymbolCoverage } from '../../shared/contract';
import { countText } from '../../shared/count-text';
import { AppError, isAppError } from '../../shared/errors';
import { listText } from '../../shared/list-text';
import { outcomeForUnits, type JobRecord } from '../../shared/job';
import { MAX_SWEEP_CELL_LIMIT } from '../../shared/settings';
import type { FanOutChunkParams } from '../../shared/kinds';
import { expandGrid, type ExpandedGrid } from '../../shared/sweep-grid';
import { insertRun } from '../store/backtests';
import type { RunOutcome, StatisticsOnlyOutcome, StoredRunReference } from '../store/backtests-types';
import type { TrackingDb } from '../store/connection';
import { listSymbols } from '../store/market/bars';
import type { MarketDb } from '../store/market/connection';
import { symbolsWithoutData } from '../store/market/symbol-check';
import { completedCells, ensureSweep, finishSweep, getSweepSummary, recordCell, sweepDataVersions, sweepSymbolFailures, sweepWarnings } from '../store/sweeps';
import { chunkUnits, type KindHooks } from './kind-hooks';
import { checkSymbolsStored } from './stored-symbols';

/** A cell's unit outcome as the sweep chunk task reports it. */
interface CellOutcome {
  params: Record<string, number>;
  run: StatisticsOnlyOutcome;
}

/** Failures quoted in a sweep job's result; the sweep's cells list them all. */
const RESULT_FAILURES = 20;
/** Distinct warnings summed up in a sweep job's result; each cell's run keeps its own. */
const RESULT_WARNINGS = 20;

/** A symbol a sweep leaves out of every cell: it has no bars in the sweep's range. */
interface SkippedSymbol {
  symbol: string;
  reason: string;
}

/** `backtest/run`: the worker's outcome is stored in one transaction; the job keeps a reference. */
export function backtestRunHooks(db: TrackingDb, market: MarketDb): KindHooks {
  return {
    validate(params) {
      checkSymbolsStored(market, (params as BacktestRunParams).symbols);
    },
    storeResult(job, result): StoredRunReference {
      const outcome = result as RunOutcome;
      const id = timeOrderedId();
      insertRun(db, { id, jobId: job.id, sweepId: null, name: (job.params as BacktestRunParams).name ?? null, outcome, createdAt: new Date().toISOString() });
      return referenceTo(id, outcome);
    },
  };
}

function referenceTo(id: string, outcome: RunOutcome): StoredRunReference {
  const stats = outcome.combined?.stats;
  return {
    backtestId: id,
    status: outcome.status,
    symbols: outcome.symbols.map((symbol) => ({ symbol: symbol.symbol, status: symbol.status, error: symbol.error })),
    stats: stats
      ? { returnPct: stats.returnPct, sharpeRatio: stats.sharpeRatio, maxDrawdownPct: stats.maxDrawdownPct, tradeCount: stats.tradeCount }
      : null,
  };
}

/** `expandGrid`, saying where the limit is set when a grid is refused that a higher limit would take. */
function expandWithinLimit(sweep: BacktestSweepParams, limit: number): ExpandedGrid {
  try {
    return expandGrid(sweep, limit);
  } catch (error) {
    const details = isAppError(error) ? (error.details as { cells?: unknown } | undefined) : undefined;
    if (typeof details?.cells === 'number' && details.cells <= MAX_SWEEP_CELL_LIMIT) {
      throw new AppError('invalid', `${(error as AppError).message} Or raise the sweep cell limit in Settings.`, details);
    }
    throw error;
  }
}

/**
 * `backtest/sweep`: the grid (checked against the cell limit at submit) fans out as
 * chunks of cells; each finished cell is stored as a backtest of the sweep at once, so a
 * cancelled or interrupted sweep keeps its cells. A cell keeps its statistics, not its
 * curves and trades (see migration 0030). The sweep's id is its job's id.
 */
export function backtestSweepHooks(db: TrackingDb, market: MarketDb, cellLimit: () => number): KindHooks {
  // Expanding a large grid takes main ~100 ms (every cell is checked by the strategy's
  // schema): once per params object, which submit, plan and the unit hooks all share.
  const expansions = new WeakMap<object, ExpandedGrid>();
  const expand = (params: unknown): ExpandedGrid => {
    let expanded = expansions.get(params as object);
    if (expanded === undefined) {
      expanded = expandGrid(params as BacktestSweepParams, Number.MAX_SAFE_INTEGER);
      expansions.set(params as object, expanded);
    }
    return expanded;
  };
  const cellCount = (job: JobRecord): number => expand(job.params).cells.length;
  // What plan found, for combine (which gets the same params object).
  const skippedSymbols = new WeakMap<object, SkippedSymbol[]>();
  // A sweep's row is written as its job starts (plan), before any cell: so a cell's transaction
  // never holds it, and rolling one back (the runner stores cells in bursts) cannot take it away.
  const ensure = (job: JobRecord): void =>
    ensureSweep(db, job.id, () => ({ jobId: job.id, params: job.params as BacktestSweepParams, cellCount: cellCount(job), createdAt: job.startedAt ?? job.createdAt }));

  return {
    validate(params) {
      const sweep = params as BacktestSweepParams;
      const expanded = expandWithinLimit(sweep, cellLimit());
      expansions.set(sweep, expanded);
      checkSymbolsStored(market, sweep.symbols);
    },
    fanOut: {
      unitLabel: 'cells',
      plan(job, completed) {
        // The sweep exists from its start: its page and the sweeps list show it before its first cell.
        ensure(job);
        const sweep = job.params as BacktestSweepParams;
        const coverage = listSymbols(market);
        const skipped = skipSymbolsWithoutData(sweep, coverage);
        skippedSymbols.set(sweep, skipped);
        const cellJob = skipped.length === 0 ? sweep : { ...sweep, symbols: sweep.symbols.filter((symbol) => !skipped.some((item) => item.symbol === symbol)) };
        const { cells } = expand(sweep);
        const units = cells.map((cell) => cell.key).filter((key) => !(key in completed));
        const barsPerCell = cellJob.symbols.reduce((sum, symbol) => sum + (coverage.find((stored) => stored.symbol === symbol)?.rows ?? 0), 0);
        const size = chunkSize(cells.length, barsPerCell);
        return {
          totalUnits: cells.length,
          chunks: chunkUnits(units, size).map((chunk) => ({
            kind: 'backtest/sweep-chunk' as const,
            params: { job: cellJob, units: chunk } satisfies FanOutChunkParams<BacktestSweepParams>,
            units: chunk,
          })),
        };
      },
      combine(job, summary) {
        const sweep = getSweepSummary(db, job.id);
        const skipped = skippedSymbols.get(job.params as object) ?? [];
        const symbolFailures = sweepSymbolFailures(db, job.id);
        const cellStatus = outcomeForUnits(summary.totalUnits, summary.failedUnits.length);
        // A symbol left out of every cell, or failing in some, makes the sweep partial at best, as a failed symbol makes a run.
        const status = cellStatus === 'succeeded' && (skipped.length > 0 || symbolFailures.length > 0) ? 'partial' : cellStatus;
        const grid = expand(job.params);
        const result = {
          sweepId: job.id,
          totalCells: summary.totalUnits,
          /** Combinations the constraint excluded, and those the strategy's own rules refuse (not run). */
          excludedCells: grid.excluded,
          skippedCells: grid.skipped,
          finishedCells: summary.completedUnits + summary.failedUnits.length,
          failedCells: summary.failedUnits.length,
          failures: summary.failedUnits.slice(0, RESULT_FAILURES),
          bestBacktestId: sweep?.bestBacktestId ?? null,
          bestMetric: sweep?.bestMetric ?? null,
          skippedSymbols: skipped,
        };
        // Data that changed under the sweep, each skipped symbol, each symbol that failed in some cells, then each distinct engine warning with the cells it hit.
        const warnings = [
          ...dataChangeWarning(sweepDataVersions(db, job.id)),
          ...skipped.map((item) => `${item.reason} ${item.symbol} was left out of every cell.`),
          ...symbolFailures.map(({ symbol, error, cells }) => `${symbol} failed in ${cells === 1 ? '1 cell' : `${cells} cells`}: ${error ?? 'no reason given'}`),
          ...warningSummary(db, job.id),
        ];
        return status === 'failed'
          ? { status, result, warnings, error: `${summary.failedUnits.length} of ${summary.totalUnits} cells failed: ${summary.failedUnits[0]?.reason ?? ''}` }
          : { status, result, warnings };
      },
    },
    onUnit(job, unit, outcome, error) {
      const sweep = job.params as BacktestSweepParams;
      const cell = outcome as CellOutcome | null;
      if (!cell?.run) {
        recordCell(db, { sweepId: job.id, key: unit, params: safeParams(unit), backtestId: null, status: 'failed', metric: null, error: error ?? 'No result' });
        return;
      }
      const id = timeOrderedId();
      insertRun(db, { id, jobId: job.id, sweepId: job.id, name: null, outcome: cell.run, createdAt: new Date().toISOString() });
      const metric = cell.run.combined?.stats[sweep.maximize] ?? null;
      recordCell(db, { sweepId: job.id, key: unit, params: cell.params, backtestId: id, status: cell.run.status, metric, error: error ?? null });
    },
    // The sweep's cells are the record of what it has done: a resumed sweep skips those that did not fail.
    completedUnits: (job) => completedCells(db, job.id),
    onFinished(job) {
      ensure(job);
      finishSweep(db, job.id, job.status as Parameters<typeof finishSweep>[2]);
    },
  };
}

/**
 * Symbols of the sweep without bars in its range, found once from the symbols' summary
 * rather than by every cell. When more than half are (every cell would fail), the sweep
 * fails before it runs a cell.
 */
function skipSymbolsWithoutData(sweep: BacktestSweepParams, coverage: readonly SymbolCoverage[]): SkippedSymbol[] {
  const skipped = symbolsWithoutData(sweep.symbols, coverage, sweep);
  if (outcomeForUnits(sweep.symbols.length, skipped.length) === 'failed') {
    const count = sweep.symbols.length === 1 ? '' : `${skipped.length} of ${sweep.symbols.length} symbols have no data, so every cell would fail: `;
    throw new Error(`${count}${skipped.map((item) => item.reason).join(' ')}`);
  }
  return skipped;
}

/** Cells of one sweep that ran on different bars do not compare: say so, with how many ran on each version. */
function dataChangeWarning(cellsByVersion: readonly number[]): string[] {
  if (cellsByVersion.length < 2) return [];
  return [
    `The bars changed while the sweep ran (a symbol was imported again), so its cells ran on ${cellsByVersion.length} versions of the data: ` +
      `${listText(cellsByVersion.map(countText))} cells, oldest data first. Cells on different data do not compare: run the sweep again to compare them all on the same bars.`,
  ];
}

/** The engine's warnings over the sweep's cells: one line per distinct warning, with how many cells it hit. */
function warningSummary(db: TrackingDb, sweepId: string): string[] {
  return sweepWarnings(db, sweepId)
    .slice(0, RESULT_WARNINGS)
    .map(({ symbol, warning, cells }) => `${symbol}: ${warning}${cells === 1 ? ' (1 cell)' : ` (${cells} cells; the numbers are the first one's)`}`);
}

/**
 * Bars a chunk runs at most (each symbol's stored bars, times its cells): from ~25 ms of a
 * worker's time (the engine alone) to a few hundred (long histories with many trades), which
 * is how long a job submitted during a big sweep may wait for a free worker.
 */
const CHUNK_BAR_BUDGET = 500_000;

/**
 * Cells per chunk. A chunk costs its worker a dispatch and a round trip through main (~1 ms,
 * and it ends main's burst of stored cells), while the last chunks of a sweep leave workers
 * idle for up to a chunk's time: √cells cells in each of √cells chunks keeps both small (13
 * cells for 175, 45 for 2,015). A one-symbol cell now costs ~0.1 ms, so the round trip is
 * worth ~10 cells, yet chunks of 100 or 250 cells ran a 2,015-cell sweep no faster than 45
 * on a 2-core machine (within its ±20 % noise): main's storing is what limits it. At most 100, and
 * at most CHUNK_BAR_BUDGET bars: five symbols of 250,000 bars made a 20-cell chunk take 13 s,
 * and a second sweep waited that long for a worker. Cancel is checked per cell, whatever the size.
 */
function chunkSize(cellCount: number, barsPerCell: number): number {
  const withinBudget = Math.floor(CHUNK_BAR_BUDGET / Math.max(1, barsPerCell));
  return Math.max(1, Math.min(100, withinBudget, Math.round(Math.sqrt(cellCount))));
}

/**
 * A UUID (version 7) that starts with the time: the rows and index entries of a sweep's
 * cells then go at the end of their B-trees, so storing a burst of cells writes ~35 % fewer
 * pages than with random ids.
 */
function timeOrderedId(): string {
  const time = Date.now().toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}

function safeParams(unit: string): Record<string, number> {
  try {
    return JSON.parse(unit) as Record<string, number>;
  } catch {
    return {};
  }
}
