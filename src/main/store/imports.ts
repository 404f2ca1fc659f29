import type { ImportFileResult } from '../../shared/kinds';
import type { TrackingDb } from './connection';
import { statementCache } from './sqlite';

/** What `recordImport` stores: one file's outcome and the job that produced it. */
export interface ImportRowInput extends ImportFileResult {
  jobId: string;
}

/** One row of the import history. `jobId` is null once the job itself was deleted. */
export interface ImportRecord extends Omit<ImportFileResult, 'error'> {
  id: number;
  jobId: string | null;
  error: string | null;
  createdAt: string;
}

interface ImportRow {
  id: number;
  job_id: string | null;
  path: string;
  symbol: string;
  status: ImportFileResult['status'];
  rows: number;
  first_date: string | null;
  last_date: string | null;
  error: string | null;
  created_at: string;
}

const statements = statementCache((db: TrackingDb) => ({
  record: db.prepare(
    `INSERT INTO imports (job_id, path, symbol, status, rows, first_date, last_date, error, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  list: db.prepare<[number], ImportRow>(
    `SELECT id, job_id, path, symbol, status, rows, first_date, last_date, error, created_at
     FROM imports ORDER BY id DESC LIMIT ?`,
  ),
}));

/** Appends one file's import outcome to the history; returns the new row's id. */
export function recordImport(db: TrackingDb, row: ImportRowInput): number {
  const { lastInsertRowid } = statements(db).record.run(
    row.jobId,
    row.path,
    row.symbol,
    row.status,
    row.rows,
    row.firstDate,
    row.lastDate,
    row.error ?? null,
    new Date().toISOString(),
  );
  return Number(lastInsertRowid);
}

/** The most recent imports, newest first. */
export function listImports(db: TrackingDb, query: { limit: number }): ImportRecord[] {
  return statements(db)
    .list.all(query.limit)
    .map((row) => ({
      id: row.id,
      jobId: row.job_id,
      path: row.path,
      symbol: row.symbol,
      status: row.status,
      rows: row.rows,
      firstDate: row.first_date,
      lastDate: row.last_date,
      error: row.error,
      createdAt: row.created_at,
    }));
}
