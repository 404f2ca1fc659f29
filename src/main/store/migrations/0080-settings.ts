import type { Migration } from './migrate';

/**
 * The user's settings, one row per setting changed from its default (see store/settings.ts).
 * Values are JSON, checked against the setting's schema when read: a value this version
 * cannot use is kept, not overwritten, until the user sets that setting again.
 */
export const migration0080Settings = {
  version: 80,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
} satisfies Migration;
