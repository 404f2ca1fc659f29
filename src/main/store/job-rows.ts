import {
  ACTIVE_STATUSES,
  isCancelReason,
  JOB_STATUSES,
  type JobError,
  type JobProgress,
  type JobRecord,
  type JobStatus,
} from '../../shared/job';
import { isPlainObject, readJson, toJsonText, toNullableJsonText } from './stored-json';

/** A `jobs` row as SQLite returns it. */
export interface JobRow {
  id: string;
  kind: string;
  params: string;
  status: string;
  progress: string;
  warnings: string;
  error: string | null;
  result: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  cancel_reason: string | null;
}

/** Column values in the order of the `jobs` table, for positional binding. */
export function jobToValues(
  job: JobRecord,
): [string, string, string, string, string, string, string | null, string | null, string, string | null, string | null, string | null] {
  return [
    job.id,
    job.kind,
    toJsonText(job.params),
    job.status,
    toJsonText(job.progress),
    toJsonText(job.warnings),
    toNullableJsonText(job.error),
    toNullableJsonText(job.result),
    job.createdAt,
    job.startedAt,
    job.finishedAt,
    job.cancelReason,
  ];
}

export type JobFromRow = { isReadable: true; job: JobRecord } | { isReadable: false; job: JobRecord; problems: string[] };

export const UNREADABLE_JOB_ERROR: JobError = { message: 'Stored record is unreadable', reason: 'corrupt' };

const EMPTY_PROGRESS: JobProgress = { fraction: 0, message: '', phase: null };

/**
 * Turns a row back into a record, checking what JSON cannot promise. An unreadable row
 * still yields a record (what could be read, defaults elsewhere, `error` saying it is
 * unreadable) and the list of problems.
 */
export function jobFromRow(row: JobRow): JobFromRow {
  const problems: string[] = [];
  const column = <T>(text: string | null, name: string, check: (value: unknown) => value is T, fallback: T): T => {
    const stored = readJson(text, name);
    if (!stored.isReadable) {
      problems.push(stored.problem);
      return fallback;
    }
    if (!check(stored.value)) {
      problems.push(`${name} has an unexpected shape`);
      return fallback;
    }
    return stored.value;
  };
  const params = column(row.params, 'params', isAnything, null);
  const progress = column(row.progress, 'progress', isJobProgress, EMPTY_PROGRESS);
  const warnings = column(row.warnings, 'warnings', isStringArray, []);
  const error = column(row.error, 'error', isJobErrorOrNull, null);
  const result = column(row.result, 'result', isAnything, null);
  let status: JobStatus = 'failed';
  if (isJobStatus(row.status)) status = row.status;
  else problems.push(`status "${row.status}" is unknown`);
  const cancelReason = row.cancel_reason === null || isCancelReason(row.cancel_reason) ? row.cancel_reason : null;
  if (cancelReason !== row.cancel_reason) problems.push(`cancel reason "${row.cancel_reason}" is unknown`);

  const job: JobRecord = {
    id: row.id,
    kind: row.kind,
    params,
    status,
    progress,
    warnings,
    error,
    result,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    cancelReason,
  };
  if (problems.length === 0) return { isReadable: true, job };
  return { isReadable: false, job: { ...job, error: UNREADABLE_JOB_ERROR }, problems };
}

function isAnything(_value: unknown): _value is unknown {
  return true;
}

function isJobStatus(value: string): value is JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isJobProgress(value: unknown): value is JobProgress {
  return (
    isPlainObject(value) &&
    typeof value.fraction === 'number' &&
    typeof value.message === 'string' &&
    (value.phase === null || (ACTIVE_STATUSES as readonly unknown[]).includes(value.phase))
  );
}

function isJobErrorOrNull(value: unknown): value is JobError | null {
  return (
    value === null ||
    (isPlainObject(value) &&
      typeof value.message === 'string' &&
      (value.reason === undefined || typeof value.reason === 'string'))
  );
}
