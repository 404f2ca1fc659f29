import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../../shared/job';
import { importFileRows, isDataImportResult, jobOutcome, jobSubject, jobTitle } from './job-summary';

const base: JobRecord = {
  id: 'j1',
  kind: 'data/import',
  params: { paths: ['/d/GOOG.csv', '/d/NVDA.csv', '/d/ORCL.csv', '/d/YHOO.csv'] },
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
};

describe('job summaries', () => {
  it('names kinds and lists what an import works on', () => {
    expect(jobTitle(base)).toBe('Import CSV');
    expect(jobTitle({ ...base, kind: 'backtest/run' })).toBe('Backtest');
    expect(jobTitle({ ...base, kind: 'some/future-kind' })).toBe('some/future-kind');
    const backtest = { ...base, kind: 'backtest/run', params: { strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: ['GOOG', 'NVDA'] } };
    expect(jobSubject(backtest)).toBe('sma-cross · fast=10 slow=30 · GOOG, NVDA');
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
    expect(jobSubject(base)).toBe('GOOG.csv, NVDA.csv, ORCL.csv +1 more');
    expect(jobSubject({ ...base, kind: 'diagnostics/sleep', params: { durationMs: 20_000, units: 10 } })).toBe('0:20 in 10 units');
  });

  it('sums up outcomes', () => {
    expect(jobOutcome(base)).toBe('1 of 2 files failed · 1,500 rows');
    expect(jobOutcome({ ...base, status: 'failed', error: { message: 'Worker crashed', reason: 'worker_crashed' } })).toBe('Worker crashed');
  });

  it('lists import files from the result, or pending from the params', () => {
    expect(isDataImportResult(base.result)).toBe(true);
    expect(importFileRows(base).map((row) => row.status)).toEqual(['imported', 'failed']);
    expect(importFileRows({ ...base, result: null }).map((row) => row.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
  });
});
