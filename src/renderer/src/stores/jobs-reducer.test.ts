import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../shared/job';
import { jobFixture } from '../../../shared/job-fixture';
import { ALL_JOBS, type JobQuery } from './job-query';
import {
  applyJobProgress,
  EMPTY_JOBS,
  finishesDataJob,
  listingOf,
  mergeJobRecords,
  recountListing,
  reconcileRecord,
  reduceJobEvents,
  settleCancelling,
  type JobEvent,
  type JobsSnapshot,
} from './jobs-reducer';

function job(overrides: Partial<JobRecord> & Pick<JobRecord, 'id'>): JobRecord {
  return jobFixture({ params: { paths: ['/data/GOOG.csv'] }, ...overrides });
}

const running = (fraction: number) => ({ fraction, message: `${fraction}`, phase: 'running' as const });

describe('mergeJobRecords', () => {
  it('orders jobs newest first, then by id', () => {
    const snapshot = mergeJobRecords(EMPTY_JOBS, [
      job({ id: 'a', createdAt: '2026-01-01T00:00:01.000Z' }),
      job({ id: 'c', createdAt: '2026-01-01T00:00:03.000Z' }),
      job({ id: 'b', createdAt: '2026-01-01T00:00:03.000Z' }),
    ]);
    expect(snapshot.order).toEqual(['c', 'b', 'a']);
  });

  it('keeps the order array when only known jobs change', () => {
    const first = mergeJobRecords(EMPTY_JOBS, [job({ id: 'a' })]);
    const second = mergeJobRecords(first, [job({ id: 'a', status: 'running' })]);
    expect(second.order).toBe(first.order);
    expect(second.records.a!.status).toBe('running');
  });
});

describe('reconcileRecord', () => {
  it('never moves a job back along its lifecycle (a stale fetch or event)', () => {
    const done = job({ id: 'a', status: 'succeeded' });
    expect(reconcileRecord(done, job({ id: 'a', status: 'running' }))).toBe(done);
    const started = job({ id: 'a', status: 'running' });
    expect(reconcileRecord(started, job({ id: 'a', status: 'queued' }))).toBe(started);
  });

  it('keeps live progress ahead of a fetched record in the same phase', () => {
    const live = job({ id: 'a', status: 'running', progress: running(0.6) });
    const fetched = job({ id: 'a', status: 'running', progress: running(0.4), warnings: ['late row'] });
    expect(reconcileRecord(live, fetched)).toEqual({ ...fetched, progress: running(0.6) });
  });

  it('takes the newer status with its own progress', () => {
    const live = job({ id: 'a', status: 'preparing', progress: { fraction: 0.9, message: 'Downloading', phase: 'preparing' } });
    const next = job({ id: 'a', status: 'running', progress: running(0) });
    expect(reconcileRecord(live, next)).toBe(next);
  });
});

describe('reduceJobEvents', () => {
  it('applies updates and progress in order', () => {
    const snapshot = reduceJobEvents(EMPTY_JOBS, [
      { name: 'job/updated', payload: job({ id: 'a', status: 'running' }) },
      { name: 'job/progress', payload: { id: 'a', progress: running(0.25) } },
      { name: 'job/progress', payload: { id: 'a', progress: running(0.5) } },
    ]);
    expect(snapshot.records.a!.progress).toEqual(running(0.5));
  });

  it('drops progress for unknown and finished jobs', () => {
    const snapshot = mergeJobRecords(EMPTY_JOBS, [job({ id: 'done', status: 'cancelled' })]);
    expect(applyJobProgress(snapshot, { id: 'done', progress: running(0.9) })).toBe(snapshot);
    expect(applyJobProgress(snapshot, { id: 'other', progress: running(0.9) })).toBe(snapshot);
  });
});

describe('finishesDataJob', () => {
  const before = mergeJobRecords(EMPTY_JOBS, [job({ id: 'imp', status: 'running' }), job({ id: 'old', status: 'succeeded' })]);

  it('is true when an import reaches a terminal state', () => {
    expect(finishesDataJob(before, [{ name: 'job/updated', payload: job({ id: 'imp', status: 'partial' }) }])).toBe(true);
  });

  it('is true when a delete of prices reaches a terminal state', () => {
    const deleting = mergeJobRecords(EMPTY_JOBS, [job({ id: 'del', kind: 'data/delete', params: { symbols: ['X'] }, status: 'running' })]);
    const deleted = job({ id: 'del', kind: 'data/delete', params: { symbols: ['X'] }, status: 'succeeded' });
    expect(finishesDataJob(deleting, [{ name: 'job/updated', payload: deleted }])).toBe(true);
  });

  it('is false for repeated terminal events, other kinds, and progress', () => {
    expect(finishesDataJob(before, [{ name: 'job/updated', payload: job({ id: 'old', status: 'succeeded' }) }])).toBe(false);
    expect(finishesDataJob(before, [{ name: 'job/updated', payload: job({ id: 'x', kind: 'diagnostics/sleep', status: 'succeeded' }) }])).toBe(false);
    expect(finishesDataJob(before, [{ name: 'job/progress', payload: { id: 'imp', progress: running(1) } }])).toBe(false);
  });
});

describe('settleCancelling', () => {
  it('forgets cancel requests once their job is terminal', () => {
    const snapshot = mergeJobRecords(EMPTY_JOBS, [job({ id: 'a', status: 'cancelled' }), job({ id: 'b', status: 'running' })]);
    expect([...settleCancelling(new Set(['a', 'b']), snapshot)]).toEqual(['b']);
  });

  it('answers the same set when nothing settled', () => {
    const cancelling = new Set(['b']);
    const snapshot = mergeJobRecords(EMPTY_JOBS, [job({ id: 'b', status: 'running' })]);
    expect(settleCancelling(cancelling, snapshot)).toBe(cancelling);
  });
});

describe('recountListing', () => {
  const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;
  // The newest 10 of 16 jobs on the host were fetched: j15 (newest) … j6.
  const fetched = Array.from({ length: 10 }, (_, index) => job({ id: `j${15 - index}`, createdAt: at(15 - index), status: 'succeeded' }));
  const before = mergeJobRecords(EMPTY_JOBS, fetched);
  const listing = listingOf({ jobs: fetched, total: 16, nextOffset: 10 });
  const updated = (record: JobRecord): JobEvent => ({ name: 'job/updated', payload: record });

  function recount(events: JobEvent[], query: JobQuery = ALL_JOBS, from: JobsSnapshot = before) {
    return recountListing(listing, query, from, reduceJobEvents(from, events), events.map((event) => event.payload.id));
  }

  it('counts jobs submitted since the fetch, and moves the next page past them', () => {
    const submitted = [16, 17, 18, 19, 20].map((second) => updated(job({ id: `new${second}`, createdAt: at(second) })));
    expect(recount(submitted)).toEqual({ ...listing, total: 21, nextOffset: 15 });
  });

  it('counts a job once, however many times it arrives', () => {
    const submittedReply = mergeJobRecords(before, [job({ id: 'new', createdAt: at(20) })]);
    const afterReply = recountListing(listing, ALL_JOBS, before, submittedReply, ['new']);
    const event = updated(job({ id: 'new', createdAt: at(20), status: 'running' }));
    expect(recountListing(afterReply, ALL_JOBS, submittedReply, reduceJobEvents(submittedReply, [event]), ['new'])).toEqual(afterReply);
    expect(recount([updated(job({ id: 'new', createdAt: at(20) })), updated(job({ id: 'new', createdAt: at(20), status: 'running' }))]).total).toBe(17);
  });

  it('takes an unseen job older than the fetched pages as counted already', () => {
    expect(recount([updated(job({ id: 'j2', createdAt: at(2), status: 'succeeded' }))])).toBe(listing);
  });

  it('answers the same listing for progress and for updates that change no match', () => {
    const running = mergeJobRecords(before, [job({ id: 'j9', createdAt: at(9), status: 'running' })]);
    expect(recount([{ name: 'job/progress', payload: { id: 'j9', progress: { fraction: 0.5, message: '', phase: 'running' } } }], ALL_JOBS, running)).toBe(listing);
    expect(recount([updated(job({ id: 'j9', createdAt: at(9), status: 'succeeded' }))], ALL_JOBS, running)).toBe(listing);
  });

  it('drops jobs that stop matching a status filter, from the next page start too when they were fetched', () => {
    const active: JobQuery = { statusFilter: 'active', kind: null };
    const running = mergeJobRecords(EMPTY_JOBS, [job({ id: 'j9', createdAt: at(9), status: 'running' }), job({ id: 'j3', createdAt: at(3), status: 'running' })]);
    const activeListing = listingOf({ jobs: [running.records.j9!], total: 2, nextOffset: 1 });
    const finish = (id: string, second: number) => {
      const next = reduceJobEvents(running, [updated(job({ id, createdAt: at(second), status: 'succeeded' }))]);
      return recountListing(activeListing, active, running, next, [id]);
    };
    expect(finish('j9', 9)).toEqual({ ...activeListing, total: 1, nextOffset: 0 });
    expect(finish('j3', 3)).toEqual({ ...activeListing, total: 1 });
  });

  it('counts an unseen job that comes to match within the fetched range: it did not match when fetched', () => {
    const runningOnly: JobQuery = { statusFilter: 'running', kind: null };
    const page = [job({ id: 'r14', createdAt: at(14), status: 'running' })];
    const known = mergeJobRecords(EMPTY_JOBS, page);
    const runningListing = listingOf({ jobs: page, total: 3, nextOffset: 1 });
    const start = (id: string, second: number) => {
      const next = reduceJobEvents(known, [updated(job({ id, createdAt: at(second), status: 'running' }))]);
      return recountListing(runningListing, runningOnly, known, next, [id]);
    };
    expect(start('q15', 15)).toEqual({ ...runningListing, total: 4, nextOffset: 2 });
    expect(start('q12', 12)).toBe(runningListing);
  });

  it('counts every unseen job once all pages are fetched', () => {
    const all = listingOf({ jobs: fetched, total: 10, nextOffset: null });
    expect(all.oldestFetched).toBeNull();
    const old = updated(job({ id: 'j0', createdAt: at(0), status: 'running' }));
    expect(recountListing(all, ALL_JOBS, before, reduceJobEvents(before, [old]), ['j0'])).toEqual({ ...all, total: 11 });
  });
});
