import type { core } from 'zod';

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

/** Issues of a failed parse keyed by their dotted path ('form' for the whole), the first message each. */
export function issuesByPath(issues: readonly core.$ZodIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || 'form';
    errors[key] ??= issueMessage(issue);
  }
  return errors;
}
