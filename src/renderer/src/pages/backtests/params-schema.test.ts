import { describe, expect, it } from 'vitest';
import { expandAxis, gridSize, paramFields, parseConstraint } from './params-schema';

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

describe('grids', () => {
  it('expands ranges with both ends included, without float drift', () => {
    expect(expandAxis({ start: 5, end: 50, step: 5 })).toHaveLength(10);
    expect(expandAxis({ start: 0.1, end: 0.3, step: 0.1 })).toEqual([0.1, 0.2, 0.3]);
    expect(expandAxis([3, 1])).toEqual([3, 1]);
  });

  it('counts cells passing the constraint', () => {
    const grid = { fast: { start: 5, end: 50, step: 5 }, slow: { start: 10, end: 200, step: 10 } };
    expect(gridSize(grid, '')).toEqual({ cells: 200, isExact: true, error: null });
    const constrained = gridSize(grid, 'fast < slow');
    expect(constrained.cells).toBe(200 - 25);
    expect(gridSize(grid, 'fast < nope').error).toMatch(/Unknown param/);
  });

  it('parses comparisons joined by &&', () => {
    expect(parseConstraint('fast < slow && slow <= 100', ['fast', 'slow'])).toEqual({
      comparisons: [
        { left: 'fast', operator: '<', right: 'slow' },
        { left: 'slow', operator: '<=', right: 100 },
      ],
    });
    expect('error' in parseConstraint('fast <<', ['fast'])).toBe(true);
  });
});
