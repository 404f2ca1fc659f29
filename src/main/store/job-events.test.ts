import { beforeEach, describe, expect, it } from 'vitest';
import { jobFixture } from '../../shared/job-fixture';
import { openTrackingStore, type TrackingDb } from './connection';
import { appendJobEvent, listJobEvents } from './job-events';
import { insertJob } from './jobs';
import { openTempStore } from './test-helpers';

let db: TrackingDb;

beforeEach(() => {
  const store = openTempStore('tracking.sqlite', openTrackingStore);
  db = store.db;
  for (const id of ['job-1', 'job-2']) {
    insertJob(db, jobFixture({ id }));
  }
  return store.remove;
});

describe('job events', () => {
  it('appends and lists a job’s events in order', () => {
    const first = appendJobEvent(db, 'job-1', 'status', { status: 'running' });
    appendJobEvent(db, 'job-2', 'warning', { message: 'other job' });
    const second = appendJobEvent(db, 'job-1', 'warning', { message: 'BAD.csv: File not found' });
    const events = listJobEvents(db, 'job-1');
    expect(events.map((event) => event.id)).toEqual([first, second]);
    expect(events[0]).toMatchObject({ jobId: 'job-1', type: 'status', data: { status: 'running' }, isReadable: true });
    expect(events[1]?.data).toEqual({ message: 'BAD.csv: File not found' });
    expect(Date.parse(events[0]?.at ?? '')).not.toBeNaN();
    expect(listJobEvents(db, 'job-1', { limit: 1 })).toHaveLength(1);
  });

  it('refuses events of a job that does not exist', () => {
    expect(() => appendJobEvent(db, 'nope', 'error', {})).toThrow(/FOREIGN KEY/);
  });

  it('lists an event whose data is damaged, marked unreadable', () => {
    appendJobEvent(db, 'job-1', 'error', { message: 'x' });
    db.prepare("UPDATE job_events SET data = '{oops'").run();
    expect(listJobEvents(db, 'job-1')[0]).toMatchObject({ type: 'error', data: null, isReadable: false });
  });
});
