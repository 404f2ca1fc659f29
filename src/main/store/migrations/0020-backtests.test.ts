import { beforeEach, describe, expect, it } from 'vitest';
import { insertSweepRow, migrationTestDb, queryPlan, tableColumns, tableIndexes } from '../test-helpers';
import { NUMERIC_STAT_KEYS } from '../../../shared/backtest';
import { runListingSql } from '../backtests-list';
import { statColumn } from './0020-backtests';
import { schemaVersion } from './migrate';

const tracking = migrationTestDb(20, { foreignKeys: true });

beforeEach(() => tracking.migrate());

const columns = (table: string) => tableColumns(tracking.db, table);

const indexes = (table: string) => tableIndexes(tracking.db, table);

const plan = (sql: string, ...values: unknown[]) => queryPlan(tracking.db, sql, ...values);

const listing = { sortBy: 'createdAt', direction: 'desc', includeSweepCells: false, limit: 100, offset: 0 } as const;

function insertRun(id: string, sweepId: string | null = null): void {
  tracking.db.prepare(
    `INSERT INTO backtests (id, job_id, sweep_id, strategy, params, symbols, symbol_list, status, config, engine_version, data_hash, created_at)
     VALUES (?, 'job', ?, 'sma-cross', '{}', '["GOOG"]', ',GOOG,', 'succeeded', '{}', '1', 'hash', ?)`,
  ).run(id, sweepId, new Date().toISOString());
}

describe('tracking migration 0020-backtests', () => {
  it('creates backtests with a column per statistic, per-symbol results, trades, sweeps and their cells', () => {
    expect(schemaVersion(tracking.db)).toBe(20);
    const backtestColumns = columns('backtests');
    for (const key of NUMERIC_STAT_KEYS) expect(backtestColumns).toContain(statColumn(key));
    expect(backtestColumns).toEqual(expect.arrayContaining(['config', 'engine_version', 'data_hash', 'status', 'notes', 'name', 'sweep_id', 'job_id', 'created_at']));
    expect(columns('backtest_symbols')).toEqual([
      'backtest_id', 'symbol', 'position', 'status', 'error', 'stats', 'bars', 'trade_count', 'dates', 'equity', 'drawdown', 'buy_and_hold',
    ]);
    expect(columns('trades')).toEqual([
      'backtest_id', 'symbol', 'seq', 'size', 'entry_bar', 'exit_bar', 'entry_time', 'exit_time', 'entry_price', 'exit_price', 'pnl',
      'return_pct', 'duration_days', 'commission',
    ]);
    expect(columns('sweeps')).toEqual(expect.arrayContaining(['config', 'grid', 'constraint_text', 'maximize', 'cell_count', 'status', 'best_backtest_id']));
    expect(indexes('backtests')).toEqual([
      'backtests_by_created', 'backtests_by_sweep', 'runs_by_cagr_pct', 'runs_by_created', 'runs_by_max_drawdown_pct', 'runs_by_return_pct',
      'runs_by_sharpe_ratio', 'runs_by_trade_count', 'runs_by_win_rate_pct',
    ]);
    expect(statColumn('sharpeRatio')).toBe('sharpe_ratio');
  });

  it('lists by the default sort and by common stats through an index, without a temp b-tree', () => {
    const byCreated = runListingSql(listing);
    const detail = plan(`SELECT id FROM backtests ${byCreated.where} ${byCreated.order} LIMIT 100`, ...byCreated.values);
    expect(detail).toMatch(/SCAN backtests USING INDEX runs_by_created/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
    const bySharpe = runListingSql({ ...listing, sortBy: 'sharpeRatio' });
    expect(plan(`SELECT id FROM backtests ${bySharpe.where} ${bySharpe.order} LIMIT 100`, ...bySharpe.values)).toMatch(/SCAN backtests USING INDEX runs_by_sharpe_ratio/);
    const withCells = runListingSql({ ...listing, includeSweepCells: true });
    expect(plan(`SELECT id FROM backtests ${withCells.where} ${withCells.order} LIMIT 100`, ...withCells.values)).toMatch(/SCAN backtests USING INDEX backtests_by_created/);
    expect(plan('SELECT * FROM trades WHERE backtest_id = ? AND symbol = ? ORDER BY seq', 'a', 'GOOG')).toMatch(/SEARCH trades USING PRIMARY KEY \(backtest_id=\? AND symbol=\?\)/);
    expect(plan('SELECT * FROM backtests WHERE sweep_id = ?', 's')).toMatch(/USING INDEX backtests_by_sweep/);
  });

  it('deletes symbols, trades and sweep cells with their backtest, and cells with their sweep', () => {
    insertSweepRow(tracking.db, { id: 's', symbols: [], cellCount: 2, status: 'running' });
    insertRun('a', 's');
    insertRun('b', 's');
    tracking.db.prepare("INSERT INTO backtest_symbols (backtest_id, symbol, position, status, bars, trade_count) VALUES ('a', 'GOOG', 0, 'succeeded', 1, 1)").run();
    tracking.db.prepare(
      `INSERT INTO trades (backtest_id, symbol, seq, size, entry_bar, exit_bar, entry_time, exit_time, entry_price, exit_price, pnl, return_pct, duration_days, commission)
       VALUES ('a', 'GOOG', 0, 1, 0, 1, 'x', 'y', 1, 2, 1, 1, 1, 0)`,
    ).run();
    for (const id of ['a', 'b']) {
      tracking.db.prepare("INSERT INTO sweep_cells (sweep_id, cell_key, params, backtest_id, status, finished_at) VALUES ('s', ?, '{}', ?, 'succeeded', 'now')").run(id, id);
    }
    tracking.db.prepare("DELETE FROM backtests WHERE id = 'a'").run();
    for (const table of ['backtest_symbols', 'trades']) expect(tracking.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    expect(tracking.db.prepare('SELECT cell_key FROM sweep_cells').pluck().all()).toEqual(['b']);
    tracking.db.prepare("DELETE FROM sweeps WHERE id = 's'").run();
    expect(tracking.db.prepare('SELECT count(*) FROM sweep_cells').pluck().get()).toBe(0);
    expect(tracking.db.prepare('SELECT count(*) FROM backtests').pluck().get()).toBe(0);
  });

  it('refuses unknown statuses', () => {
    expect(() =>
      tracking.db.prepare(
        `INSERT INTO backtests (id, job_id, strategy, params, symbols, symbol_list, status, config, engine_version, data_hash, created_at)
         VALUES ('x', 'j', 's', '{}', '[]', ',', 'running', '{}', '1', 'h', 'now')`,
      ).run(),
    ).toThrow(/CHECK constraint/);
  });
});
