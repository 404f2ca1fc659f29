import { describe, expect, it } from 'vitest';
import { sweepCells, type SweepGridArgs } from './grid';

const base: SweepGridArgs = { strategy: 'sma-cross', axes: [], fixed: {}, constraint: undefined, maxCells: 10_000 };

describe('sweep grid from the command line', () => {
  it('takes --param values as one-value axes the constraint may name', () => {
    const grid = sweepCells({ ...base, axes: ['fast=5:20:5'], fixed: { slow: 12 }, constraint: 'fast < slow' });
    expect(grid.cells.map((cell) => cell.params)).toEqual([
      { fast: 5, slow: 12 },
      { fast: 10, slow: 12 },
    ]);
    expect(grid.excluded).toBe(2);
    expect(() => sweepCells({ ...base, axes: ['fast=5:20:5'], fixed: { fast: 3 } })).toThrow('fast is given both as --param and as --grid');
  });

  it('says a constraint names a param that is not on the grid, rather than not a parameter', () => {
    expect(() => sweepCells({ ...base, axes: ['fast=5:20:5'], constraint: 'fast < slow' })).toThrow(
      'the constraint names slow, which is not on the grid: give it one value with --param slow=N or a range with --grid slow=START:END:STEP',
    );
    expect(() => sweepCells({ ...base, axes: ['fast=5:20:5'], constraint: 'fast < slw' })).toThrow(/names 'slw', which is not a parameter; the parameters are fast, slow/);
  });

  it('names the limit a grid is over: the cap on combinations, or --max-cells after the constraint', () => {
    const huge = { ...base, axes: ['fast=1:1500:1', 'slow=1:1000:1'], maxCells: 2_000_000 };
    expect(() => sweepCells(huge)).toThrow(/^The grid has 1,500,000 combinations before the constraint; a sweep enumerates at most 1,000,000, whatever its cell limit/);
    const constrained = { ...base, axes: ['fast=1:100:1', 'slow=2:101:1'], constraint: 'fast < slow && fast < 60', maxCells: 1000 };
    expect(() => sweepCells(constrained)).toThrow(
      "the grid has 4,189 cells (of 10,000 combinations before the constraint and the strategy's rules), more than --max-cells 1,000. " +
        'Narrow the ranges, widen the steps, add a constraint or raise --max-cells.',
    );
    expect(sweepCells({ ...constrained, constraint: 'fast < slow && slow < 30' }).cells).toHaveLength(406);
  });

  it('refuses fractional values for whole-number params, and numbers that are not decimals', () => {
    expect(() => sweepCells({ ...base, axes: ['fast=5:6:0.5'] })).toThrow('--grid fast=5:6:0.5: fast takes whole numbers, not 5.5');
    expect(() => sweepCells({ ...base, axes: ['fast=5,7.5'], fixed: { slow: 30 } })).toThrow('--grid fast=5,7.5: fast takes whole numbers, not 7.5');
    expect(() => sweepCells({ ...base, axes: ['fast=5'], fixed: { slow: 30.5 } })).toThrow('--param slow=30.5: slow takes whole numbers, not 30.5');
    expect(sweepCells({ strategy: 'rsi-reversion', axes: ['lower=20:30:2.5'], fixed: {}, constraint: undefined, maxCells: 100 }).cells).toHaveLength(5);
    expect(() => sweepCells({ ...base, axes: ['fast=0x0A,5'] })).toThrow("'0x0A' in grid axis 'fast' is not a decimal number");
    expect(() => sweepCells({ ...base, axes: ['fast=5:50:5', 'slow=x'] })).toThrow("'x' in grid axis 'slow' is not a number.");
  });
});
