import { beforeEach, describe, expect, it } from 'vitest';
import { IS_LIVE_RUN } from '../backtests';
import { insertSweepRow, migrationTestDb, queryPlan, tableColumns, tableIndexes } from '../test-helpers';
import { schemaVersion } from './migrate';

const tracking = migrationTestDb(70);

beforeEach(() => insertSweepRow(tracking.db, { id: 's', symbols: ['ORCL'], cellCount: 1, status: 'succeeded' }));

describe('migration 0070: sweep deletions', () => {
  it('keeps every sweep stored before it live', () => {
    tracking.migrate();
    expect(schemaVersion(tracking.db)).toBe(70);
    expect(tableColumns(tracking.db, 'sweeps')).toContain('deleted_at');
    expect(tableIndexes(tracking.db, 'sweeps')).toContain('deleted_sweeps');
    expect(tracking.db.prepare("SELECT deleted_at FROM sweeps WHERE id = 's'").pluck().get()).toBeNull();
  });

  it('finds the sweeps marked deleted from the index alone', () => {
    tracking.migrate();
    tracking.db.prepare("UPDATE sweeps SET deleted_at = 'now' WHERE id = 's'").run();
    const oldest = queryPlan(tracking.db, 'SELECT id FROM sweeps WHERE deleted_at IS NOT NULL ORDER BY deleted_at LIMIT 1');
    expect(oldest).toBe('SEARCH sweeps USING COVERING INDEX deleted_sweeps (deleted_at>?)');
    const lookup = queryPlan(tracking.db, `SELECT * FROM backtests WHERE id = ? AND ${IS_LIVE_RUN}`, 'run');
    expect(lookup).toMatch(/^SEARCH backtests USING INDEX sqlite_autoindex_backtests_1 \(id=\?\)/);
    expect(lookup).toMatch(/SEARCH sweeps USING COVERING INDEX deleted_sweeps/);
  });
});
