import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../shared/job';
import { jobFixture } from '../../../shared/job-fixture';
import { applyJobProgress, EMPTY_JOBS, finishesDataJob, mergeJobRecords, reconcileRecord, reduceJobEvents, settleCancelling } from './jobs-reducer';

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
