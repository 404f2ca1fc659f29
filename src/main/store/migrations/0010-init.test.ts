import { beforeEach, describe, expect, it } from 'vitest';
import { migrationTestDb, queryPlan, tableColumns, tableIndexes } from '../test-helpers';
import { schemaVersion } from './migrate';

const tracking = migrationTestDb(10, { foreignKeys: true });

beforeEach(() => tracking.migrate());

const columns = (table: string) => tableColumns(tracking.db, table);

const indexes = (table: string) => tableIndexes(tracking.db, table);

const plan = (sql: string, ...values: unknown[]) => queryPlan(tracking.db, sql, ...values);

function insertJob(id: string, status = 'queued', kind = 'data/import'): void {
  tracking.db.prepare(
    `INSERT INTO jobs (id, kind, params, status, progress, warnings, created_at)
     VALUES (?, ?, '{}', ?, '{"fraction":0,"message":"","phase":null}', '[]', ?)`,
  ).run(id, kind, status, new Date().toISOString());
}

describe('tracking migration 0010-init', () => {
  it('creates the jobs, job_events, imports and completed_units tables', () => {
    expect(schemaVersion(tracking.db)).toBe(10);
    expect(columns('jobs')).toEqual([
      'id', 'kind', 'params', 'status', 'progress', 'warnings', 'error', 'result', 'created_at', 'started_at', 'finished_at',
    ]);
    expect(columns('job_events')).toEqual(['id', 'job_id', 'at', 'type', 'data']);
    expect(columns('imports')).toEqual([
      'id', 'job_id', 'path', 'symbol', 'status', 'rows', 'first_date', 'last_date', 'error', 'created_at',
    ]);
    expect(columns('completed_units')).toEqual(['job_id', 'unit', 'outcome', 'completed_at']);
    expect(indexes('jobs')).toEqual(['jobs_by_created', 'jobs_by_kind_created', 'jobs_by_status_created']);
    expect(indexes('job_events')).toEqual(['job_events_by_job']);
    expect(indexes('imports')).toEqual(['imports_by_job']);
  });

  it('deletes a job’s events and completed units with it, and keeps its imports', () => {
    insertJob('job-1');
    tracking.db.prepare("INSERT INTO job_events (job_id, at, type, data) VALUES ('job-1', 'now', 'status', '{}')").run();
    tracking.db.prepare("INSERT INTO completed_units (job_id, unit, outcome, completed_at) VALUES ('job-1', 'a', '{}', 'now')").run();
    tracking.db.prepare(
      "INSERT INTO imports (job_id, path, symbol, status, rows, created_at) VALUES ('job-1', '/a.csv', 'A', 'imported', 3, 'now')",
    ).run();
    tracking.db.prepare("DELETE FROM jobs WHERE id = 'job-1'").run();
    expect(tracking.db.prepare('SELECT count(*) FROM job_events').pluck().get()).toBe(0);
    expect(tracking.db.prepare('SELECT count(*) FROM completed_units').pluck().get()).toBe(0);
    expect(tracking.db.prepare('SELECT job_id FROM imports').pluck().all()).toEqual([null]);
  });

  it('refuses events of unknown jobs and unknown event types', () => {
    expect(() =>
      tracking.db.prepare("INSERT INTO job_events (job_id, at, type, data) VALUES ('nope', 'now', 'status', '{}')").run(),
    ).toThrow(/FOREIGN KEY/);
    insertJob('job-1');
    expect(() =>
      tracking.db.prepare("INSERT INTO job_events (job_id, at, type, data) VALUES ('job-1', 'now', 'progress', '{}')").run(),
    ).toThrow(/CHECK/);
  });

  it('reads a job’s events and completed units through an index', () => {
    expect(plan('SELECT id, data FROM job_events WHERE job_id = ? ORDER BY id', 'job-1')).toContain(
      'USING INDEX job_events_by_job (job_id=?)',
    );
    expect(plan('SELECT unit, outcome FROM completed_units WHERE job_id = ?', 'job-1')).toContain(
      'USING PRIMARY KEY (job_id=?)',
    );
  });
});
