import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';

/** One schema step of a store. Versions only grow; a shipped migration is never edited. */
export interface Migration {
  /** Becomes `PRAGMA user_version` once applied: 10, 20, 30, … */
  version: number;
  /** Short name; with the version it reads `0010-init`. */
  name: string;
  /** Runs inside the runner's transaction: must not open its own or change pragmas that cannot run in one. */
  up(db: Database.Database): void;
}

/** What `applyMigrations` did. */
export interface MigrationReport {
  fromVersion: number;
  toVersion: number;
  applied: string[];
}

/** `0010-init`: how migrations are named in files and messages. */
export function migrationId(migration: Migration): string {
  return `${String(migration.version).padStart(4, '0')}-${migration.name}`;
}

/** The schema version recorded in the file (`PRAGMA user_version`); 0 for a new file. */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The version a store reaches once every migration in the list is applied. */
export function newestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/**
 * Refuses a database written by a newer Quantdesk: its schema may mean things this
 * version does not know, so neither reading nor writing it is safe.
 */
export function assertSchemaIsKnown(db: Database.Database, migrations: readonly Migration[], label: string): void {
  const version = schemaVersion(db);
  const newest = newestVersion(migrations);
  if (version > newest) {
    throw new AppError(
      'unavailable',
      `The ${label} database at ${db.name} was written by a newer version of Quantdesk ` +
        `(schema ${version}, this version knows ${newest}). ` +
        'Update Quantdesk, or move the file aside to start with an empty store.',
      { path: db.name, schemaVersion: version, knownVersion: newest },
    );
  }
}

/**
 * Applies every migration newer than the database's `user_version`, each in its own
 * IMMEDIATE transaction that also sets `user_version`, so a failure leaves the
 * database at the last good version. Used by every store (`label`: 'tracking', 'market').
 */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[], label: string): MigrationReport {
  assertOrdered(migrations, label);
  assertSchemaIsKnown(db, migrations, label);
  const fromVersion = schemaVersion(db);
  const applied: string[] = [];
  for (const migration of migrations) {
    if (migration.version <= fromVersion) continue;
    const step = db.transaction(() => {
      // Another process may have migrated while this one waited for the write lock.
      if (schemaVersion(db) >= migration.version) return false;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    try {
      if (step.immediate()) applied.push(migrationId(migration));
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      throw new AppError('internal', `Migration ${migrationId(migration)} of the ${label} store failed: ${cause}`, {
        path: db.name,
        migration: migrationId(migration),
        cause,
      });
    }
  }
  return { fromVersion, toVersion: schemaVersion(db), applied };
}

function assertOrdered(migrations: readonly Migration[], label: string): void {
  let previous = 0;
  for (const migration of migrations) {
    if (!Number.isInteger(migration.version) || migration.version <= previous) {
      throw new AppError('internal', `The ${label} store's migrations are out of order at ${migrationId(migration)}`);
    }
    previous = migration.version;
  }
}
