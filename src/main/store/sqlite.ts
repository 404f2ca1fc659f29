import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError, isAppError } from '../../shared/errors';
import { applyMigrations, assertSchemaIsKnown, newestVersion, schemaVersion, type Migration } from './migrations/migrate';

export interface StoreFileOptions {
  /** 'tracking' or 'market': names the store in messages. */
  label: string;
  migrations: readonly Migration[];
  isReadonly: boolean;
  busyTimeoutMs: number;
}

/**
 * Opens one store's SQLite file the way every store wants it: WAL, foreign keys,
 * synchronous=NORMAL, schema checked and (when writable) migrated. Failures become
 * AppErrors naming the file; the handle is closed before throwing.
 */
export function openStoreFile(file: string, options: StoreFileOptions): Database.Database {
  const { label } = options;
  if (options.isReadonly && !fs.existsSync(file)) {
    throw new AppError('not_found', `The ${label} database at ${file} does not exist yet.`, { path: file });
  }
  if (!options.isReadonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: options.isReadonly, fileMustExist: options.isReadonly });
  } catch (error) {
    throw openError(file, label, error);
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
    // The first read of the file (a file that is not SQLite fails here), before any write.
    assertSchemaIsKnown(db, options.migrations, label);
    db.pragma('foreign_keys = ON');
    if (options.isReadonly) {
      assertMigrated(db, options.migrations, label);
    } else {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      applyMigrations(db, options.migrations, label);
    }
    return db;
  } catch (error) {
    db.close();
    throw openError(file, label, error);
  }
}

function assertMigrated(db: Database.Database, migrations: readonly Migration[], label: string): void {
  const version = schemaVersion(db);
  const newest = newestVersion(migrations);
  if (version < newest) {
    throw new AppError(
      'unavailable',
      `The ${label} database at ${db.name} has not been set up for this version yet (schema ${version}, expected ${newest}). ` +
        'It is upgraded the next time it is opened for writing.',
      { path: db.name, schemaVersion: version, knownVersion: newest },
    );
  }
}

function openError(file: string, label: string, error: unknown): AppError {
  if (isAppError(error)) return error;
  const code = sqliteCode(error);
  const cause = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT')) {
    return new AppError(
      'corrupt',
      `The ${label} database at ${file} is not a SQLite database or is damaged (${cause}). ` +
        'Move the file aside to start with an empty store.',
      { path: file, code },
    );
  }
  if (code === 'SQLITE_BUSY') {
    return new AppError('unavailable', `The ${label} database at ${file} is locked by another process; try again.`, {
      path: file,
      code,
    });
  }
  return new AppError('unavailable', `The ${label} database at ${file} could not be opened: ${cause}`, {
    path: file,
    code,
  });
}

/** The SQLite result code of a better-sqlite3 error ('SQLITE_BUSY', …), if it is one. */
export function sqliteCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

/**
 * Caches a db's prepared statements: preparing costs far more than running, and
 * the cache goes away with the handle.
 */
export function statementCache<D extends Database.Database, S>(build: (db: D) => S): (db: D) => S {
  const cache = new WeakMap<D, S>();
  return (db) => {
    let statements = cache.get(db);
    if (statements === undefined) {
      statements = build(db);
      cache.set(db, statements);
    }
    return statements;
  };
}
