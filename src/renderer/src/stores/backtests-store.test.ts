import { describe, expect, it } from 'vitest';
import { symbolFilterOptions } from './backtests-store';

describe('symbolFilterOptions', () => {
  it("offers the stored runs' symbols, whether or not their prices are still stored", () => {
    expect(symbolFilterOptions(['GOOG', 'NVDA', '^GSPC'], null)).toEqual(['GOOG', 'NVDA', '^GSPC']);
    expect(symbolFilterOptions(['GOOG', 'NVDA'], 'NVDA')).toEqual(['GOOG', 'NVDA']);
  });

  it('keeps the chosen symbol in its place once its last run is deleted, so the filter shows what it filters by', () => {
    expect(symbolFilterOptions(['GOOG', 'ORCL'], 'NVDA')).toEqual(['GOOG', 'NVDA', 'ORCL']);
    expect(symbolFilterOptions([], 'NVDA')).toEqual(['NVDA']);
  });
});
