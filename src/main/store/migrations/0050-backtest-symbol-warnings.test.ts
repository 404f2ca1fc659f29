import { beforeEach, describe, expect, it } from 'vitest';
import { migrationTestDb, tableColumns } from '../test-helpers';
import { schemaVersion } from './migrate';

const tracking = migrationTestDb(50);

beforeEach(() => {
  tracking.db.prepare(
    `INSERT INTO backtests (id, job_id, strategy, params, symbols, symbol_list, status, config, engine_version, data_hash, created_at)
     VALUES ('a', 'job', 'sma-cross', '{}', '["GOOG"]', ',GOOG,', 'succeeded', '{}', '1', 'h', 'now')`,
  ).run();
  tracking.db.prepare("INSERT INTO backtest_symbols (backtest_id, symbol, position, status, bars, trade_count) VALUES ('a', 'GOOG', 0, 'succeeded', 1, 1)").run();
});

describe('migration 0050: backtest symbol warnings', () => {
  it('adds a warnings column, empty for the runs stored before', () => {
    tracking.migrate();
    expect(schemaVersion(tracking.db)).toBe(50);
    expect(tableColumns(tracking.db, 'backtest_symbols')).toContain('warnings');
    expect(tracking.db.prepare("SELECT symbol, warnings FROM backtest_symbols WHERE backtest_id = 'a'").all()).toEqual([{ symbol: 'GOOG', warnings: null }]);
  });
});
