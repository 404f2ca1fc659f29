import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../../shared/job-fixture';
import { reimportedSinceNote, skippedCellsNote, skippedCellsOf, sweepPageWarnings } from './sweep-notes';

describe('what the sweep page notes', () => {
  it("says once that a sweep was cancelled: its callout does, so the job's cancel warning is left out", () => {
    const warnings = ['NVDA: Equity reached zero on 2001-03-23. (868 cells)', 'Cancelled after 5,953 of 7,938 cells; the finished ones are kept.'];
    expect(sweepPageWarnings(warnings, 'cancelled')).toEqual([warnings[0]]);
    expect(sweepPageWarnings(warnings, 'partial')).toEqual(warnings);
  });

  it("reads skipped cells from the sweep job's result", () => {
    expect(skippedCellsOf(jobFixture({ kind: 'backtest/sweep', result: { skippedCells: 10, totalCells: 20 } }))).toBe(10);
    expect(skippedCellsOf(jobFixture({ kind: 'backtest/sweep', result: { skippedCells: 0 } }))).toBe(0);
    expect(skippedCellsOf(jobFixture({ kind: 'backtest/sweep', result: null }))).toBe(0);
    expect(skippedCellsOf(undefined)).toBe(0);
  });

  it('says how many combinations were not run and why, with one of them', () => {
    const sweep = { strategy: 'sma-cross' as const, grid: { fast: [5, 10, -3], slow: { start: 20, end: 30, step: 10 } }, constraint: 'fast < slow' };
    expect(skippedCellsNote(sweep, 2)).toBe('2 combinations were not run: sma-cross refuses their params, e.g. fast=-3, slow=20 (fast must be at least 1).');
    expect(skippedCellsNote({ ...sweep, grid: { fast: [5], slow: [20] } }, 1)).toBe('1 combination was not run: sma-cross refuses their params.');
  });

  it("says which of a cell's symbols were imported again after it ran, and only those", () => {
    const stored = (symbol: string, updatedAt: string) => ({ symbol, firstDate: '2004-08-19', lastDate: '2013-03-01', rows: 2148, source: `csv:${symbol}.csv`, updatedAt });
    const cell = { createdAt: '2026-11-20T10:00:00.000Z', config: { symbols: ['GOOG', 'NVDA', 'ORCL'] } } as Parameters<typeof reimportedSinceNote>[0];
    const before = '2026-11-20T09:59:59.999Z';
    const after = '2026-11-21T08:00:00.000Z';
    expect(reimportedSinceNote(cell, [stored('GOOG', before), stored('NVDA', before), stored('YHOO', after)])).toBeNull();
    expect(reimportedSinceNote(cell, [stored('GOOG', after), stored('NVDA', before)])).toBe(
      'GOOG was imported again after this cell ran: running it now uses the bars as they are today, so its statistics may differ from these.',
    );
    expect(reimportedSinceNote(cell, [stored('GOOG', after), stored('NVDA', after), stored('ORCL', after)])).toMatch(/^GOOG, NVDA and ORCL were imported again/);
  });
});
