import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach } from 'vitest';
import { NUMERIC_STAT_KEYS, type BacktestConfig, type BacktestStats, type BacktestSweepParams, type Trade } from '../../shared/backtest';
import { AppError } from '../../shared/errors';
import type { JobStatus } from '../../shared/job';
import { jobFixture } from '../../shared/job-fixture';
import { insertRun } from './backtests';
import type { RunOutcome, StatisticsOnlyOutcome } from './backtests-types';
import type { TrackingDb } from './connection';
import { insertJob } from './jobs';
import { trackingMigrations } from './migrations/index';
import { applyMigrations } from './migrations/migrate';
import { ensureSweep, recordCell } from './sweeps';

/** Test helpers for the stores: migration test databases, schema inspection, expected AppErrors, stored sweeps. */

/**
 * A migration test's database, fresh for each test (vitest hooks): a file in a temp dir with every
 * tracking migration before `version` applied; `migrate()` applies the ones up to and including it.
 * Rows a test stores before `migrate()` are the data stored before the migration, which it must keep.
 */
export function migrationTestDb(version: number, { foreignKeys = false } = {}): { readonly db: Database.Database; migrate(): void } {
  const migration = trackingMigrations.find((candidate) => candidate.version === version);
  if (!migration) throw new Error(`no tracking migration has version ${version}`);
  const before = trackingMigrations.filter((candidate) => candidate.version < version);
  const upTo = trackingMigrations.filter((candidate) => candidate.version <= version);
  let db: Database.Database;
  beforeEach(() => {
    const store = openTempStore('tracking.sqlite', (file) => {
      const opened = new Database(file);
      if (foreignKeys) opened.pragma('foreign_keys = ON');
      applyMigrations(opened, before, 'tracking');
      return opened;
    });
    db = store.db;
    return store.remove;
  });
  return {
    get db() {
      return db;
    },
    migrate: () => {
      applyMigrations(db, upTo, 'tracking');
    },
  };
}

/**
 * A store `open`ed at a file `name` in a new temp dir, and `remove`, which closes it and deletes
 * the dir: what a test's `beforeEach` opens and returns.
 */
export function openTempStore<D extends Database.Database>(name: string, open: (file: string) => D): { db: D; file: string; remove(): void } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-store-'));
  const file = path.join(directory, name);
  const db = open(file);
  return {
    db,
    file,
    remove: () => {
      if (db.open) db.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A `sweeps` row in the columns of migration 0020, which every later schema still accepts. */
export function insertSweepRow(db: Database.Database, sweep: { id: string; symbols: string[]; cellCount: number; status: string }): void {
  db.prepare(
    `INSERT INTO sweeps (id, job_id, strategy, symbols, config, grid, maximize, cell_count, status, created_at)
     VALUES (?, 'job', 'sma-cross', ?, '{}', '{}', 'sharpeRatio', ?, ?, 'now')`,
  ).run(sweep.id, JSON.stringify(sweep.symbols), sweep.cellCount, sweep.status);
}

export function tableColumns(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((column) => column.name);
}

/** Named (explicitly created) indexes of a table, sorted. */
export function tableIndexes(db: Database.Database, table: string): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name")
    .pluck()
    .all(table) as string[];
}

/** The EXPLAIN QUERY PLAN details of a statement, joined with ' | '. */
export function queryPlan(db: Database.Database, sql: string, ...values: unknown[]): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...values) as Array<{ detail: string }>;
  return rows.map((row) => row.detail).join(' | ');
}

/** The AppError `run` throws; fails when it throws nothing or something else. */
export function caughtAppError(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const SWEEP_SYMBOLS = ['GOOG', 'NVDA'];
const SWEEP_BROKER = { cash: 10_000, commission: 0, spread: 0, finalizeTrades: true };

/** Statistics for fixtures: the i-th numeric statistic is `seed + i`. */
export function fixtureStats(seed: number): BacktestStats {
  const numeric = Object.fromEntries(NUMERIC_STAT_KEYS.map((key, index) => [key, seed + index]));
  return { ...numeric, start: '2020-01-01', end: '2020-01-03' } as BacktestStats;
}

function fixtureConfig(params: Record<string, number>): BacktestConfig {
  return { strategy: 'sma-cross', params, symbols: SWEEP_SYMBOLS, from: null, to: null, broker: SWEEP_BROKER, engineVersion: '1.0.0', dataHash: 'hash' };
}

/** A whole run over GOOG and NVDA with curves and two trades a symbol: a run made in full (or a cell stored before migration 0030). */
export function fullRunOutcome(params: Record<string, number>): RunOutcome {
  const curves = { dates: ['2020-01-01', '2020-01-03'], equity: new Float64Array([1, 2]), drawdown: new Float64Array([0, 0]), buyAndHold: new Float64Array([1, 1]) };
  const trade: Trade = {
    size: 1, entryBar: 0, exitBar: 1, entryTime: '2020-01-01', exitTime: '2020-01-03', entryPrice: 1, exitPrice: 2, pnl: 1, returnPct: 1, durationDays: 2, commission: 0,
  };
  const symbols = SWEEP_SYMBOLS.map((symbol, index) => ({
    symbol, status: 'succeeded' as const, error: null, bars: 2, stats: fixtureStats(index), trades: [trade, trade], curves, warnings: [],
  }));
  return { status: 'succeeded', config: fixtureConfig(params), symbols, combined: { stats: fixtureStats(params.fast ?? 0), curves } };
}

/** A sweep cell's outcome over GOOG and NVDA: statistics only. */
function cellOutcome(params: Record<string, number>): StatisticsOnlyOutcome {
  const symbols = SWEEP_SYMBOLS.map((symbol, index) => ({
    symbol, status: 'succeeded' as const, error: null, bars: 2, stats: fixtureStats(index), tradeCount: 2, warnings: [],
  }));
  return { status: 'succeeded', keeps: 'statistics', config: fixtureConfig(params), symbols, combined: { stats: fixtureStats(params.fast ?? 0) } };
}

/**
 * A sweep over GOOG and NVDA run by a job in `jobStatus`: `cells` stored cells (runs
 * `${id}-cell-0`, … with `fast` = 0, 1, …) and `failedCells` failed ones without a run.
 */
export function storeSweepFixture(db: TrackingDb, id: string, { cells = 3, failedCells = 1, jobStatus = 'succeeded' as JobStatus } = {}): void {
  insertJob(db, jobFixture({ id, kind: 'backtest/sweep', status: jobStatus }));
  const params = { strategy: 'sma-cross', symbols: SWEEP_SYMBOLS, grid: { fast: [0] }, maximize: 'sharpeRatio', broker: SWEEP_BROKER } satisfies BacktestSweepParams;
  const createdAt = new Date().toISOString();
  ensureSweep(db, id, () => ({ jobId: id, cellCount: cells + failedCells, createdAt, params }));
  for (let fast = 0; fast < cells + failedCells; fast += 1) {
    const key = JSON.stringify({ fast });
    if (fast >= cells) {
      recordCell(db, { sweepId: id, key, params: { fast }, backtestId: null, status: 'failed', metric: null, error: 'boom' });
      continue;
    }
    const backtestId = `${id}-cell-${fast}`;
    insertRun(db, { id: backtestId, jobId: id, sweepId: id, name: null, outcome: cellOutcome({ fast }), createdAt });
    recordCell(db, { sweepId: id, key, params: { fast }, backtestId, status: 'succeeded', metric: fast, error: null });
  }
}
