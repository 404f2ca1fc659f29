import { beforeEach, describe, expect, it } from 'vitest';
import { jobFixture } from '../../shared/job-fixture';
import { openTrackingStore, type TrackingDb } from './connection';
import { listImports, recordImport } from './imports';
import { insertJob } from './jobs';
import { openTempStore } from './test-helpers';

let db: TrackingDb;

beforeEach(() => {
  const store = openTempStore('tracking.sqlite', openTrackingStore);
  db = store.db;
  insertJob(db, jobFixture({ status: 'partial', progress: { fraction: 1, message: '', phase: null } }));
  return store.remove;
});

describe('imports', () => {
  it('records file outcomes and lists them newest first', () => {
    recordImport(db, {
      jobId: 'job-1',
      path: '/data/GOOG.csv',
      symbol: 'GOOG',
      status: 'imported',
      rows: 2148,
      firstDate: '2004-08-19',
      lastDate: '2013-03-01',
    });
    recordImport(db, {
      jobId: 'job-1',
      path: '/data/BAD.csv',
      symbol: 'BAD',
      status: 'failed',
      rows: 0,
      firstDate: null,
      lastDate: null,
      error: 'BAD.csv line 3: Close is not a number ("abc")',
    });
    const rows = listImports(db, { limit: 10 });
    expect(rows.map((row) => row.symbol)).toEqual(['BAD', 'GOOG']);
    expect(rows[0]).toMatchObject({ jobId: 'job-1', status: 'failed', rows: 0, error: 'BAD.csv line 3: Close is not a number ("abc")' });
    expect(rows[1]).toMatchObject({ status: 'imported', rows: 2148, firstDate: '2004-08-19', lastDate: '2013-03-01', error: null });
    expect(listImports(db, { limit: 1 })).toHaveLength(1);
  });

  it('keeps the history when the job is deleted', () => {
    recordImport(db, { jobId: 'job-1', path: '/a.csv', symbol: 'A', status: 'imported', rows: 1, firstDate: '2020-01-01', lastDate: '2020-01-01' });
    db.prepare("DELETE FROM jobs WHERE id = 'job-1'").run();
    expect(listImports(db, { limit: 10 })[0]?.jobId).toBeNull();
  });
});
