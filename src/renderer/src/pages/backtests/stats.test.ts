import { describe, expect, it } from 'vitest';
import { bestIndexes, formatStat, formatSignedPct } from './stats';

describe('stat formatting', () => {
  it('formats by unit and shows undefined values as a dash', () => {
    expect(formatStat('sharpeRatio', null)).toBe('—');
    expect(formatStat('start', '2004-08-19T00:00:00.000Z')).toBe('2004-08-19');
    expect(formatSignedPct(0)).toBe('0.00 %');
  });
});

describe('bestIndexes', () => {
  it('marks the best side of a row, ties included', () => {
    expect(bestIndexes('sharpeRatio', [0.2, 0.9, null])).toEqual([1]);
    expect(bestIndexes('maxDrawdownPct', [-40, -12, -30])).toEqual([1]);
    expect(bestIndexes('commissions', [0, 12, 0])).toEqual([0, 2]);
  });

  it('marks nothing for rows without a better side or all equal', () => {
    expect(bestIndexes('beta', [1, 2])).toEqual([]);
    expect(bestIndexes('returnPct', [5, 5])).toEqual([]);
    expect(bestIndexes('returnPct', [5, null])).toEqual([]);
  });
});
