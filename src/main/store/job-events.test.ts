import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobFixture } from '../../shared/job-fixture';
import { openTrackingStore, type TrackingDb } from './connection';
import { appendJobEvent, listJobEvents } from './job-events';
import { insertJob } from './jobs';

let directory: string;
let db: TrackingDb;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-events-'));
  db = openTrackingStore(path.join(directory, 'tracking.sqlite'));
  for (const id of ['job-1', 'job-2']) {
    insertJob(db, jobFixture({ id }));
  }
});

afterEach(() => {
  db.close();
  fs.rmSync(directory, { recursive: true, force: true });
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
