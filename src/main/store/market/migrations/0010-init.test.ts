import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryPlan } from '../../test-helpers';
import { applyMigrations, schemaVersion } from '../../migrations/migrate';
import { marketMigration0010Init } from './0010-init';

let directory: string;
let db: Database.Database;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-market-0010-'));
  db = new Database(path.join(directory, 'market.sqlite'));
  applyMigrations(db, [marketMigration0010Init], 'market');
});

afterEach(() => {
  db.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

const plan = (sql: string, ...values: unknown[]) => queryPlan(db, sql, ...values);

describe('market migration 0010-init', () => {
  it('creates bars keyed by symbol and date without a rowid, and the symbols summary', () => {
    expect(schemaVersion(db)).toBe(10);
    const barColumns = (db.pragma('table_info(bars)') as Array<{ name: string; pk: number; notnull: number }>).map(
      (column) => [column.name, column.pk, column.notnull],
    );
    expect(barColumns).toEqual([
      ['symbol', 1, 1], ['date', 2, 1], ['open', 0, 1], ['high', 0, 1], ['low', 0, 1], ['close', 0, 1],
      ['adj_close', 0, 0], ['volume', 0, 1],
    ]);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'bars'").pluck().get()).toContain('WITHOUT ROWID');
    const symbolColumns = (db.pragma('table_info(symbols)') as Array<{ name: string }>).map((column) => column.name);
    expect(symbolColumns).toEqual(['symbol', 'first_date', 'last_date', 'rows', 'source', 'updated_at']);
  });

  it('refuses a second bar for the same symbol and date', () => {
    const insert = db.prepare("INSERT INTO bars VALUES ('GOOG', '2020-01-02', 1, 2, 0.5, 1.5, NULL, 100)");
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE/);
  });

  it('reads a symbol’s date range and the summary without scanning bars', () => {
    const range = plan(
      'SELECT date, close FROM bars WHERE symbol = ? AND date BETWEEN ? AND ? ORDER BY date',
      'GOOG', '2010-01-01', '2011-01-01',
    );
    expect(range).toContain('SEARCH bars USING PRIMARY KEY (symbol=? AND date>? AND date<?)');
    expect(range).not.toContain('TEMP B-TREE');
    expect(plan('SELECT * FROM symbols ORDER BY symbol')).toMatch(/SCAN symbols USING INDEX sqlite_autoindex_symbols_1/);
  });
});
