import type { TrackingDb } from './connection';
import { readJson, toJsonText } from './stored-json';
import { statementCache } from './sqlite';

export type JobEventType = 'status' | 'warning' | 'error';

/** One entry of a job's history. `data` is null when its stored form is unreadable. */
export interface JobEvent {
  id: number;
  jobId: string;
  at: string;
  type: JobEventType;
  data: unknown;
  isReadable: boolean;
}

interface JobEventRow {
  id: number;
  job_id: string;
  at: string;
  type: JobEventType;
  data: string;
}

/** More than any job should have; keeps a runaway history from stalling main. */
const DEFAULT_EVENT_LIMIT = 10_000;

const statements = statementCache((db: TrackingDb) => ({
  append: db.prepare<[string, string, JobEventType, string]>(
    'INSERT INTO job_events (job_id, at, type, data) VALUES (?, ?, ?, ?)',
  ),
  cancelRequested: db
    .prepare<[string], number>("SELECT 1 FROM job_events WHERE job_id = ? AND type = 'status' AND json_extract(data, '$.cancelRequested') = 1 LIMIT 1")
    .pluck(),
  list: db.prepare<[string, number], JobEventRow>(
    'SELECT id, job_id, at, type, data FROM job_events WHERE job_id = ? ORDER BY id LIMIT ?',
  ),
}));

/** Appends an event to a job's history (the job must exist) and returns its id. */
export function appendJobEvent(db: TrackingDb, jobId: string, type: JobEventType, data: unknown): number {
  const { lastInsertRowid } = statements(db).append.run(jobId, new Date().toISOString(), type, toJsonText(data));
  return Number(lastInsertRowid);
}

/** Whether the user asked to cancel the job (a status event `{ cancelRequested: true }`), whether or not it then stopped. */
export function hasCancelRequest(db: TrackingDb, jobId: string): boolean {
  return statements(db).cancelRequested.get(jobId) === 1;
}

/** A job's events, oldest first. */
export function listJobEvents(db: TrackingDb, jobId: string, options: { limit?: number } = {}): JobEvent[] {
  const rows = statements(db).list.all(jobId, options.limit ?? DEFAULT_EVENT_LIMIT);
  return rows.map((row) => {
    const stored = readJson(row.data, 'data');
    return {
      id: row.id,
      jobId: row.job_id,
      at: row.at,
      type: row.type,
      data: stored.isReadable ? stored.value : null,
      isReadable: stored.isReadable,
    };
  });
}
