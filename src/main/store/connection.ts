import type Database from 'better-sqlite3';
import { trackingMigrations } from './migrations';
import { openStoreFile } from './sqlite';

/** The tracking store (jobs, events, imports): opened only by main, its one writer. */
export type TrackingDb = Database.Database & { readonly __brand: 'tracking' };

/** Long enough to ride out a checkpoint, short enough to surface a stuck lock. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating the file and its folder if needed) and migrates the tracking store.
 * Throws AppError 'unavailable' for a database from a newer Quantdesk, 'corrupt' for a
 * file that is not SQLite, 'internal' when a migration fails (nothing of it is kept).
 */
export function openTrackingStore(path: string): TrackingDb {
  const db = openStoreFile(path, {
    label: 'tracking',
    migrations: trackingMigrations,
    isReadonly: false,
    busyTimeoutMs: BUSY_TIMEOUT_MS,
  });
  return db as TrackingDb;
}
