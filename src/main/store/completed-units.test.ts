import { beforeEach, describe, expect, it } from 'vitest';
import { jobFixture } from '../../shared/job-fixture';
import { completedUnits, recordCompletedUnit } from './completed-units';
import { openTrackingStore, type TrackingDb } from './connection';
import { insertJob } from './jobs';
import { openTempStore } from './test-helpers';

let db: TrackingDb;

beforeEach(() => {
  const store = openTempStore('tracking.sqlite', openTrackingStore);
  db = store.db;
  for (const id of ['job-1', 'job-2']) {
    insertJob(db, jobFixture({ id, status: 'running', progress: { fraction: 0, message: '', phase: 'running' } }));
  }
  return store.remove;
});

describe('completed units', () => {
  it('records units per job and reads them back with their outcomes', () => {
    recordCompletedUnit(db, 'job-1', '/data/GOOG.csv', { rows: 2148 });
    recordCompletedUnit(db, 'job-1', '/data/ORCL.csv', { rows: 5036 });
    recordCompletedUnit(db, 'job-2', '/data/NVDA.csv', { rows: 4012 });
    expect(completedUnits(db, 'job-1')).toEqual({ '/data/GOOG.csv': { rows: 2148 }, '/data/ORCL.csv': { rows: 5036 } });
    expect(completedUnits(db, 'unknown')).toEqual({});
  });

  it('is idempotent: recording a unit again replaces its outcome', () => {
    recordCompletedUnit(db, 'job-1', 'unit-0', { attempt: 1 });
    recordCompletedUnit(db, 'job-1', 'unit-0', { attempt: 2 });
    expect(completedUnits(db, 'job-1')).toEqual({ 'unit-0': { attempt: 2 } });
  });

  it('keeps odd unit names as plain keys', () => {
    recordCompletedUnit(db, 'job-1', '__proto__', 1);
    const units = completedUnits(db, 'job-1');
    expect(Object.keys(units)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(units)).toBe(Object.prototype);
  });

  it('leaves out a unit whose outcome is damaged, so it is redone', () => {
    recordCompletedUnit(db, 'job-1', 'a', { ok: true });
    recordCompletedUnit(db, 'job-1', 'b', { ok: true });
    db.prepare("UPDATE completed_units SET outcome = 'nope' WHERE unit = 'b'").run();
    expect(completedUnits(db, 'job-1')).toEqual({ a: { ok: true } });
  });
});
