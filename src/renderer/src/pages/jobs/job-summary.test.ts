import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../../shared/job';
import { isDataImportResult } from '../../../../shared/kinds';
import { importFileRows, jobOutcome, jobSubject, jobTitle, lastProgress } from './job-summary';

const base: JobRecord = {
  id: 'j1',
  kind: 'data/import',
  params: { paths: ['/d/GOOG.csv', '/d/BAD.csv'] },
  status: 'partial',
  progress: { fraction: 1, message: '', phase: 'running' },
  warnings: [],
  error: null,
  result: {
    rowsImported: 1500,
    files: [
      { path: '/d/GOOG.csv', symbol: 'GOOG', status: 'imported', rows: 1500, firstDate: '2004-08-19', lastDate: '2013-03-01' },
      { path: '/d/BAD.csv', symbol: 'BAD', status: 'failed', rows: 0, firstDate: null, lastDate: null, error: 'BAD.csv line 3: bad date' },
    ],
  },
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  cancelReason: null,
};

describe('job summaries', () => {
  it('names kinds and lists what an import works on', () => {
    expect(jobTitle(base)).toBe('Import CSV');
    expect(jobTitle({ ...base, kind: 'backtest/run' })).toBe('Backtest');
    expect(jobTitle({ ...base, kind: 'some/future-kind' })).toBe('some/future-kind');
    const backtest = { ...base, kind: 'backtest/run', params: { strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: ['GOOG', 'NVDA'] } };
    expect(jobSubject(backtest)).toBe('GOOG, NVDA · sma-cross · fast=10 slow=30');
    expect(jobOutcome({ ...backtest, status: 'succeeded', result: { stats: { returnPct: 414.2299, sharpeRatio: 0.58, tradeCount: 66 } } })).toBe(
      'Return +414.23 % · Sharpe 0.58 · 66 trades',
    );
    const sweep = {
      ...base,
      kind: 'backtest/sweep',
      params: { strategy: 'sma-cross', symbols: ['GOOG'], maximize: 'sharpeRatio' },
      status: 'succeeded' as const,
      result: { finishedCells: 175, failedCells: 0, bestMetric: 0.712 },
    };
    expect(jobOutcome(sweep)).toBe('175 cells · best Sharpe ratio 0.71');
    expect(jobSubject({ ...base, params: { paths: ['/d/GOOG.csv', '/d/NVDA.csv', '/d/ORCL.csv', '/d/YHOO.csv'] } })).toBe(
      'GOOG.csv, NVDA.csv, ORCL.csv +1 more',
    );
    expect(jobSubject({ ...base, kind: 'diagnostics/sleep', params: { durationMs: 20_000, units: 10 } })).toBe('0:20 in 10 units');
  });

  it('sums up outcomes', () => {
    expect(jobOutcome(base)).toBe('1 imported, 1 failed · 1,500 rows');
    expect(jobOutcome({ ...base, status: 'failed', error: { message: 'Worker crashed', reason: 'worker_crashed' } })).toBe('Worker crashed');
    const deletion = { ...base, kind: 'data/delete', status: 'succeeded' as const, params: { symbols: ['X', 'HUGE'] } };
    expect(jobSubject(deletion)).toBe('X, HUGE');
    expect(jobOutcome({ ...deletion, result: { symbols: [], rowsDeleted: 45656 } })).toBe('45,656 rows deleted');
    const cancelled = { ...base, status: 'cancelled' as const, progress: { fraction: 0.4, message: 'BAD.csv: 10 rows', phase: 'running' as const } };
    expect(jobOutcome({ ...cancelled, cancelReason: 'shutdown', result: null })).toBe('Cancelled because Quantdesk was shutting down.');
    expect(jobOutcome({ ...cancelled, cancelReason: 'user' })).toBe('Cancelled by the user. 1 file imported · 1,500 rows kept');
    expect(jobOutcome({ ...cancelled, cancelReason: 'beforeStart', result: null })).toBe('Cancelled before it started.');
  });

  it('never passes a finished job’s last live progress off as its outcome', () => {
    const live = { fraction: 0.6, message: 'GOOG done', phase: 'running' as const };
    expect(jobOutcome({ ...base, status: 'cancelled', progress: live, result: null })).toBe('Cancelled.');
    expect(jobOutcome({ ...base, status: 'cancelled', progress: live })).toBe('Cancelled. 1 file imported · 1,500 rows kept');
    const interrupted = { message: 'Interrupted: the app stopped while this job was running.', reason: 'interrupted' };
    expect(jobOutcome({ ...base, status: 'failed', progress: live, error: interrupted, result: null })).toBe(interrupted.message);
  });

  it('says how many cells a cancelled sweep finished', () => {
    const sweep = { ...base, kind: 'backtest/sweep', params: { strategy: 'sma-cross', symbols: ['GOOG'], maximize: 'sharpeRatio' }, status: 'cancelled' as const };
    const progress = { fraction: 0.25, message: '300 of 1,200 cells', phase: 'running' as const };
    const byUser = { ...sweep, progress, cancelReason: 'user' as const };
    expect(jobOutcome({ ...byUser, result: { totalCells: 1200, finishedCells: 300, failedCells: 0, bestMetric: 0.5 } })).toBe('Cancelled by the user. 300 of 1,200 cells finished');
    expect(jobOutcome({ ...byUser, result: { totalCells: 1200, finishedCells: 0, failedCells: 0, bestMetric: null } })).toBe('Cancelled by the user.');
  });

  it('keeps where a failed or cancelled job stopped as its last progress, for the detail', () => {
    const started = { ...base, startedAt: '2026-01-01T00:00:01.000Z', progress: { fraction: 0.6, message: 'Imported 3 of 5 files', phase: 'running' as const } };
    expect(lastProgress({ ...started, status: 'failed', error: { message: 'Interrupted: the app stopped while this job was running.', reason: 'interrupted' } })).toBe(
      'Imported 3 of 5 files (60%)',
    );
    expect(lastProgress({ ...started, status: 'cancelled', cancelReason: 'user' })).toBe('Imported 3 of 5 files (60%)');
    // Cancelled before the reason was kept apart: the message it replaced is gone.
    expect(lastProgress({ ...started, status: 'cancelled', cancelReason: 'user', progress: { ...started.progress, message: '' } })).toBeNull();
    // Never started: its message only said it was waiting.
    expect(lastProgress({ ...started, status: 'failed', startedAt: null, progress: { fraction: 0, message: 'Waiting for a worker', phase: null } })).toBeNull();
    expect(lastProgress({ ...started, status: 'running' })).toBeNull();
    expect(lastProgress({ ...started, status: 'succeeded' })).toBeNull();
  });

  it('says how many imported rows replaced stored bars, when any did and it is known', () => {
    const goog = { path: '/d/GOOG.csv', symbol: 'GOOG', status: 'imported', rows: 100, firstDate: '2012-10-05', lastDate: '2013-03-01' };
    const reimport = (files: unknown[]) => ({ ...base, status: 'succeeded' as const, params: { paths: ['/d/GOOG.csv'] }, result: { rowsImported: 100, files } });
    expect(jobOutcome(reimport([{ ...goog, replacedRows: 98 }]))).toBe('1 file · 100 rows, 98 replaced');
    expect(jobOutcome(reimport([{ ...goog, replacedRows: 0 }]))).toBe('1 file · 100 rows');
    // Stored before replaced rows were counted: read as before, the count unknown.
    expect(jobOutcome(reimport([goog]))).toBe('1 file · 100 rows');
    expect(importFileRows(reimport([goog]))[0]?.replacedRows).toBeUndefined();
    expect(isDataImportResult(reimport([{ ...goog, replacedRows: '98' }]).result)).toBe(false);
  });

  it('lists import files from the result, or pending from the params', () => {
    expect(isDataImportResult(base.result)).toBe(true);
    expect(importFileRows(base).map((row) => row.status)).toEqual(['imported', 'failed']);
    expect(importFileRows({ ...base, status: 'running', result: null }).map((row) => row.status)).toEqual(['pending', 'pending']);
  });

  it('lists the files a cancelled or crashed import settled, and the others as not started', () => {
    const [goog, bad] = (base.result as { files: unknown[] }).files;
    const paths = ['/d/GOOG.csv', '/d/BAD.csv', '/d/ORCL.csv', '/d/GOOG.csv'];
    const cancelled = { ...base, status: 'cancelled' as const, params: { paths }, result: { rowsImported: 1500, files: [goog, bad] } };
    expect(importFileRows(cancelled).map((row) => [row.path, row.status, row.error])).toEqual([
      ['/d/GOOG.csv', 'imported', undefined],
      ['/d/BAD.csv', 'failed', 'BAD.csv line 3: bad date'],
      ['/d/ORCL.csv', 'not-imported', undefined],
      ['/d/GOOG.csv', 'not-imported', undefined],
    ]);
    expect(importFileRows({ ...cancelled, status: 'running' }).map((row) => row.status)).toEqual(['imported', 'failed', 'pending', 'pending']);
    expect(importFileRows({ ...cancelled, status: 'failed', result: null }).map((row) => row.status)).toEqual([
      'not-imported',
      'not-imported',
      'not-imported',
      'not-imported',
    ]);
  });
});
