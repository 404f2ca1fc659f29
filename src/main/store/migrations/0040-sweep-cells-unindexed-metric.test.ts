import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryPlan, tableIndexes } from '../test-helpers';
import { migration0010Init } from './0010-init';
import { migration0020Backtests } from './0020-backtests';
import { migration0030SweepCellsKeepStatistics } from './0030-sweep-cells-keep-statistics';
import { migration0040SweepCellsUnindexedMetric } from './0040-sweep-cells-unindexed-metric';
import { applyMigrations, schemaVersion } from './migrate';

let directory: string;
let db: Database.Database;
const before = [migration0010Init, migration0020Backtests, migration0030SweepCellsKeepStatistics];

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-0040-'));
  db = new Database(path.join(directory, 'tracking.sqlite'));
  applyMigrations(db, before, 'tracking');
  db.prepare(
    `INSERT INTO sweeps (id, job_id, strategy, symbols, config, grid, maximize, cell_count, status, created_at)
     VALUES ('s', 'job', 'sma-cross', '["GOOG"]', '{}', '{}', 'sharpeRatio', 3, 'running', 'now')`,
  ).run();
  const insertCell = db.prepare(
    "INSERT INTO sweep_cells (sweep_id, cell_key, params, status, metric, finished_at) VALUES ('s', ?, '{}', 'succeeded', ?, ?)",
  );
  insertCell.run('a', 0.5, '2026-01-01T00:00:01Z');
  insertCell.run('b', 1.5, '2026-01-01T00:00:02Z');
  insertCell.run('c', null, '2026-01-01T00:00:03Z');
});

afterEach(() => {
  db.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('migration 0040: sweep cells unindexed metric', () => {
  it('drops the metric index and keeps every cell', () => {
    expect(tableIndexes(db, 'sweep_cells')).toContain('sweep_cells_by_metric');
    applyMigrations(db, [...before, migration0040SweepCellsUnindexedMetric], 'tracking');
    expect(schemaVersion(db)).toBe(40);
    expect(tableIndexes(db, 'sweep_cells')).toEqual(['sweep_cells_by_backtest']);
    expect(db.prepare('SELECT cell_key, metric FROM sweep_cells ORDER BY cell_key').all()).toEqual([
      { cell_key: 'a', metric: 0.5 },
      { cell_key: 'b', metric: 1.5 },
      { cell_key: 'c', metric: null },
    ]);
  });

  it("still finds a sweep's best cell among its own cells only, through the primary key", () => {
    applyMigrations(db, [...before, migration0040SweepCellsUnindexedMetric], 'tracking');
    const best = "SELECT cell_key FROM sweep_cells WHERE sweep_id = 's' AND metric IS NOT NULL ORDER BY metric DESC, finished_at LIMIT 1";
    expect(db.prepare(best).pluck().get()).toBe('b');
    expect(queryPlan(db, best)).toMatch(/SEARCH sweep_cells USING PRIMARY KEY \(sweep_id=\?\)/);
  });
});
