import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../../shared/job';
import { jobFixture } from '../../../../shared/job-fixture';
import { describeDeletion, failedDeletions, symbolsBeingDeleted } from './symbol-deletion';

describe('describeDeletion', () => {
  it('names the symbol, its rows and range, and says backtests keep their results', () => {
    const symbol = { symbol: 'HUGE', firstDate: '1900-01-01', lastDate: '2024-12-31', rows: 45_656, source: 'csv:HUGE.csv', updatedAt: '2026-01-01T00:00:00.000Z' };
    expect(describeDeletion(symbol)).toEqual({
      question: "Delete HUGE's prices: 45,656 rows from 1900-01-01 to 2024-12-31?",
      detail: 'Backtests already run on HUGE keep their results. To get the prices back, import HUGE.csv again.',
    });
    expect(describeDeletion({ ...symbol, rows: 1, lastDate: '1900-01-01' }).question).toBe("Delete HUGE's prices: 1 row from 1900-01-01 to 1900-01-01?");
  });
});

describe('symbolsBeingDeleted', () => {
  it('lists the symbols of delete jobs not yet finished, and nothing of other jobs', () => {
    const records = {
      queued: jobFixture({ id: 'queued', kind: 'data/delete', params: { symbols: ['X'] }, status: 'queued' }),
      running: jobFixture({ id: 'running', kind: 'data/delete', params: { symbols: ['HUGE', 'Y'] }, status: 'running' }),
      done: jobFixture({ id: 'done', kind: 'data/delete', params: { symbols: ['GOOG'] }, status: 'succeeded' }),
      import: jobFixture({ id: 'import', kind: 'data/import', params: { paths: ['/data/NVDA.csv'] }, status: 'running' }),
    };
    expect([...symbolsBeingDeleted(records)].sort()).toEqual(['HUGE', 'X', 'Y']);
  });
});

describe('failedDeletions', () => {
  const deleteJob = (id: string, symbols: string[], createdAt: string, overrides: Partial<JobRecord> = {}) =>
    jobFixture({ id, kind: 'data/delete', params: { symbols }, createdAt, status: 'succeeded', ...overrides });
  const failed = deleteJob('failed', ['HUGE'], '2026-01-01T00:00:01.000Z', { status: 'failed', error: { message: 'The worker stopped unexpectedly.', reason: 'worker_crashed' } });
  const cancelled = deleteJob('cancelled', ['GOOG', 'NVDA'], '2026-01-01T00:00:02.000Z', {
    status: 'cancelled',
    progress: { fraction: 0.4, message: 'Deleting GOOG: 4,000 rows', phase: null },
    cancelReason: 'user',
  });

  it("tells, per symbol, that its latest delete failed or was cancelled, why, and that the prices are still stored", () => {
    const records = { failed, cancelled, done: deleteJob('done', ['ORCL'], '2026-01-01T00:00:03.000Z'), import: jobFixture({ id: 'import', status: 'failed' }) };
    expect(Object.fromEntries(failedDeletions(records, new Set()))).toEqual({
      HUGE: { jobId: 'failed', summary: 'Deleting HUGE failed: its prices are all still stored.', reason: 'The worker stopped unexpectedly.' },
      GOOG: { jobId: 'cancelled', summary: 'Deleting GOOG was cancelled: its prices are all still stored.', reason: 'Cancelled by the user.' },
      NVDA: { jobId: 'cancelled', summary: 'Deleting NVDA was cancelled: its prices are all still stored.', reason: 'Cancelled by the user.' },
    });
  });

  it('forgets a failure once dismissed, or once a newer delete of the symbol is under way or done', () => {
    const retry = deleteJob('retry', ['HUGE'], '2026-01-01T00:00:05.000Z', { status: 'running' });
    expect([...failedDeletions({ failed, cancelled }, new Set(['cancelled'])).keys()]).toEqual(['HUGE']);
    expect([...failedDeletions({ retry, failed }, new Set()).keys()]).toEqual([]);
    expect([...failedDeletions({ failed, retry: { ...retry, status: 'succeeded' } }, new Set()).keys()]).toEqual([]);
    // A newer attempt that fails again is told, with its own reason.
    const again = { ...retry, status: 'failed', error: { message: 'Disk full.' } } as const;
    expect(failedDeletions({ failed, again }, new Set(['failed'])).get('HUGE')).toMatchObject({ jobId: 'retry', reason: 'Disk full.' });
  });
});
