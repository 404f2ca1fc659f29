import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUN_SYMBOL_LISTS_SQL, runListingSql } from '../backtests-list';
import { queryPlan, tableIndexes } from '../test-helpers';
import { migration0010Init } from './0010-init';
import { migration0020Backtests } from './0020-backtests';
import { migration0030SweepCellsKeepStatistics } from './0030-sweep-cells-keep-statistics';
import { migration0040SweepCellsUnindexedMetric } from './0040-sweep-cells-unindexed-metric';
import { migration0050BacktestSymbolWarnings } from './0050-backtest-symbol-warnings';
import { migration0060RunsBySymbolList } from './0060-runs-by-symbol-list';
import { applyMigrations, schemaVersion } from './migrate';

let directory: string;
let db: Database.Database;
const before = [migration0010Init, migration0020Backtests, migration0030SweepCellsKeepStatistics, migration0040SweepCellsUnindexedMetric, migration0050BacktestSymbolWarnings];

function insertRun(id: string, symbolList: string, sweepId: string | null = null): void {
  db.prepare(
    `INSERT INTO backtests (id, job_id, sweep_id, strategy, params, symbols, symbol_list, status, config, engine_version, data_hash, created_at)
     VALUES (?, 'job', ?, 'sma-cross', '{}', '[]', ?, 'succeeded', '{}', '1', 'h', 'now')`,
  ).run(id, sweepId, symbolList);
}

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-0060-'));
  db = new Database(path.join(directory, 'tracking.sqlite'));
  applyMigrations(db, before, 'tracking');
  db.prepare(
    `INSERT INTO sweeps (id, job_id, strategy, symbols, config, grid, maximize, cell_count, status, created_at)
     VALUES ('s', 'job', 'sma-cross', '["ORCL"]', '{}', '{}', 'sharpeRatio', 1, 'running', 'now')`,
  ).run();
  insertRun('a', ',GOOG,');
  insertRun('b', ',GOOG,NVDA,');
  insertRun('c', ',GOOG,');
  insertRun('cell', ',ORCL,', 's');
});

afterEach(() => {
  db.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('migration 0060: runs by symbol list', () => {
  it("indexes the symbol lists of the runs stored before, not the sweep cells'", () => {
    applyMigrations(db, [...before, migration0060RunsBySymbolList], 'tracking');
    expect(schemaVersion(db)).toBe(60);
    expect(tableIndexes(db, 'backtests')).toContain('runs_by_symbol_list');
    expect(db.prepare(RUN_SYMBOL_LISTS_SQL).pluck().all()).toEqual([',GOOG,', ',GOOG,NVDA,']);
  });

  it('reads the symbol lists from the index alone, in order, without a temp b-tree', () => {
    const unindexed = queryPlan(db, RUN_SYMBOL_LISTS_SQL);
    expect(unindexed).toMatch(/TEMP B-TREE FOR DISTINCT/);
    applyMigrations(db, [...before, migration0060RunsBySymbolList], 'tracking');
    const detail = queryPlan(db, RUN_SYMBOL_LISTS_SQL);
    expect(detail).toMatch(/SCAN backtests USING COVERING INDEX runs_by_symbol_list/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });

  it('leaves the list filtered by symbol walking runs_by_created', () => {
    applyMigrations(db, [...before, migration0060RunsBySymbolList], 'tracking');
    const listing = runListingSql({ sortBy: 'createdAt', direction: 'desc', symbol: 'GOOG', includeSweepCells: false, limit: 100, offset: 0 });
    expect(queryPlan(db, `SELECT id FROM backtests ${listing.where} ${listing.order} LIMIT 100`, ...listing.values)).toMatch(/SCAN backtests USING INDEX runs_by_created/);
  });
});
