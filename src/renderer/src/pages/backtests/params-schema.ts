import { z, type core } from 'zod';
import { STRATEGY_PARAMS, type GridAxis, type StrategyName } from '../../../../shared/backtest';
import { expandAxis, fractionForWholeNumberParam, parseConstraint, satisfies, type Comparison } from '../../../../shared/sweep-grid';
import { issueMessage } from './form-issues';

/** One input of a strategy's params form, read from its zod schema. */
export interface ParamField {
  name: string;
  label: string;
  isInteger: boolean;
  min: number | null;
  max: number | null;
  defaultValue: number | null;
}

interface JsonSchemaProperty {
  type?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

const fieldCache = new Map<StrategyName, ParamField[]>();

/** The params of a strategy as form fields: label from `.describe()`, bounds and default from the schema. */
export function paramFields(strategy: StrategyName): ParamField[] {
  const cached = fieldCache.get(strategy);
  if (cached) return cached;
  const schema = z.toJSONSchema(STRATEGY_PARAMS[strategy], { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProperty> };
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    label: property.description ?? name,
    isInteger: property.type === 'integer',
    min: property.minimum ?? null,
    max: property.maximum ?? null,
    defaultValue: typeof property.default === 'number' ? property.default : null,
  }));
  fieldCache.set(strategy, fields);
  return fields;
}

/** What a grid would run, and what is wrong with it, keyed as the form's fields are. */
export interface GridSize {
  cells: number;
  isExact: boolean;
  /** `field`: 'grid.<param>' for each bad axis; else 'constraint' for a bad constraint. */
  errors: { field: string; message: string }[];
}

/** What the form says about an axis' values: numbers only, within the param's bounds, whole where the param is. */
function axisValuesError(name: string, values: readonly number[], strategy: StrategyName | null): string | undefined {
  if (values.length === 0) return `Enter at least one value for ${name}.`;
  if (values.some((value) => !Number.isFinite(value))) return `${name} takes numbers only, e.g. 5, 10, 20.`;
  const field = strategy === null ? undefined : paramFields(strategy).find((candidate) => candidate.name === name);
  const outside = field && values.find((value) => (field.min !== null && value < field.min) || (field.max !== null && value > field.max));
  if (field && outside !== undefined) return `${name} takes ${boundsText(field)}, not ${outside}.`;
  const fraction = strategy === null ? undefined : fractionForWholeNumberParam(strategy, name, values);
  return fraction === undefined ? undefined : `${name} takes whole numbers, not ${fraction}.`;
}

/** A param's bounds as the form's hint shows them: "1 – 1000", or one side. */
function boundsText({ min, max }: ParamField): string {
  if (min !== null && max !== null) return `${min} – ${max}`;
  return min !== null ? `at least ${min}` : `at most ${max}`;
}

/**
 * Calls `visit` with each combination of the axes' values, in order, until it returns false.
 * The params object is refilled for each: copy it to keep one.
 */
function forEachCombination(names: readonly string[], axes: readonly number[][], visit: (params: Record<string, number>) => boolean | void): void {
  const params: Record<string, number> = {};
  const walk = (depth: number): boolean => {
    if (depth === names.length) return visit(params) !== false;
    for (const value of axes[depth]!) {
      params[names[depth]!] = value;
      if (!walk(depth + 1)) return false;
    }
    return true;
  };
  walk(0);
}

/**
 * Combinations the grid would run: exact (constraint applied) up to `exactLimit`, else the
 * plain product. Values a param cannot take (not numbers, out of its bounds, fractions of a
 * whole-number param) are errors here, as main would only skip those cells.
 */
export function gridSize(grid: Record<string, GridAxis>, constraint: string, strategy: StrategyName | null = null, exactLimit = 200_000): GridSize {
  const names = Object.keys(grid);
  const axes: number[][] = [];
  const axisErrors: GridSize['errors'] = [];
  for (const name of names) {
    const field = `grid.${name}`;
    try {
      const values = expandAxis(grid[name]!);
      const message = axisValuesError(name, values, strategy);
      if (message !== undefined) axisErrors.push({ field, message });
      axes.push(values);
    } catch (error) {
      axisErrors.push({ field, message: (error as Error).message });
    }
  }
  if (axisErrors.length > 0) return { cells: 0, isExact: false, errors: axisErrors };
  const product = axes.reduce((total, values) => total * values.length, 1);
  let comparisons: Comparison[] = [];
  try {
    if (constraint.trim()) comparisons = parseConstraint(constraint, names);
  } catch (error) {
    return { cells: product, isExact: false, errors: [{ field: 'constraint', message: (error as Error).message }] };
  }
  if (comparisons.length === 0) return { cells: product, isExact: true, errors: [] };
  if (product > exactLimit) return { cells: product, isExact: false, errors: [] };
  let cells = 0;
  forEachCombination(names, axes, (params) => {
    if (satisfies(comparisons, params)) cells += 1;
  });
  return { cells, isExact: true, errors: [] };
}

/** A combination of a grid that the strategy's own rules refuse, and the first rule it breaks. */
export interface RefusedCombination {
  params: Record<string, number>;
  reason: string;
}

/**
 * The first combination passing the constraint that the strategy refuses (what a sweep skips),
 * looked for among the first `searchLimit` combinations; null when none is found there or the
 * grid cannot be read.
 */
export function refusedCombination(sweep: { strategy: StrategyName; grid: Record<string, GridAxis>; constraint: string | null }, searchLimit = 20_000): RefusedCombination | null {
  const names = Object.keys(sweep.grid);
  let axes: number[][];
  let comparisons: Comparison[];
  try {
    axes = names.map((name) => expandAxis(sweep.grid[name]!));
    comparisons = sweep.constraint?.trim() ? parseConstraint(sweep.constraint, names) : [];
  } catch {
    return null;
  }
  const schema = STRATEGY_PARAMS[sweep.strategy];
  let found: RefusedCombination | null = null;
  let visited = 0;
  forEachCombination(names, axes, (params) => {
    if (++visited > searchLimit) return false;
    if (!satisfies(comparisons, params)) return true;
    const issue = schema.safeParse(params).error?.issues[0];
    if (issue) found = { params: { ...params }, reason: ruleText(issue) };
    return issue === undefined;
  });
  return found;
}

/** A refused param's rule as a sentence about it: "fast must be at least 1", or the strategy's own words. */
function ruleText(issue: core.$ZodIssue): string {
  if (issue.code === 'custom' || issue.path.length === 0) return issue.message;
  const message = issueMessage(issue);
  return `${issue.path.map(String).join('.')} ${message.charAt(0).toLowerCase()}${message.slice(1).replace(/\.$/, '')}`;
}

/** The step nearest `raw` among 1, 2, 2.5 and 5 times a power of ten (no 2.5 for integer params). */
function roundStep(raw: number, isInteger: boolean): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const multiples = isInteger && magnitude === 1 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  const nearest = multiples.reduce((best, multiple) => (Math.abs(multiple * magnitude - raw) < Math.abs(best * magnitude - raw) ? multiple : best));
  return Math.max(isInteger ? 1 : 0, Number((nearest * magnitude).toPrecision(12)));
}

/**
 * A sweep axis to start from: about half to twice the default, in round steps (5, 10, 2.5…)
 * from a multiple of the step, within the param's bounds — what a user would type.
 */
export function defaultRange(field: ParamField): { start: number; end: number; step: number } {
  const value = field.defaultValue ?? field.min ?? 1;
  const low = Math.max(field.min ?? 0, value / 2);
  const high = Math.min(field.max ?? Number.POSITIVE_INFINITY, value * 2);
  if (!(high > low)) return { start: value, end: value, step: 1 };
  const step = roundStep((high - low) / 8, field.isInteger);
  const snap = (edge: number) => Number((edge * step).toPrecision(12));
  const start = snap(Math.ceil(low / step));
  const end = snap(Math.floor(high / step));
  return end > start ? { start, end, step } : { start: value, end: value, step };
}
