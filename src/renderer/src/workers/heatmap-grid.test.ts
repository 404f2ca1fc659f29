import { describe, expect, it } from 'vitest';
import { prepareHeatmap } from './heatmap-grid';

const cells = [
  { params: { fast: 5, slow: 20, k: 1 }, metric: 1, backtestId: 'a' },
  { params: { fast: 5, slow: 20, k: 2 }, metric: 3, backtestId: 'b' },
  { params: { fast: 10, slow: 20, k: 1 }, metric: -1, backtestId: 'c' },
  { params: { fast: 10, slow: 30, k: 1 }, metric: null, backtestId: 'd' },
];

describe('prepareHeatmap', () => {
  it('aggregates the other params by max, pointing at the best backtest', () => {
    const grid = prepareHeatmap({ cells, xParam: 'fast', yParam: 'slow', others: { k: 'max' } });
    expect(grid.xValues).toEqual([5, 10]);
    expect(grid.yValues).toEqual([20, 30]);
    expect(grid.aggregate).toBe('max');
    expect(grid.cells[0]).toMatchObject({ x: 5, y: 20, value: 3, bestValue: 3, backtestId: 'b', count: 2 });
    expect(grid.cells[3]).toMatchObject({ x: 10, y: 30, value: null, count: 0 });
    expect([grid.min, grid.max]).toEqual([-1, 3]);
  });

  it('averages or holds the other params fixed', () => {
    const mean = prepareHeatmap({ cells, xParam: 'fast', yParam: 'slow', others: { k: 'mean' } });
    expect(mean.aggregate).toBe('mean');
    // The mean is the value; what a click opens is the best of the cells averaged, told apart by its own value.
    expect(mean.cells[0]).toMatchObject({ value: 2, bestValue: 3, backtestId: 'b', count: 2, params: { fast: 5, slow: 20, k: 2 } });
    expect(prepareHeatmap({ cells, xParam: 'fast', yParam: 'slow', others: { k: 1 } }).cells[0]).toMatchObject({ value: 1, backtestId: 'a' });
  });

  it('places the declared axes, cells not run yet included', () => {
    const grid = prepareHeatmap({ cells: cells.slice(0, 1), xParam: 'fast', yParam: 'slow', others: { k: 'max' }, xValues: [5, 10, 15], yValues: [20] });
    expect(grid.xValues).toEqual([5, 10, 15]);
    expect(grid.cells.map((cell) => cell.value)).toEqual([1, null, null]);
  });
});
