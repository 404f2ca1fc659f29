import { beforeEach, describe, expect, it } from 'vitest';
import { RUN_SYMBOL_LISTS_SQL, runListingSql } from '../backtests-list';
import { insertSweepRow, migrationTestDb, queryPlan, tableIndexes } from '../test-helpers';
import { schemaVersion } from './migrate';

const tracking = migrationTestDb(60);

function insertRun(id: string, symbolList: string, sweepId: string | null = null): void {
  tracking.db.prepare(
    `INSERT INTO backtests (id, job_id, sweep_id, strategy, params, symbols, symbol_list, status, config, engine_version, data_hash, created_at)
     VALUES (?, 'job', ?, 'sma-cross', '{}', '[]', ?, 'succeeded', '{}', '1', 'h', 'now')`,
  ).run(id, sweepId, symbolList);
}

beforeEach(() => {
  insertSweepRow(tracking.db, { id: 's', symbols: ['ORCL'], cellCount: 1, status: 'running' });
  insertRun('a', ',GOOG,');
  insertRun('b', ',GOOG,NVDA,');
  insertRun('c', ',GOOG,');
  insertRun('cell', ',ORCL,', 's');
});

describe('migration 0060: runs by symbol list', () => {
  it("indexes the symbol lists of the runs stored before, not the sweep cells'", () => {
    tracking.migrate();
    expect(schemaVersion(tracking.db)).toBe(60);
    expect(tableIndexes(tracking.db, 'backtests')).toContain('runs_by_symbol_list');
    expect(tracking.db.prepare(RUN_SYMBOL_LISTS_SQL).pluck().all()).toEqual([',GOOG,', ',GOOG,NVDA,']);
  });

  it('reads the symbol lists from the index alone, in order, without a temp b-tree', () => {
    const unindexed = queryPlan(tracking.db, RUN_SYMBOL_LISTS_SQL);
    expect(unindexed).toMatch(/TEMP B-TREE FOR DISTINCT/);
    tracking.migrate();
    const detail = queryPlan(tracking.db, RUN_SYMBOL_LISTS_SQL);
    expect(detail).toMatch(/SCAN backtests USING COVERING INDEX runs_by_symbol_list/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });

  it('leaves the list filtered by symbol walking runs_by_created', () => {
    tracking.migrate();
    const listing = runListingSql({ sortBy: 'createdAt', direction: 'desc', symbol: 'GOOG', includeSweepCells: false, limit: 100, offset: 0 });
    expect(queryPlan(tracking.db, `SELECT id FROM backtests ${listing.where} ${listing.order} LIMIT 100`, ...listing.values)).toMatch(/SCAN backtests USING INDEX runs_by_created/);
  });
});
