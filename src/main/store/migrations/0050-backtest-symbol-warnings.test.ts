import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableColumns } from '../test-helpers';
import { migration0010Init } from './0010-init';
import { migration0020Backtests } from './0020-backtests';
import { migration0030SweepCellsKeepStatistics } from './0030-sweep-cells-keep-statistics';
import { migration0040SweepCellsUnindexedMetric } from './0040-sweep-cells-unindexed-metric';
import { migration0050BacktestSymbolWarnings } from './0050-backtest-symbol-warnings';
import { applyMigrations, schemaVersion } from './migrate';

let directory: string;
let db: Database.Database;
const before = [migration0010Init, migration0020Backtests, migration0030SweepCellsKeepStatistics, migration0040SweepCellsUnindexedMetric];

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-0050-'));
  db = new Database(path.join(directory, 'tracking.sqlite'));
  applyMigrations(db, before, 'tracking');
  db.prepare(
    `INSERT INTO backtests (id, job_id, strategy, params, symbols, symbol_list, status, config, engine_version, data_hash, created_at)
     VALUES ('a', 'job', 'sma-cross', '{}', '["GOOG"]', ',GOOG,', 'succeeded', '{}', '1', 'h', 'now')`,
  ).run();
  db.prepare("INSERT INTO backtest_symbols (backtest_id, symbol, position, status, bars, trade_count) VALUES ('a', 'GOOG', 0, 'succeeded', 1, 1)").run();
});

afterEach(() => {
  db.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('migration 0050: backtest symbol warnings', () => {
  it('adds a warnings column, empty for the runs stored before', () => {
    applyMigrations(db, [...before, migration0050BacktestSymbolWarnings], 'tracking');
    expect(schemaVersion(db)).toBe(50);
    expect(tableColumns(db, 'backtest_symbols')).toContain('warnings');
    expect(db.prepare("SELECT symbol, warnings FROM backtest_symbols WHERE backtest_id = 'a'").all()).toEqual([{ symbol: 'GOOG', warnings: null }]);
  });
});
