import { beforeEach, describe, expect, it } from 'vitest';
import { insertSweepRow, migrationTestDb, queryPlan, tableIndexes } from '../test-helpers';
import { schemaVersion } from './migrate';

const tracking = migrationTestDb(40);

beforeEach(() => {
  insertSweepRow(tracking.db, { id: 's', symbols: ['GOOG'], cellCount: 3, status: 'running' });
  const insertCell = tracking.db.prepare(
    "INSERT INTO sweep_cells (sweep_id, cell_key, params, status, metric, finished_at) VALUES ('s', ?, '{}', 'succeeded', ?, ?)",
  );
  insertCell.run('a', 0.5, '2026-01-01T00:00:01Z');
  insertCell.run('b', 1.5, '2026-01-01T00:00:02Z');
  insertCell.run('c', null, '2026-01-01T00:00:03Z');
});

describe('migration 0040: sweep cells unindexed metric', () => {
  it('drops the metric index and keeps every cell', () => {
    expect(tableIndexes(tracking.db, 'sweep_cells')).toContain('sweep_cells_by_metric');
    tracking.migrate();
    expect(schemaVersion(tracking.db)).toBe(40);
    expect(tableIndexes(tracking.db, 'sweep_cells')).toEqual(['sweep_cells_by_backtest']);
    expect(tracking.db.prepare('SELECT cell_key, metric FROM sweep_cells ORDER BY cell_key').all()).toEqual([
      { cell_key: 'a', metric: 0.5 },
      { cell_key: 'b', metric: 1.5 },
      { cell_key: 'c', metric: null },
    ]);
  });

  it("still finds a sweep's best cell among its own cells only, through the primary key", () => {
    tracking.migrate();
    const best = "SELECT cell_key FROM sweep_cells WHERE sweep_id = 's' AND metric IS NOT NULL ORDER BY metric DESC, finished_at LIMIT 1";
    expect(tracking.db.prepare(best).pluck().get()).toBe('b');
    expect(queryPlan(tracking.db, best)).toMatch(/SEARCH sweep_cells USING PRIMARY KEY \(sweep_id=\?\)/);
  });
});
