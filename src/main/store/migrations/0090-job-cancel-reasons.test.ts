import { beforeEach, describe, expect, it } from 'vitest';
import { migrationTestDb, tableColumns } from '../test-helpers';
import { schemaVersion } from './migrate';

const tracking = migrationTestDb(90);

function insertJob(id: string, status: string, progress: string): void {
  tracking.db
    .prepare("INSERT INTO jobs (id, kind, params, status, progress, warnings, created_at) VALUES (?, 'data/import', '{}', ?, ?, '[]', 'now')")
    .run(id, status, progress);
}

beforeEach(() => {
  insertJob('by-user', 'cancelled', '{"fraction":0.4,"message":"Cancelled by the user.","phase":"running"}');
  insertJob('before-start', 'cancelled', '{"fraction":0,"message":"Cancelled before it started.","phase":null}');
  insertJob('at-shutdown', 'cancelled', '{"fraction":0.5,"message":"Cancelled because Quantdesk was shutting down.","phase":"running"}');
  insertJob('no-reason', 'cancelled', '{"fraction":0.2,"message":"GOOG.csv: 1,000 rows","phase":"running"}');
  insertJob('failed', 'failed', '{"fraction":0.4,"message":"Cancelled by the user.","phase":"running"}');
  insertJob('unreadable', 'cancelled', 'not json');
});

describe('migration 0090: job cancel reasons', () => {
  it('moves the reason of the jobs cancelled before out of their progress message, touching no other job', () => {
    tracking.migrate();
    expect(schemaVersion(tracking.db)).toBe(90);
    expect(tableColumns(tracking.db, 'jobs')).toContain('cancel_reason');
    const rows = tracking.db.prepare('SELECT id, cancel_reason AS reason, progress FROM jobs ORDER BY rowid').all();
    expect(rows).toEqual([
      { id: 'by-user', reason: 'user', progress: '{"fraction":0.4,"message":"","phase":"running"}' },
      { id: 'before-start', reason: 'beforeStart', progress: '{"fraction":0,"message":"","phase":null}' },
      { id: 'at-shutdown', reason: 'shutdown', progress: '{"fraction":0.5,"message":"","phase":"running"}' },
      { id: 'no-reason', reason: null, progress: '{"fraction":0.2,"message":"GOOG.csv: 1,000 rows","phase":"running"}' },
      { id: 'failed', reason: null, progress: '{"fraction":0.4,"message":"Cancelled by the user.","phase":"running"}' },
      { id: 'unreadable', reason: null, progress: 'not json' },
    ]);
  });
});
