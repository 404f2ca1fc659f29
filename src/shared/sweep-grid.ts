import { z } from 'zod';
import { STRATEGY_PARAMS, type GridAxis, type StrategyName } from './backtest';
import { countText } from './count-text';
import { AppError } from './errors';

/**
 * Sweep grids: axis expansion, the constraint language and cell enumeration. Pure, so the
 * sweep hook (in main), the CLI and the sweep form share one definition of "the cells of a grid".
 *
 * Cells whose params the strategy's own schema refuses (e.g. sma-cross fast >= slow when
 * no constraint excludes them) are skipped, not run, and counted in `skipped`.
 */

/** Above this many raw combinations (before the constraint) a grid is refused without enumerating it. */
export const MAX_RAW_COMBINATIONS = 1_000_000;

/** Values of one axis: a list as given, or start..end by step with both ends included. */
export function expandAxis(axis: GridAxis): number[] {
  if (Array.isArray(axis)) return [...new Set(axis)];
  const { start, end, step } = axis;
  if (!(step > 0) || !Number.isFinite(start) || !Number.isFinite(end)) throw new AppError('invalid', 'A grid range needs finite start and end and a positive step.');
  if (end < start) throw new AppError('invalid', `A grid range must not end (${end}) before it starts (${start}).`);
  // A tolerance on the count, and rounding on the values, so 0.1:0.3:0.1 gives 0.1, 0.2, 0.3.
  const count = Math.floor((end - start) / step + 1e-9) + 1;
  if (count > 10_000) throw new AppError('invalid', `A grid range ${start}:${end}:${step} has ${count} values; at most 10,000.`);
  return Array.from({ length: count }, (_, index) => roundValue(start + index * step));
}

function roundValue(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

/** Parses `start:end:step`, `start:end` (step 1) or a comma list, as the CLI's `--grid name=text` gives it. */
export function parseAxisText(name: string, text: string): GridAxis {
  const toNumber = (part: string): number => {
    const trimmed = part.trim();
    const value = trimmed === '' ? Number.NaN : Number(trimmed);
    if (!Number.isFinite(value)) throw new AppError('invalid', `'${trimmed}' in grid axis '${name}' is not a number.`);
    return value;
  };
  if (text.includes(':')) {
    const parts = text.split(':');
    if (parts.length < 2 || parts.length > 3) throw new AppError('invalid', `Grid range '${text}' must be start:end:step.`);
    const [start, end, step = '1'] = parts as [string, string, string?];
    const axis = { start: toNumber(start), end: toNumber(end), step: toNumber(step) };
    if (!(axis.step > 0)) throw new AppError('invalid', `Grid range '${text}' needs a positive step.`);
    if (axis.end < axis.start) throw new AppError('invalid', `Grid range '${text}' ends before it starts.`);
    return axis;
  }
  return text.split(',').map(toNumber);
}

/** Values of a list axis `gridText` shows before it says how many there are. */
const LISTED_VALUES = 6;

/**
 * A grid as a line, in the form the CLI and the sweep form take (`start:end:step`, or a comma
 * list): `fast 5:50:5 · slow 10:200:10`. A long list shows its first values and its length.
 * A no-break space joins each name to its values, so a wrapped line never parts them.
 */
export function gridText(grid: Readonly<Record<string, GridAxis>>): string {
  return Object.entries(grid)
    .map(([name, axis]) => `${name}\u00a0${axisText(axis)}`)
    .join(' · ');
}

function axisText(axis: GridAxis): string {
  if (!Array.isArray(axis)) return `${axis.start}:${axis.end}:${axis.step}`;
  if (axis.length <= LISTED_VALUES) return axis.join(',');
  return `${axis.slice(0, LISTED_VALUES).join(',')},… (${axis.length} values)`;
}

type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';
type Operand = { kind: 'param'; name: string } | { kind: 'number'; value: number };
export interface Comparison {
  left: Operand;
  operator: Operator;
  right: Operand;
}

const TOKEN = /\s*(?:(<=|>=|==|!=|<|>|&&)|([A-Za-z_][A-Za-z0-9_]*)|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))/y;

/**
 * Parses a constraint: comparisons between param names and numbers joined by `&&`,
 * e.g. `fast < slow && slow <= 100`. Never evaluated as code. Names must be in `params`.
 */
export function parseConstraint(text: string, params: readonly string[]): Comparison[] {
  const tokens: Array<{ type: 'op' | 'and' | 'name' | 'number'; text: string }> = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < text.length) {
    if (/^\s*$/.test(text.slice(position))) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (!match) throw new AppError('invalid', `Constraint '${text}': unexpected '${text.slice(position).trim()}' at character ${position + 1}.`);
    position = TOKEN.lastIndex;
    if (match[1] === '&&') tokens.push({ type: 'and', text: '&&' });
    else if (match[1]) tokens.push({ type: 'op', text: match[1] });
    else if (match[2]) tokens.push({ type: 'name', text: match[2] });
    else tokens.push({ type: 'number', text: match[3]! });
  }
  if (tokens.length === 0) throw new AppError('invalid', 'The constraint is empty.');
  const comparisons: Comparison[] = [];
  let index = 0;
  const operand = (): Operand => {
    const token = tokens[index++];
    if (token?.type === 'number') return { kind: 'number', value: Number(token.text) };
    if (token?.type === 'name') {
      if (!params.includes(token.text)) {
        throw new AppError('invalid', `Constraint '${text}' names '${token.text}', which is not a parameter; the parameters are ${params.join(', ') || 'none'}.`);
      }
      return { kind: 'param', name: token.text };
    }
    throw new AppError('invalid', `Constraint '${text}': expected a parameter name or a number${token ? `, got '${token.text}'` : ' at the end'}.`);
  };
  for (;;) {
    const left = operand();
    const operator = tokens[index++];
    if (operator?.type !== 'op') {
      throw new AppError('invalid', `Constraint '${text}': expected a comparison (<, <=, >, >=, ==, !=)${operator ? `, got '${operator.text}'` : ' at the end'}.`);
    }
    const right = operand();
    comparisons.push({ left, operator: operator.text as Operator, right });
    if (index === tokens.length) return comparisons;
    if (tokens[index++]?.type !== 'and') throw new AppError('invalid', `Constraint '${text}': comparisons must be joined by &&.`);
  }
}

/** True when every comparison holds for `values` (called once per combination of a grid: no closures). */
export function satisfies(comparisons: readonly Comparison[], values: Readonly<Record<string, number>>): boolean {
  for (const { left, operator, right } of comparisons) {
    if (!holds(operandValue(left, values), operator, operandValue(right, values))) return false;
  }
  return true;
}

function operandValue(operand: Operand, values: Readonly<Record<string, number>>): number {
  return operand.kind === 'number' ? operand.value : (values[operand.name] ?? Number.NaN);
}

function holds(a: number, operator: Comparison['operator'], b: number): boolean {
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

/** The parameter names a strategy takes. */
export function strategyParamNames(strategy: StrategyName): string[] {
  return Object.keys(STRATEGY_PARAMS[strategy].shape);
}

const wholeNumberParamsByStrategy = new Map<StrategyName, ReadonlySet<string>>();

/** The params of a strategy that take whole numbers only (periods, lookbacks). */
function wholeNumberParams(strategy: StrategyName): ReadonlySet<string> {
  let names = wholeNumberParamsByStrategy.get(strategy);
  if (!names) {
    const shape: Record<string, z.ZodType> = STRATEGY_PARAMS[strategy].shape;
    names = new Set(Object.keys(shape).filter((name) => z.toJSONSchema(shape[name]!, { io: 'input' }).type === 'integer'));
    wholeNumberParamsByStrategy.set(strategy, names);
  }
  return names;
}

/**
 * The first of an axis' values that `name`, a whole-number param of `strategy`, cannot take
 * (a period of 12.5), if any. Its cells would only be skipped: the CLI and the sweep form
 * refuse such an axis instead.
 */
export function fractionForWholeNumberParam(strategy: StrategyName, name: string, values: readonly number[]): number | undefined {
  return wholeNumberParams(strategy).has(name) ? values.find((value) => !Number.isInteger(value)) : undefined;
}

export interface SweepGrid {
  strategy: StrategyName;
  grid: Record<string, GridAxis>;
  constraint?: string | undefined;
}

export interface GridCell {
  /** Stable key: JSON of the grid params in sorted name order. */
  key: string;
  /** Grid params only; the strategy's other params take their defaults. */
  params: Record<string, number>;
}

export interface ExpandedGrid {
  cells: GridCell[];
  /** Combinations the constraint excluded. */
  excluded: number;
  /** Combinations the strategy's own schema refuses (e.g. fast >= slow): not run. */
  skipped: number;
  /** Combinations before the constraint. */
  combinations: number;
}

/** The key of a cell: JSON of its params in sorted name order. */
export function cellKey(params: Readonly<Record<string, number>>): string {
  const sorted = Object.keys(params).sort();
  return JSON.stringify(Object.fromEntries(sorted.map((name) => [name, params[name]])));
}

/**
 * Every cell of a grid that passes the constraint and the strategy's schema, in a
 * stable order. Throws AppError 'invalid' for unknown params, a bad constraint, or a grid
 * of more than `limit` cells (naming its size and the limit; past the limit, cells the
 * schema would refuse are counted too, as the sweep form counts them).
 */
export function expandGrid(sweep: SweepGrid, limit: number): ExpandedGrid {
  const known = strategyParamNames(sweep.strategy);
  const names = Object.keys(sweep.grid).sort();
  if (names.length === 0) throw new AppError('invalid', 'The grid needs at least one parameter.');
  for (const name of names) {
    if (!known.includes(name)) {
      throw new AppError('invalid', `'${name}' is not a parameter of ${sweep.strategy}; its parameters are ${known.join(', ') || 'none'}.`);
    }
  }
  const axes = names.map((name) => expandAxis(sweep.grid[name]!));
  const combinations = axes.reduce((product, values) => product * values.length, 1);
  if (combinations > MAX_RAW_COMBINATIONS) {
    throw new AppError(
      'invalid',
      `The grid has ${countText(combinations)} combinations before the constraint; a sweep enumerates at most ` +
        `${countText(MAX_RAW_COMBINATIONS)}, whatever its cell limit. Narrow the ranges or widen the steps.`,
      { combinations, limit: MAX_RAW_COMBINATIONS },
    );
  }
  const comparisons = sweep.constraint?.trim() ? parseConstraint(sweep.constraint, names) : [];
  const schema = STRATEGY_PARAMS[sweep.strategy];
  const cells: GridCell[] = [];
  let excluded = 0;
  let skipped = 0;
  // Cells past the limit are only counted, for the message: checking and keeping up to a
  // million of them held main for over a second before refusing the grid.
  let pastLimit = 0;
  const indexes = new Array<number>(names.length).fill(0);
  // Filled in name order, so its JSON (and its copies') is the cellKey, without sorting again.
  const values: Record<string, number> = {};
  for (let count = 0; count < combinations; count++) {
    for (let axis = 0; axis < names.length; axis++) values[names[axis]!] = axes[axis]![indexes[axis]!]!;
    if (!satisfies(comparisons, values)) excluded++;
    else if (cells.length > limit) pastLimit++;
    else if (!schema.safeParse(values).success) skipped++;
    else cells.push({ key: JSON.stringify(values), params: { ...values } });
    for (let axis = names.length - 1; axis >= 0; axis--) {
      indexes[axis]! += 1;
      if (indexes[axis]! < axes[axis]!.length) break;
      indexes[axis] = 0;
    }
  }
  if (cells.length > limit) {
    const size = cells.length + pastLimit;
    throw new AppError(
      'invalid',
      `The grid has ${countText(size)} cells, more than the limit of ${countText(limit)}. Narrow the ranges, widen the steps or add a constraint.`,
      { cells: size, limit },
    );
  }
  if (cells.length === 0) {
    throw new AppError('invalid', `The grid has no runnable cells: ${excluded} excluded by the constraint, ${skipped} refused by ${sweep.strategy}'s parameter rules.`);
  }
  return { cells, excluded, skipped, combinations };
}
