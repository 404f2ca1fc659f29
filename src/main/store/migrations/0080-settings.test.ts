import { describe, expect, it } from 'vitest';
import { insertSweepRow, migrationTestDb, tableColumns } from '../test-helpers';
import { schemaVersion } from './migrate';

const tracking = migrationTestDb(80);

describe('migration 0080: settings', () => {
  it('adds an empty settings table and keeps what was stored', () => {
    insertSweepRow(tracking.db, { id: 's', symbols: ['ORCL'], cellCount: 1, status: 'succeeded' });
    tracking.migrate();
    expect(schemaVersion(tracking.db)).toBe(80);
    expect(tableColumns(tracking.db, 'settings')).toEqual(['name', 'value', 'updated_at']);
    expect(tracking.db.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(0);
    expect(tracking.db.prepare('SELECT id FROM sweeps').pluck().all()).toEqual(['s']);
  });
});
