import type Database from 'better-sqlite3';
import { openStoreFile } from '../sqlite';
import { marketMigrations } from './migrations';

/** The market-data store (bars per symbol and date): written by data workers, read by everyone. */
export type MarketDb = Database.Database & { readonly __brand: 'market' };

export interface MarketStoreOptions {
  /** Read-only: the file must exist and be migrated already; nothing is ever written. */
  readonly?: boolean;
}

/** Writers may wait out another writer's commit or a checkpoint. */
const WRITER_BUSY_TIMEOUT_MS = 5000;
/**
 * Readers run in main, where a synchronous wait freezes every window. WAL readers do
 * not wait for writers; this only bounds the rare wait on WAL recovery.
 */
const READER_BUSY_TIMEOUT_MS = 10;

/**
 * Opens the market store. Writable opens create the file and apply its migrations;
 * read-only opens refuse a missing ('not_found') or not yet migrated ('unavailable')
 * store. Like the tracking store, a newer schema is 'unavailable' and a non-SQLite
 * file is 'corrupt'.
 */
export function openMarketStore(path: string, options: MarketStoreOptions = {}): MarketDb {
  const isReadonly = options.readonly === true;
  const db = openStoreFile(path, {
    label: 'market',
    migrations: marketMigrations,
    isReadonly,
    busyTimeoutMs: isReadonly ? READER_BUSY_TIMEOUT_MS : WRITER_BUSY_TIMEOUT_MS,
  });
  return db as MarketDb;
}
