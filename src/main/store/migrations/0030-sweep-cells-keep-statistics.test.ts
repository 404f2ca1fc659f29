import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tableColumns } from '../test-helpers';
import { migration0010Init } from './0010-init';
import { migration0020Backtests } from './0020-backtests';
import { migration0030SweepCellsKeepStatistics } from './0030-sweep-cells-keep-statistics';
import { applyMigrations, schemaVersion } from './migrate';

let directory: string;
let db: Database.Database;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-0030-'));
  db = new Database(path.join(directory, 'tracking.sqlite'));
  applyMigrations(db, [migration0010Init, migration0020Backtests], 'tracking');
});

afterEach(() => {
  db.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('migration 0030: sweep cells keep statistics', () => {
  it('marks every run stored before it as having its curves and trades, and refuses other values', () => {
    db.prepare(
      `INSERT INTO backtests (id, job_id, strategy, params, symbols, symbol_list, status, config, engine_version, data_hash, created_at)
       VALUES ('old', 'job', 'sma-cross', '{}', '["GOOG"]', ',GOOG,', 'succeeded', '{}', '1', 'hash', '2026-01-01T00:00:00.000Z')`,
    ).run();
    applyMigrations(db, [migration0010Init, migration0020Backtests, migration0030SweepCellsKeepStatistics], 'tracking');
    expect(schemaVersion(db)).toBe(30);
    expect(tableColumns(db, 'backtests')).toContain('has_details');
    expect(db.prepare('SELECT has_details FROM backtests WHERE id = ?').pluck().get('old')).toBe(1);
    expect(() => db.prepare("UPDATE backtests SET has_details = 2 WHERE id = 'old'").run()).toThrow(/CHECK constraint failed/);
  });
});
