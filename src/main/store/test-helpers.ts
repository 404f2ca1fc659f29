import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';

/** Test helpers for the stores: schema inspection and expected AppErrors. */

export function tableColumns(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((column) => column.name);
}

/** Named (explicitly created) indexes of a table, sorted. */
export function tableIndexes(db: Database.Database, table: string): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name")
    .pluck()
    .all(table) as string[];
}

/** The EXPLAIN QUERY PLAN details of a statement, joined with ' | '. */
export function queryPlan(db: Database.Database, sql: string, ...values: unknown[]): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...values) as Array<{ detail: string }>;
  return rows.map((row) => row.detail).join(' | ');
}

/** The AppError `run` throws; fails when it throws nothing or something else. */
export function caughtAppError(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}
