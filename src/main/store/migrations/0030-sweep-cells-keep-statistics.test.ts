import { describe, expect, it } from 'vitest';
import { migrationTestDb, tableColumns } from '../test-helpers';
import { schemaVersion } from './migrate';

const tracking = migrationTestDb(30);

describe('migration 0030: sweep cells keep statistics', () => {
  it('marks every run stored before it as having its curves and trades, and refuses other values', () => {
    tracking.db.prepare(
      `INSERT INTO backtests (id, job_id, strategy, params, symbols, symbol_list, status, config, engine_version, data_hash, created_at)
       VALUES ('old', 'job', 'sma-cross', '{}', '["GOOG"]', ',GOOG,', 'succeeded', '{}', '1', 'hash', '2026-01-01T00:00:00.000Z')`,
    ).run();
    tracking.migrate();
    expect(schemaVersion(tracking.db)).toBe(30);
    expect(tableColumns(tracking.db, 'backtests')).toContain('has_details');
    expect(tracking.db.prepare('SELECT has_details FROM backtests WHERE id = ?').pluck().get('old')).toBe(1);
    expect(() => tracking.db.prepare("UPDATE backtests SET has_details = 2 WHERE id = 'old'").run()).toThrow(/CHECK constraint failed/);
  });
});
