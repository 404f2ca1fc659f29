import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IS_LIVE_RUN } from '../backtests';
import { queryPlan, tableColumns, tableIndexes } from '../test-helpers';
import { trackingMigrations } from './index';
import { migration0070SweepDeletions } from './0070-sweep-deletions';
import { applyMigrations, schemaVersion } from './migrate';

let directory: string;
let db: Database.Database;
const before = trackingMigrations.filter((migration) => migration.version < 70);

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-0070-'));
  db = new Database(path.join(directory, 'tracking.sqlite'));
  applyMigrations(db, before, 'tracking');
  db.prepare(
    `INSERT INTO sweeps (id, job_id, strategy, symbols, config, grid, maximize, cell_count, status, created_at)
     VALUES ('s', 'job', 'sma-cross', '["ORCL"]', '{}', '{}', 'sharpeRatio', 1, 'succeeded', 'now')`,
  ).run();
});

afterEach(() => {
  db.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('migration 0070: sweep deletions', () => {
  it('keeps every sweep stored before it live', () => {
    applyMigrations(db, [...before, migration0070SweepDeletions], 'tracking');
    expect(schemaVersion(db)).toBe(70);
    expect(tableColumns(db, 'sweeps')).toContain('deleted_at');
    expect(tableIndexes(db, 'sweeps')).toContain('deleted_sweeps');
    expect(db.prepare("SELECT deleted_at FROM sweeps WHERE id = 's'").pluck().get()).toBeNull();
  });

  it('finds the sweeps marked deleted from the index alone', () => {
    applyMigrations(db, [...before, migration0070SweepDeletions], 'tracking');
    db.prepare("UPDATE sweeps SET deleted_at = 'now' WHERE id = 's'").run();
    const oldest = queryPlan(db, 'SELECT id FROM sweeps WHERE deleted_at IS NOT NULL ORDER BY deleted_at LIMIT 1');
    expect(oldest).toBe('SEARCH sweeps USING COVERING INDEX deleted_sweeps (deleted_at>?)');
    const lookup = queryPlan(db, `SELECT * FROM backtests WHERE id = ? AND ${IS_LIVE_RUN}`, 'run');
    expect(lookup).toMatch(/^SEARCH backtests USING INDEX sqlite_autoindex_backtests_1 \(id=\?\)/);
    expect(lookup).toMatch(/SEARCH sweeps USING COVERING INDEX deleted_sweeps/);
  });
});
