import type { TrackingDb } from './connection';
import { readJson, toJsonText } from './stored-json';
import { statementCache } from './sqlite';

interface CompletedUnitRow {
  unit: string;
  outcome: string;
}

const statements = statementCache((db: TrackingDb) => ({
  record: db.prepare<[string, string, string, string]>(
    `INSERT INTO completed_units (job_id, unit, outcome, completed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (job_id, unit) DO UPDATE SET outcome = excluded.outcome, completed_at = excluded.completed_at`,
  ),
  list: db.prepare<[string], CompletedUnitRow>('SELECT unit, outcome FROM completed_units WHERE job_id = ?'),
}));

/**
 * Records that a unit (file, symbol, date) of a job is done and durable. Recording
 * the same unit again replaces its outcome: a worker may report it twice.
 */
export function recordCompletedUnit(db: TrackingDb, jobId: string, unit: string, outcome: unknown): void {
  statements(db).record.run(jobId, unit, toJsonText(outcome), new Date().toISOString());
}

/**
 * A job's completed units and their outcomes, for a resumed run to skip. A unit whose
 * outcome cannot be read is left out: units are idempotent, so it is simply redone.
 */
export function completedUnits(db: TrackingDb, jobId: string): Record<string, unknown> {
  const entries: Array<[string, unknown]> = [];
  for (const row of statements(db).list.all(jobId)) {
    const stored = readJson(row.outcome, 'outcome');
    if (stored.isReadable) entries.push([row.unit, stored.value]);
  }
  // fromEntries defines own properties, so a unit named "__proto__" stays a plain key.
  return Object.fromEntries(entries);
}
