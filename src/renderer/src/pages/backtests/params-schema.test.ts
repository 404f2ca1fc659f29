import { describe, expect, it } from 'vitest';
import { gridSize, paramFields } from './params-schema';

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
    expect(gridSize(grid, '')).toEqual({ cells: 200, isExact: true, error: null });
    const constrained = gridSize(grid, 'fast < slow');
    expect(constrained.cells).toBe(200 - 25);
    expect(gridSize(grid, 'fast < nope').error).toMatch(/names 'nope', which is not a parameter/);
    expect(gridSize(grid, 'fast <<').error).toMatch(/expected a parameter name or a number/);
    expect(gridSize({ fast: { start: 9, end: 1, step: 1 } }, '').error).toMatch(/must not end/);
  });
});
