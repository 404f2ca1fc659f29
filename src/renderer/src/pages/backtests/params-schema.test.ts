import { describe, expect, it } from 'vitest';
import { defaultRange, gridSize, paramFields, refusedCombination } from './params-schema';

describe('paramFields', () => {
  it('reads labels, bounds and defaults from the strategy schema', () => {
    expect(paramFields('sma-cross')).toEqual([
      { name: 'fast', label: 'Fast moving-average period (bars)', isInteger: true, min: 1, max: 1000, defaultValue: 10 },
      { name: 'slow', label: 'Slow moving-average period (bars)', isInteger: true, min: 2, max: 5000, defaultValue: 30 },
    ]);
    expect(paramFields('rsi-reversion').find((field) => field.name === 'lower')).toMatchObject({ isInteger: false, defaultValue: 30 });
    expect(paramFields('buy-and-hold')).toEqual([]);
  });
});

describe('grid size in the sweep form', () => {
  it('counts cells passing the constraint, with the same rules main uses', () => {
    const grid = { fast: { start: 5, end: 50, step: 5 }, slow: { start: 10, end: 200, step: 10 } };
    expect(gridSize(grid, '')).toEqual({ cells: 200, isExact: true, errors: [] });
    const constrained = gridSize(grid, 'fast < slow');
    expect(constrained.cells).toBe(200 - 25);
    expect(gridSize(grid, 'fast < nope').errors).toEqual([{ field: 'constraint', message: expect.stringMatching(/names 'nope', which is not a parameter/) }]);
    expect(gridSize(grid, 'fast <<').errors).toEqual([{ field: 'constraint', message: expect.stringMatching(/expected a parameter name or a number/) }]);
    expect(gridSize({ fast: { start: 9, end: 1, step: 1 } }, '').errors).toEqual([{ field: 'grid.fast', message: expect.stringMatching(/must not end/) }]);
  });

  it('blames each bad axis, not the constraint, and refuses fractions of whole-number params', () => {
    const bad = { fast: { start: 5, end: 20, step: 0 }, slow: { start: 10, end: 15, step: 2.5 } };
    expect(gridSize(bad, 'fast < slo', 'sma-cross').errors).toEqual([
      { field: 'grid.fast', message: expect.stringMatching(/positive step/) },
      { field: 'grid.slow', message: 'slow takes whole numbers, not 12.5.' },
    ]);
    // Thresholds are not whole-number params: their fractions are cells.
    expect(gridSize({ lower: { start: 10, end: 15, step: 2.5 } }, '', 'rsi-reversion').errors).toEqual([]);
  });

  it("refuses values outside a param's bounds, in the terms of the hint beside the field", () => {
    expect(gridSize({ fast: [5, 10, -3], slow: { start: 10, end: 6000, step: 1000 } }, '', 'sma-cross').errors).toEqual([
      { field: 'grid.fast', message: 'fast takes 1 – 1000, not -3.' },
      { field: 'grid.slow', message: 'slow takes 2 – 5000, not 5010.' },
    ]);
    expect(gridSize({ upper: [50, 99.5] }, '', 'rsi-reversion').errors).toEqual([{ field: 'grid.upper', message: 'upper takes 1 – 99, not 99.5.' }]);
  });

  it('refuses a list that is empty or holds something other than numbers, naming the param', () => {
    expect(gridSize({ fast: [5, 10, Number.NaN] }, '', 'sma-cross').errors).toEqual([{ field: 'grid.fast', message: 'fast takes numbers only, e.g. 5, 10, 20.' }]);
    expect(gridSize({ lower: [] }, '', 'rsi-reversion').errors).toEqual([{ field: 'grid.lower', message: 'Enter at least one value for lower.' }]);
  });
});

describe('a sweep axis to start from', () => {
  it('spans about half to twice the default in round steps, within the bounds', () => {
    const field = (name: string, strategy: Parameters<typeof paramFields>[0]) => paramFields(strategy).find((item) => item.name === name)!;
    expect(defaultRange(field('fast', 'sma-cross'))).toEqual({ start: 6, end: 20, step: 2 });
    expect(defaultRange(field('slow', 'sma-cross'))).toEqual({ start: 15, end: 60, step: 5 });
    expect(defaultRange(field('period', 'rsi-reversion'))).toEqual({ start: 8, end: 28, step: 2 });
    // Thresholds are not integers, but their steps are still round: not 6.4 from 15.
    expect(defaultRange(field('lower', 'rsi-reversion'))).toEqual({ start: 15, end: 60, step: 5 });
    // Twice 70 is past the maximum of 99.
    expect(defaultRange(field('upper', 'rsi-reversion'))).toEqual({ start: 40, end: 90, step: 10 });
  });

  it('keeps integer steps whole and falls back to the default alone when there is no room', () => {
    const base = { name: 'n', label: 'n', isInteger: true, min: 1, max: 3, defaultValue: 2 };
    expect(defaultRange(base)).toEqual({ start: 1, end: 3, step: 1 });
    expect(defaultRange({ ...base, min: 2, max: 2 })).toEqual({ start: 2, end: 2, step: 1 });
    expect(defaultRange({ ...base, isInteger: false, min: 0, max: null, defaultValue: 0.02 })).toEqual({ start: 0.01, end: 0.04, step: 0.0025 });
  });
});

describe('a combination a sweep skips', () => {
  it("finds one passing the constraint that the strategy refuses, with the rule it breaks", () => {
    expect(refusedCombination({ strategy: 'sma-cross', grid: { fast: [5, 10], slow: [10, 20] }, constraint: null })).toEqual({
      params: { fast: 10, slow: 10 },
      reason: 'fast must be less than slow',
    });
    expect(refusedCombination({ strategy: 'breakout', grid: { lookback: [20, 1] }, constraint: '' })).toEqual({ params: { lookback: 1 }, reason: 'lookback must be at least 2' });
  });

  it('finds none when the constraint leaves out every refused one, or none within the search limit', () => {
    expect(refusedCombination({ strategy: 'sma-cross', grid: { fast: [5, 10], slow: [10, 20] }, constraint: 'fast < slow' })).toBeNull();
    expect(refusedCombination({ strategy: 'sma-cross', grid: { fast: [5, 10], slow: [10, 20] }, constraint: null }, 2)).toBeNull();
  });
});
