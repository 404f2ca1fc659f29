import type { Migration } from '../../migrations/migrate';

/**
 * The first market-data schema. Bars are keyed by (symbol, date) without a rowid so a
 * symbol's bars sit together in date order; `symbols` summarises them, kept current in
 * the same transaction as every bar write, so listing coverage never scans `bars`.
 */
export const marketMigration0010Init = {
  version: 10,
  name: 'init',
  up(db) {
    db.exec(`
      CREATE TABLE bars (
        symbol TEXT NOT NULL,
        date TEXT NOT NULL,
        open REAL NOT NULL,
        high REAL NOT NULL,
        low REAL NOT NULL,
        close REAL NOT NULL,
        adj_close REAL,
        volume REAL NOT NULL,
        PRIMARY KEY (symbol, date)
      ) WITHOUT ROWID;

      CREATE TABLE symbols (
        symbol TEXT PRIMARY KEY NOT NULL,
        first_date TEXT NOT NULL,
        last_date TEXT NOT NULL,
        rows INTEGER NOT NULL,
        source TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
} satisfies Migration;
