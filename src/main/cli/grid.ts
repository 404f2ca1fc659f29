import type { GridAxis, StrategyName } from '../../shared/backtest';
import { countText } from '../../shared/count-text';
import { isAppError } from '../../shared/errors';
import {
  MAX_RAW_COMBINATIONS,
  expandAxis,
  expandGrid,
  fractionForWholeNumberParam,
  parseAxisText,
  parseConstraint,
  strategyParamNames,
  type Comparison,
  type ExpandedGrid,
} from '../../shared/sweep-grid';
import { UsageError } from './command';
import { isDecimal } from './options';

/** What `sweep` was given to build its grid from. */
export interface SweepGridArgs {
  strategy: StrategyName;
  /** `--grid name=SPEC` as given. */
  axes: readonly string[];
  /** `--param` values, each a one-value axis. */
  fixed: Readonly<Record<string, number>>;
  constraint: string | undefined;
  /** `--max-cells`: most cells after the constraint. */
  maxCells: number;
}

/**
 * The sweep's cells from its --grid axes and --param values. Each refusal names its cause:
 * a value that is not a decimal or not a whole number for a whole-number param, a constraint
 * on a param without a value, the cap on combinations (`expandGrid`'s), or --max-cells.
 */
export function sweepCells({ strategy, axes, fixed, constraint, maxCells }: SweepGridArgs): ExpandedGrid {
  const grid: Record<string, GridAxis> = {};
  for (const spec of axes) {
    const { name, axis } = parseGridSpec(spec);
    if (Object.hasOwn(grid, name)) throw new UsageError(`--grid ${name} is given twice`);
    if (Object.hasOwn(fixed, name)) throw new UsageError(`${name} is given both as --param and as --grid`);
    checkWholeNumbers(strategy, name, `--grid ${spec}`, axis);
    grid[name] = axis;
  }
  if (Object.keys(grid).length === 0) throw new UsageError('give at least one --grid name=start:end:step');
  for (const [name, value] of Object.entries(fixed)) {
    checkWholeNumbers(strategy, name, `--param ${name}=${value}`, [value]);
    grid[name] = [value];
  }
  if (constraint?.trim()) checkConstraintNames(strategy, constraint, grid);
  const expanded = asUsage(() => expandGrid({ strategy, grid, constraint }, MAX_RAW_COMBINATIONS));
  checkMaxCells(expanded, maxCells);
  return expanded;
}

function parseGridSpec(spec: string): { name: string; axis: GridAxis } {
  const match = /^([A-Za-z_]\w*)=(.+)$/.exec(spec);
  if (!match) throw new UsageError(`--grid must look like name=start:end:step or name=a,b,c; got '${spec}'`);
  const [, name, text] = match as unknown as [string, string, string];
  const axis = asUsage(() => parseAxisText(name, text));
  const loose = text.split(/[:,]/).find((part) => !isDecimal(part));
  if (loose !== undefined) throw new UsageError(`'${loose.trim()}' in grid axis '${name}' is not a decimal number`);
  return { name, axis };
}

/** A fractional value of a whole-number param: refused, saying where it came from. */
function checkWholeNumbers(strategy: StrategyName, name: string, source: string, axis: GridAxis): void {
  const fraction = fractionForWholeNumberParam(strategy, name, asUsage(() => expandAxis(axis)));
  if (fraction !== undefined) throw new UsageError(`${source}: ${name} takes whole numbers, not ${fraction}`);
}

/** A constraint may name the params on the grid (fixed ones included); any other has no value to compare. */
function checkConstraintNames(strategy: StrategyName, constraint: string, grid: Record<string, GridAxis>): void {
  const comparisons: Comparison[] = asUsage(() => parseConstraint(constraint, strategyParamNames(strategy)));
  for (const operand of comparisons.flatMap(({ left, right }) => [left, right])) {
    if (operand.kind === 'param' && !Object.hasOwn(grid, operand.name)) {
      const { name } = operand;
      throw new UsageError(`the constraint names ${name}, which is not on the grid: give it one value with --param ${name}=N or a range with --grid ${name}=START:END:STEP`);
    }
  }
}

function checkMaxCells(expanded: ExpandedGrid, maxCells: number): void {
  const cells = expanded.cells.length;
  if (cells <= maxCells) return;
  const of = cells === expanded.combinations ? '' : ` (of ${countText(expanded.combinations)} combinations before the constraint and the strategy's rules)`;
  throw new UsageError(
    `the grid has ${countText(cells)} cells${of}, more than --max-cells ${countText(maxCells)}. Narrow the ranges, widen the steps, add a constraint or raise --max-cells.`,
  );
}

function asUsage<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isAppError(error) && error.kind === 'invalid') throw new UsageError(error.message);
    throw error;
  }
}
