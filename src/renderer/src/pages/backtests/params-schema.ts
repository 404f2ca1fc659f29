import { z } from 'zod';
import { STRATEGY_PARAMS, type GridAxis, type StrategyName } from '../../../../shared/backtest';
import { expandAxis, fractionForWholeNumberParam, parseConstraint, satisfies, type Comparison } from '../../../../shared/sweep-grid';

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

/**
 * Combinations the grid would run: exact (constraint applied) up to `exactLimit`, else the
 * plain product. A whole-number param's axis with a fractional value is an error here, as
 * main would only skip those cells.
 */
export function gridSize(grid: Record<string, GridAxis>, constraint: string, strategy: StrategyName | null = null, exactLimit = 200_000): GridSize {
  const names = Object.keys(grid);
  const axes: number[][] = [];
  const axisErrors: GridSize['errors'] = [];
  for (const name of names) {
    const field = `grid.${name}`;
    try {
      const values = expandAxis(grid[name]!);
      const fraction = strategy === null ? undefined : fractionForWholeNumberParam(strategy, name, values);
      if (fraction !== undefined) axisErrors.push({ field, message: `${name} takes whole numbers, not ${fraction}.` });
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
  const params: Record<string, number> = {};
  const walk = (depth: number): void => {
    if (depth === names.length) {
      if (satisfies(comparisons, params)) cells += 1;
      return;
    }
    for (const value of axes[depth]!) {
      params[names[depth]!] = value;
      walk(depth + 1);
    }
  };
  walk(0);
  return { cells, isExact: true, errors: [] };
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
