import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { cellKey, expandAxis, expandGrid, gridText, parseAxisText, parseConstraint, satisfies } from './sweep-grid';

function invalidMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('invalid');
    return (error as AppError).message;
  }
  throw new Error('expected an invalid error');
}

describe('grid axes', () => {
  it('include both ends of a range, without floating-point drift', () => {
    expect(expandAxis({ start: 5, end: 50, step: 5 })).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    expect(expandAxis({ start: 0.1, end: 0.3, step: 0.1 })).toEqual([0.1, 0.2, 0.3]);
    expect(expandAxis({ start: 1, end: 2, step: 0.3 })).toEqual([1, 1.3, 1.6, 1.9]);
    expect(expandAxis({ start: 7, end: 7, step: 1 })).toEqual([7]);
    expect(expandAxis([3, 1, 3])).toEqual([3, 1]);
  });

  it('parse from the CLI form', () => {
    expect(parseAxisText('fast', '5:50:5')).toEqual({ start: 5, end: 50, step: 5 });
    expect(parseAxisText('fast', '1:3')).toEqual({ start: 1, end: 3, step: 1 });
    expect(parseAxisText('fast', '10, 20,30')).toEqual([10, 20, 30]);
    expect(invalidMessage(() => parseAxisText('fast', '5:50:0'))).toMatch(/positive step/);
    expect(invalidMessage(() => parseAxisText('fast', '50:5:5'))).toMatch(/ends before it starts/);
    expect(invalidMessage(() => parseAxisText('fast', '1:2:3:4'))).toMatch(/start:end:step/);
  });

  it('name the axis, not its text, for a value that is not a number', () => {
    expect(invalidMessage(() => parseAxisText('fast', '5:x:5'))).toBe("'x' in grid axis 'fast' is not a number.");
    expect(invalidMessage(() => parseAxisText('slow', 'x'))).toBe("'x' in grid axis 'slow' is not a number.");
    expect(invalidMessage(() => parseAxisText('slow', '10, ,30'))).toBe("'' in grid axis 'slow' is not a number.");
  });
});

describe('grid text', () => {
  it('writes each axis as the CLI reads it, and shortens long lists', () => {
    expect(gridText({ fast: { start: 5, end: 50, step: 5 }, slow: [20, 30, 50] })).toBe('fast\u00a05:50:5 · slow\u00a020,30,50');
    const long = Array.from({ length: 40 }, (_, index) => index + 1);
    expect(gridText({ period: long })).toBe('period\u00a01,2,3,4,5,6,… (40 values)');
    expect(gridText({})).toBe('');
  });
});

describe('constraints', () => {
  it('parse comparisons joined by && and evaluate them', () => {
    const parsed = parseConstraint('fast < slow && slow <= 100 && fast != 7', ['fast', 'slow']);
    expect(parsed).toHaveLength(3);
    expect(satisfies(parsed, { fast: 5, slow: 10 })).toBe(true);
    expect(satisfies(parsed, { fast: 10, slow: 10 })).toBe(false);
    expect(satisfies(parsed, { fast: 5, slow: 110 })).toBe(false);
    expect(satisfies(parsed, { fast: 7, slow: 10 })).toBe(false);
  });

  it('accept numbers on either side, negative and decimal', () => {
    const parsed = parseConstraint('-1.5 < fast&&fast>=2e0&&3==3', ['fast']);
    expect(satisfies(parsed, { fast: 2 })).toBe(true);
    expect(satisfies(parsed, { fast: 1 })).toBe(false);
  });

  it('refuse unknown names, code and malformed text with a clear message', () => {
    expect(invalidMessage(() => parseConstraint('fast < slw', ['fast', 'slow']))).toMatch(/names 'slw', which is not a parameter; the parameters are fast, slow/);
    expect(invalidMessage(() => parseConstraint('fast < slow || fast > 3', ['fast', 'slow']))).toMatch(/unexpected '\|\| fast > 3'/);
    expect(invalidMessage(() => parseConstraint('process.exit()', ['fast']))).toMatch(/unexpected/);
    expect(invalidMessage(() => parseConstraint('fast <', ['fast']))).toMatch(/expected a parameter name or a number at the end/);
    expect(invalidMessage(() => parseConstraint('fast slow', ['fast', 'slow']))).toMatch(/expected a comparison/);
    expect(invalidMessage(() => parseConstraint('fast < 3 4 > 2', ['fast']))).toMatch(/joined by &&/);
    expect(invalidMessage(() => parseConstraint('  ', ['fast']))).toMatch(/empty/);
  });
});

describe('grid expansion', () => {
  it('enumerates cells that pass the constraint, with stable keys', () => {
    const grid = expandGrid({ strategy: 'sma-cross', grid: { slow: [10, 20], fast: { start: 5, end: 15, step: 5 } }, constraint: 'fast < slow' }, 100);
    expect(grid.cells.map((cell) => cell.params)).toEqual([
      { fast: 5, slow: 10 },
      { fast: 5, slow: 20 },
      { fast: 10, slow: 20 },
      { fast: 15, slow: 20 },
    ]);
    expect(grid.cells[0]!.key).toBe('{"fast":5,"slow":10}');
    expect(cellKey({ slow: 10, fast: 5 })).toBe(grid.cells[0]!.key);
    expect(grid).toMatchObject({ combinations: 6, excluded: 2, skipped: 0 });
    const rsi = expandGrid({ strategy: 'rsi-reversion', grid: { upper: [70, 80], period: [14], lower: [20, 30] } }, 100);
    expect(rsi.cells[0]!.key).toBe('{"lower":20,"period":14,"upper":70}');
    expect(rsi.cells.every((cell) => cell.key === cellKey(cell.params))).toBe(true);
  });

  it("skips cells the strategy's own rules refuse, and counts them", () => {
    const grid = expandGrid({ strategy: 'sma-cross', grid: { fast: [5, 20], slow: [10] } }, 100);
    expect(grid.cells.map((cell) => cell.params)).toEqual([{ fast: 5, slow: 10 }]);
    expect(grid.skipped).toBe(1);
    expect(invalidMessage(() => expandGrid({ strategy: 'sma-cross', grid: { fast: [1.5] } }, 100))).toMatch(/no runnable cells: 0 excluded by the constraint, 1 refused/);
  });

  it('refuses params the strategy does not take, and grids over the limit', () => {
    expect(invalidMessage(() => expandGrid({ strategy: 'sma-cross', grid: { period: [5] } }, 100))).toMatch(
      /'period' is not a parameter of sma-cross; its parameters are fast, slow/,
    );
    expect(invalidMessage(() => expandGrid({ strategy: 'sma-cross', grid: { fast: { start: 1, end: 20, step: 1 }, slow: { start: 30, end: 39, step: 1 } } }, 199))).toBe(
      'The grid has 200 cells, more than the limit of 199. Narrow the ranges, widen the steps or add a constraint.',
    );
    expect(invalidMessage(() => expandGrid({ strategy: 'sma-cross', grid: { fast: { start: 1, end: 1000, step: 1 }, slow: { start: 2, end: 5000, step: 1 } } }, 10_000))).toMatch(
      /4,999,000 combinations before the constraint; a sweep enumerates at most 1,000,000, whatever its cell limit/,
    );
  });
});
