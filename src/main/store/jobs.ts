import type { Statement } from 'better-sqlite3';
import type { JobList } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { JobRecord, JobStatus } from '../../shared/job';
import type { TrackingDb } from './connection';
import { jobFromRow, jobToValues, UNREADABLE_JOB_ERROR, type JobRow } from './job-rows';
import { sqliteCode, statementCache } from './sqlite';

/** Filter and page for `listJobs`. An empty or missing `statuses` means every status. */
export interface JobListQuery {
  statuses?: JobStatus[];
  kind?: string;
  limit: number;
  offset: number;
}

const COLUMNS = 'id, kind, params, status, progress, warnings, error, result, created_at, started_at, finished_at, cancel_reason';

const statements = statementCache((db: TrackingDb) => ({
  insert: db.prepare(`INSERT INTO jobs (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  update: db.prepare(
    `UPDATE jobs SET kind = ?, params = ?, status = ?, progress = ?, warnings = ?, error = ?,
       result = ?, created_at = ?, started_at = ?, finished_at = ?, cancel_reason = ?
     WHERE id = ?`,
  ),
  fail: db.prepare(`UPDATE jobs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?`),
  get: db.prepare<[string], JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`),
  // Filtered listings need one statement per shape (number of statuses, kind or not).
  listings: new Map<string, { page: Statement<unknown[], JobRow>; count: Statement<unknown[], number> }>(),
  byStatus: new Map<number, Statement<string[], JobRow>>(),
}));

/** Stores a new job. A job with the same id already stored is a 'conflict'. */
export function insertJob(db: TrackingDb, job: JobRecord): void {
  try {
    statements(db).insert.run(...jobToValues(job));
  } catch (error) {
    if (sqliteCode(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      throw new AppError('conflict', `Job ${job.id} already exists`);
    }
    throw error;
  }
}

/** Replaces the stored row of an existing job with `job`. An unknown id is 'not_found'. */
export function updateJob(db: TrackingDb, job: JobRecord): void {
  const [id, ...rest] = jobToValues(job);
  const { changes } = statements(db).update.run(...rest, id);
  if (changes === 0) throw new AppError('not_found', `Job ${job.id} does not exist`);
}

/**
 * Fails a job whose row cannot be read (see jobFromRow), touching nothing but its status,
 * end time and error: `updateJob` would write back the defaults that stand in for what
 * could not be read, and lose it.
 */
export function failUnreadableJob(db: TrackingDb, id: string, finishedAt: string): void {
  statements(db).fail.run(finishedAt, JSON.stringify(UNREADABLE_JOB_ERROR), id);
}

/** The job with this id; throws AppError 'corrupt' when its stored row cannot be read. */
export function getJob(db: TrackingDb, id: string): JobRecord | undefined {
  const row = statements(db).get.get(id);
  if (row === undefined) return undefined;
  const read = jobFromRow(row);
  if (!read.isReadable) {
    throw new AppError('corrupt', `Job ${id} is stored in a form that cannot be read: ${read.problems.join('; ')}`, {
      id,
      problems: read.problems,
    });
  }
  return read.job;
}

/**
 * A page of jobs, newest first, with the number matching the filter. A row that cannot
 * be read is listed with `error.reason` 'corrupt' instead of failing the whole page.
 */
export function listJobs(db: TrackingDb, query: JobListQuery): JobList {
  const statuses = query.statuses ?? [];
  const hasKind = query.kind !== undefined;
  const listing = listingStatements(db, statuses.length, hasKind);
  const filter: unknown[] = hasKind ? [...statuses, query.kind] : [...statuses];
  const rows = listing.page.all(...filter, query.limit, query.offset);
  const total = listing.count.get(...filter) ?? 0;
  const end = query.offset + rows.length;
  return {
    jobs: rows.map((row) => jobFromRow(row).job),
    total,
    nextOffset: end < total && rows.length > 0 ? end : null,
  };
}

/**
 * Every job in one of `statuses`, oldest first (start-up recovery, re-queueing).
 * Unreadable rows come back marked as in `listJobs` so the caller can fail them.
 */
export function findJobsByStatus(db: TrackingDb, statuses: JobStatus[]): JobRecord[] {
  if (statuses.length === 0) return [];
  const cache = statements(db).byStatus;
  let statement = cache.get(statuses.length);
  if (statement === undefined) {
    statement = db.prepare<string[], JobRow>(
      `SELECT ${COLUMNS} FROM jobs WHERE status IN (${placeholders(statuses.length)}) ORDER BY created_at, rowid`,
    );
    cache.set(statuses.length, statement);
  }
  return statement.all(...statuses).map((row) => jobFromRow(row).job);
}

function listingStatements(db: TrackingDb, statusCount: number, hasKind: boolean) {
  const cache = statements(db).listings;
  const key = `${statusCount}:${hasKind}`;
  let listing = cache.get(key);
  if (listing === undefined) {
    const sql = jobListingSql(statusCount, hasKind);
    listing = {
      page: db.prepare<unknown[], JobRow>(sql.page),
      count: db.prepare<unknown[], number>(sql.count).pluck(),
    };
    cache.set(key, listing);
  }
  return listing;
}

/**
 * The SQL behind `listJobs` for a filter shape: parameters are the statuses, then the
 * kind, then (page only) limit and offset. Exported so tests can check its query plan.
 */
export function jobListingSql(statusCount: number, hasKind: boolean): { page: string; count: string } {
  const conditions: string[] = [];
  if (statusCount > 0) conditions.push(`status IN (${placeholders(statusCount)})`);
  if (hasKind) conditions.push('kind = ?');
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return {
    // Page through the index first and fetch whole rows last: sorting and skipping
    // (offset) then touch narrow index entries, never the JSON columns.
    page: `SELECT ${COLUMNS} FROM jobs WHERE rowid IN (
             SELECT rowid FROM jobs ${where} ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?
           ) ORDER BY created_at DESC, rowid DESC`,
    count: `SELECT count(*) FROM jobs ${where}`,
  };
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
