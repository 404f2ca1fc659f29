import type { core } from 'zod';
import { STRATEGY_PARAMS, type StrategyName } from '../../../../shared/backtest';

/** Fields the form shows in percent while the schemas hold fractions (0.002 is 0.2 %). */
const PERCENT_FIELDS = new Set(['broker.commission', 'broker.spread']);

const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/**
 * A schema issue as the form says it, next to the field it is about: "Must be a whole
 * number." rather than zod's "Invalid input: expected int, received number", and bounds in
 * the field's own unit (a commission over 10 %, not "<=0.1").
 */
export function issueMessage(issue: core.$ZodIssue): string {
  const inUnit = (value: number | bigint) =>
    PERCENT_FIELDS.has(issue.path.map(String).join('.')) ? `${plain.format(Number(value) * 100)} %` : plain.format(value);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'Must be a whole number.';
      if (issue.expected === 'number') return 'Enter a number.';
      return issue.message;
    case 'too_small':
      if (issue.origin !== 'number') return issue.message;
      return `Must be ${issue.inclusive ? 'at least' : 'more than'} ${inUnit(issue.minimum)}.`;
    case 'too_big':
      if (issue.origin !== 'number') return issue.message;
      return `Must be ${issue.inclusive ? 'at most' : 'less than'} ${inUnit(issue.maximum)}.`;
    default:
      return issue.message;
  }
}

/** Issues of a failed parse keyed by their dotted path under `prefix` ('form' for the whole), the first message each. */
export function issuesByPath(issues: readonly core.$ZodIssue[], prefix: readonly PropertyKey[] = []): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = [...prefix, ...issue.path].map(String).join('.') || 'form';
    errors[key] ??= issueMessage(issue);
  }
  return errors;
}

/**
 * A run's params checked by the strategy's own schema, keyed `params.<name>`: every bad param
 * at once (the run's schema stops at the first that is not a number, before the strategy's
 * rules run, so a second bad param showed only once the first was fixed).
 */
export function strategyParamErrors(strategy: StrategyName, params: Record<string, number>): Record<string, string> {
  const parsed = STRATEGY_PARAMS[strategy].safeParse(params);
  return parsed.success ? {} : issuesByPath(parsed.error.issues, ['params']);
}

/**
 * Messages of several checks by field, the most specific check first: a field keeps the first
 * message it got ("A grid range needs a positive step", not the schema's "Invalid input").
 */
export function firstMessageByField(...checks: readonly Record<string, string>[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const check of checks) {
    for (const [field, message] of Object.entries(check)) errors[field] ??= message;
  }
  return errors;
}
