import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../../shared/job-fixture';
import { describeDeletion, symbolsBeingDeleted } from './symbol-deletion';

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
