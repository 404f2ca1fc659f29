import { describe, expect, it } from 'vitest';
import { readSweepCellLimit } from './setting-draft';

describe('readSweepCellLimit', () => {
  it('reads whole numbers within bounds, thousands separators allowed', () => {
    expect(readSweepCellLimit('25000')).toEqual({ value: 25_000, error: null });
    expect(readSweepCellLimit(' 25,000 ')).toEqual({ value: 25_000, error: null });
    expect(readSweepCellLimit('1')).toEqual({ value: 1, error: null });
    expect(readSweepCellLimit('100,000')).toEqual({ value: 100_000, error: null });
  });

  it('refuses what is not a whole number from 1 to the highest limit, saying what is wanted', () => {
    for (const text of ['', '0', '100001', '2.5', '-5', '1e4', 'lots']) {
      expect(readSweepCellLimit(text)).toEqual({ value: null, error: 'Enter a whole number of cells from 1 to 100,000.' });
    }
  });
});
