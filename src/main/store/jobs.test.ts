import { beforeEach, describe, expect, it } from 'vitest';
import { jobFixture } from '../../shared/job-fixture';
import type { JobRecord, JobStatus } from '../../shared/job';
import { caughtAppError, openTempStore, queryPlan } from './test-helpers';
import { openTrackingStore, type TrackingDb } from './connection';
import { findJobsByStatus, getJob, insertJob, jobListingSql, listJobs, updateJob } from './jobs';

let db: TrackingDb;

beforeEach(() => {
  const store = openTempStore('tracking.sqlite', openTrackingStore);
  db = store.db;
  return store.remove;
});

const START = Date.parse('2026-01-01T00:00:00.000Z');

function makeJob(index: number, overrides: Partial<JobRecord> = {}): JobRecord {
  return jobFixture({
    id: `job-${String(index).padStart(5, '0')}`,
    params: { paths: [`/data/F${index}.csv`] },
    createdAt: new Date(START + index * 1000).toISOString(),
    ...overrides,
  });
}

function ids(jobs: JobRecord[]): string[] {
  return jobs.map((job) => job.id);
}


describe('jobs', () => {
  it('stores and reads back a job exactly', () => {
    const job = makeJob(1, {
      status: 'partial',
      progress: { fraction: 1, message: 'done', phase: null },
      warnings: ['BAD.csv: File not found'],
      error: { message: 'one failed', reason: 'units_failed' },
      result: { files: [{ path: '/a.csv', rows: 3 }], rowsImported: 3 },
      startedAt: '2026-01-01T00:00:01.000Z',
      finishedAt: '2026-01-01T00:00:02.000Z',
    });
    insertJob(db, job);
    expect(getJob(db, job.id)).toEqual(job);
    expect(getJob(db, 'missing')).toBeUndefined();
  });

  it('reads undefined params and results back as null', () => {
    insertJob(db, makeJob(1, { params: undefined, result: undefined }));
    expect(getJob(db, 'job-00001')).toMatchObject({ params: null, result: null });
  });

  it('updates the whole row', () => {
    const job = makeJob(1);
    insertJob(db, job);
    const running: JobRecord = {
      ...job,
      status: 'running',
      progress: { fraction: 0.5, message: 'GOOG.csv: 1,000 / 2,000 rows', phase: 'running' },
      startedAt: '2026-01-01T00:00:05.000Z',
    };
    updateJob(db, running);
    expect(getJob(db, job.id)).toEqual(running);
  });

  it('refuses a duplicate id and an update of an unknown job', () => {
    insertJob(db, makeJob(1));
    expect(caughtAppError(() => insertJob(db, makeJob(1))).kind).toBe('conflict');
    expect(caughtAppError(() => updateJob(db, makeJob(2))).kind).toBe('not_found');
  });

  it('lists newest first with a total and the next offset', () => {
    for (let index = 1; index <= 5; index++) insertJob(db, makeJob(index));
    const first = listJobs(db, { limit: 2, offset: 0 });
    expect(ids(first.jobs)).toEqual(['job-00005', 'job-00004']);
    expect(first.total).toBe(5);
    expect(first.nextOffset).toBe(2);
    const last = listJobs(db, { limit: 2, offset: 4 });
    expect(ids(last.jobs)).toEqual(['job-00001']);
    expect(last.nextOffset).toBeNull();
    expect(listJobs(db, { limit: 5, offset: 0 }).nextOffset).toBeNull();
    expect(listJobs(db, { limit: 5, offset: 10 })).toEqual({ jobs: [], total: 5, nextOffset: null });
  });

  it('breaks ties between jobs created in the same millisecond by insertion order', () => {
    const createdAt = '2026-01-01T00:00:00.000Z';
    insertJob(db, makeJob(2, { id: 'b', createdAt }));
    insertJob(db, makeJob(1, { id: 'a', createdAt }));
    expect(ids(listJobs(db, { limit: 10, offset: 0 }).jobs)).toEqual(['a', 'b']);
  });

  it('filters by statuses and kind, counting only matches', () => {
    const statuses: JobStatus[] = ['queued', 'running', 'succeeded', 'failed'];
    for (let index = 0; index < 20; index++) {
      const status = statuses[index % 4] ?? 'queued';
      insertJob(db, makeJob(index, { status, kind: index < 10 ? 'data/import' : 'diagnostics/sleep' }));
    }
    const failed = listJobs(db, { statuses: ['failed'], limit: 3, offset: 0 });
    expect(ids(failed.jobs)).toEqual(['job-00019', 'job-00015', 'job-00011']);
    expect(failed.total).toBe(5);
    expect(failed.nextOffset).toBe(3);

    const finished = listJobs(db, { statuses: ['succeeded', 'failed'], kind: 'data/import', limit: 10, offset: 0 });
    expect(ids(finished.jobs)).toEqual(['job-00007', 'job-00006', 'job-00003', 'job-00002']);
    expect(finished.total).toBe(4);

    const sleeps = listJobs(db, { kind: 'diagnostics/sleep', limit: 100, offset: 0 });
    expect(sleeps.total).toBe(10);
    expect(listJobs(db, { statuses: [], limit: 100, offset: 0 }).total).toBe(20);
    expect(listJobs(db, { kind: 'unknown', limit: 100, offset: 0 })).toEqual({ jobs: [], total: 0, nextOffset: null });
  });

  it('keeps why a cancelled job was cancelled', () => {
    const job = makeJob(1, { status: 'cancelled', cancelReason: 'shutdown', progress: { fraction: 0.5, message: 'Unit 3 of 6', phase: 'running' } });
    insertJob(db, job);
    expect(getJob(db, job.id)).toEqual(job);
    updateJob(db, { ...job, cancelReason: 'user' });
    expect(getJob(db, job.id)?.cancelReason).toBe('user');
  });

  it('finds jobs by status oldest first', () => {
    insertJob(db, makeJob(3, { status: 'running' }));
    insertJob(db, makeJob(1, { status: 'preparing' }));
    insertJob(db, makeJob(2, { status: 'succeeded' }));
    insertJob(db, makeJob(4, { status: 'queued' }));
    expect(ids(findJobsByStatus(db, ['preparing', 'running']))).toEqual(['job-00001', 'job-00003']);
    expect(ids(findJobsByStatus(db, ['queued']))).toEqual(['job-00004']);
    expect(findJobsByStatus(db, [])).toEqual([]);
  });

  describe('with a damaged row', () => {
    beforeEach(() => {
      insertJob(db, makeJob(1));
      insertJob(db, makeJob(2, { status: 'running' }));
      insertJob(db, makeJob(3));
      db.prepare("UPDATE jobs SET result = '{\"files\": [' WHERE id = 'job-00002'").run();
    });

    it('getJob reports it as corrupt', () => {
      const error = caughtAppError(() => getJob(db, 'job-00002'));
      expect(error.kind).toBe('corrupt');
      expect(error.message).toMatch(/^Job job-00002 is stored in a form that cannot be read: result is not valid JSON/);
      expect(getJob(db, 'job-00001')?.id).toBe('job-00001');
    });

    it('listJobs and findJobsByStatus still list it, marked unreadable', () => {
      const page = listJobs(db, { limit: 10, offset: 0 });
      expect(ids(page.jobs)).toEqual(['job-00003', 'job-00002', 'job-00001']);
      const damaged = page.jobs[1];
      expect(damaged?.error).toEqual({ message: 'Stored record is unreadable', reason: 'corrupt' });
      expect(damaged?.status).toBe('running');
      expect(damaged?.result).toBeNull();
      expect(page.jobs[0]?.error).toBeNull();
      expect(findJobsByStatus(db, ['running'])[0]?.error?.reason).toBe('corrupt');
    });

    it('treats a wrong shape, an unknown status or cancel reason like bad JSON', () => {
      db.prepare("UPDATE jobs SET progress = '\"half\"' WHERE id = 'job-00001'").run();
      db.prepare("UPDATE jobs SET status = 'exploded', cancel_reason = 'boredom' WHERE id = 'job-00003'").run();
      expect(caughtAppError(() => getJob(db, 'job-00001')).message).toContain('progress has an unexpected shape');
      expect(caughtAppError(() => getJob(db, 'job-00003')).message).toContain('status "exploded" is unknown; cancel reason "boredom" is unknown');
      const reasons = listJobs(db, { limit: 10, offset: 0 }).jobs.map((job) => job.error?.reason);
      expect(reasons).toEqual(['corrupt', 'corrupt', 'corrupt']);
    });
  });

  // How fast these pages are is a benchmark's figure (npm run bench, listingLatency); their query plans are checked below.
  it('pages 10,000 stored jobs, filtered by status, newest first', () => {
    db.transaction(() => {
      for (let index = 0; index < 10_000; index++) insertJob(db, makeJob(index, { status: index % 7 === 0 ? 'failed' : 'succeeded' }));
    })();
    expect(listJobs(db, { limit: 100, offset: 0 }).total).toBe(10_000);
    const failed = listJobs(db, { statuses: ['failed', 'partial'], limit: 100, offset: 1400 });
    expect(failed.total).toBe(1429);
    // The oldest 29 failed jobs, newest first: indices 196, 189, …, 0.
    expect(ids(failed.jobs)).toEqual(Array.from({ length: 29 }, (_, index) => `job-${String((28 - index) * 7).padStart(5, '0')}`));
  });
});

describe('job listing query plans', () => {
  it('pages jobs through an index; only the final page of rows is sorted', () => {
    const plan = (sql: string, ...values: unknown[]) => queryPlan(db, sql, ...values);
    // Each page query sorts its own (at most `limit`) fetched rows once; a second full
    // sort would mean the whole filtered set is sorted. ('FOR LAST TERM' only orders
    // jobs created in the same millisecond, streaming.)
    const sorts = (text: string) => text.split('TEMP B-TREE FOR ORDER BY').length - 1;

    const unfiltered = jobListingSql(0, false);
    expect(plan(unfiltered.page, 100, 0)).toContain('SCAN jobs USING COVERING INDEX jobs_by_created');
    expect(sorts(plan(unfiltered.page, 100, 0))).toBe(1);
    expect(plan(unfiltered.count)).toContain('USING COVERING INDEX');

    const oneStatus = jobListingSql(1, false);
    expect(plan(oneStatus.page, 'failed', 100, 0)).toContain('USING COVERING INDEX jobs_by_status_created (status=?)');
    expect(sorts(plan(oneStatus.page, 'failed', 100, 0))).toBe(1);
    expect(plan(oneStatus.count, 'failed')).toContain('USING COVERING INDEX jobs_by_status_created (status=?)');

    const byKind = jobListingSql(0, true);
    expect(plan(byKind.page, 'data/import', 100, 0)).toContain('USING COVERING INDEX jobs_by_kind_created (kind=?)');
    expect(sorts(plan(byKind.page, 'data/import', 100, 0))).toBe(1);
    expect(plan(byKind.count, 'data/import')).toContain('USING COVERING INDEX jobs_by_kind_created (kind=?)');

    // Several statuses need a sort, but of narrow index entries (covering), never of rows.
    const statusesAndKind = jobListingSql(3, true);
    const values = ['failed', 'partial', 'succeeded', 'data/import'];
    expect(plan(statusesAndKind.page, ...values, 100, 0)).toMatch(/USING COVERING INDEX jobs_by_(kind|status)_created/);
    expect(plan(statusesAndKind.count, ...values)).toMatch(/USING COVERING INDEX jobs_by_(kind|status)_created/);
  });
});
