import { z } from 'zod';
import { STRATEGY_PARAMS, type GridAxis, type StrategyName } from '../../../../shared/backtest';

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

/** The values a grid axis stands for: both ends of a range included. */
export function expandAxis(axis: GridAxis, limit = 100_000): number[] {
  if (Array.isArray(axis)) return [...axis];
  const { start, end, step } = axis;
  if (!(step > 0) || end < start) return [];
  const values: number[] = [];
  // Stepping by multiplication keeps 0.1-steps from drifting past the end.
  for (let index = 0; values.length < limit; index += 1) {
    const value = Number((start + index * step).toPrecision(12));
    if (value > end + step * 1e-9) break;
    values.push(value);
  }
  return values;
}

type Comparison = { left: string | number; operator: '<' | '<=' | '>' | '>=' | '==' | '!='; right: string | number };

const COMPARISON = /^\s*([A-Za-z_][\w]*|-?\d+(?:\.\d+)?)\s*(<=|>=|==|!=|<|>)\s*([A-Za-z_][\w]*|-?\d+(?:\.\d+)?)\s*$/;

/** Parses `fast < slow && slow <= 100`; answers the reason when it cannot. */
export function parseConstraint(text: string, names: readonly string[]): { comparisons: Comparison[] } | { error: string } {
  if (!text.trim()) return { comparisons: [] };
  const comparisons: Comparison[] = [];
  for (const part of text.split('&&')) {
    const match = COMPARISON.exec(part);
    if (!match) return { error: `Cannot read “${part.trim()}”: write comparisons such as fast < slow, joined by &&` };
    const operand = (token: string) => (/^-?\d/.test(token) ? Number(token) : token);
    const left = operand(match[1]!);
    const right = operand(match[3]!);
    for (const side of [left, right]) if (typeof side === 'string' && !names.includes(side)) return { error: `Unknown param “${side}”` };
    comparisons.push({ left, operator: match[2] as Comparison['operator'], right });
  }
  return { comparisons };
}

function satisfies(comparisons: readonly Comparison[], params: Record<string, number>): boolean {
  return comparisons.every(({ left, operator, right }) => {
    const a = typeof left === 'number' ? left : params[left]!;
    const b = typeof right === 'number' ? right : params[right]!;
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
      default:
        return a !== b;
    }
  });
}

/** Combinations the grid would run: exact (constraint applied) up to `exactLimit`, else the plain product. */
export function gridSize(grid: Record<string, GridAxis>, constraint: string, exactLimit = 200_000): { cells: number; isExact: boolean; error: string | null } {
  const names = Object.keys(grid);
  const axes = names.map((name) => expandAxis(grid[name]!));
  const product = axes.reduce((total, values) => total * values.length, 1);
  const parsed = parseConstraint(constraint, names);
  if ('error' in parsed) return { cells: product, isExact: false, error: parsed.error };
  if (parsed.comparisons.length === 0) return { cells: product, isExact: true, error: null };
  if (product > exactLimit) return { cells: product, isExact: false, error: null };
  let cells = 0;
  const params: Record<string, number> = {};
  const walk = (depth: number): void => {
    if (depth === names.length) {
      if (satisfies(parsed.comparisons, params)) cells += 1;
      return;
    }
    for (const value of axes[depth]!) {
      params[names[depth]!] = value;
      walk(depth + 1);
    }
  };
  walk(0);
  return { cells, isExact: true, error: null };
}
