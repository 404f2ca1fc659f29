import { z } from 'zod';
import { AppError } from './errors';
import { listText } from './list-text';

/** Deepest nesting accepted in any request body. */
export const MAX_NESTING_DEPTH = 8;

/** Refuses values nested deeper than `maxDepth` (arrays and objects both count). */
export function assertNestingDepth(value: unknown, maxDepth = MAX_NESTING_DEPTH): void {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxDepth) {
      throw new AppError('invalid', `Request is nested deeper than ${maxDepth} levels`);
    }
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
}

/**
 * `schema.safeParse(value, { reportInput: true })`: issues that quote the value given. Valid
 * input is parsed without the option, which measured 0.3 µs a parse against 2–5 µs with it
 * (a strategy's params, once per sweep cell: a twentieth of the cell); only a failure is
 * parsed again with it.
 */
export function safeParseQuoting<T extends z.ZodType>(schema: T, value: unknown): z.ZodSafeParseResult<z.output<T>> {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed : schema.safeParse(value, { reportInput: true });
}

/** Parses with a zod schema, turning failures into an `invalid` AppError listing each issue. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = safeParseQuoting(schema, value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: describeIssue(issue),
  }));
  throw new AppError('invalid', `Invalid ${what}: ${issues.map((issue) => issue.message).join('; ')}`, { issues });
}

/** How `describeIssue` words an issue's subject and an object's unknown keys. */
export interface IssueWording {
  /** What the value at a path is called (default: the path, dotted): '--cash' for the CLI. */
  nameOf?: (path: readonly PropertyKey[]) => string;
  /** What an object's key is called in "unknown parameter 'foo'" (default 'field'). */
  keyNoun?: string;
  /** The keys the object takes, listed after an unknown one: "sma-cross takes fast, slow". */
  knownKeys?: { owner: string; keys: readonly string[] };
}

/** Every issue of a failed parse as one line, `describeIssue`'s sentences joined by '; '. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], wording: IssueWording = {}): string {
  return issues.map((issue) => describeIssue(issue, wording)).join('; ');
}

/**
 * A zod issue as a sentence: "fast must be at least 1 (got 0)" rather than zod's "Too small:
 * expected number to be >=1". Quotes the value given when the parse had `reportInput: true`
 * (see `safeParseQuoting`); issues it has no wording for keep zod's (or the schema's own) message.
 */
export function describeIssue(issue: z.core.$ZodIssue, wording: IssueWording = {}): string {
  const subject = (wording.nameOf ?? dotted)(issue.path);
  const given = (value: unknown): string => ('input' in issue ? ` (got ${shown(value)})` : '');
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      const bound = boundOf(issue);
      if (bound === undefined) break;
      return `${subject} must ${bound}${given(sizeOf(issue.input))}`.trimStart();
    }
    case 'invalid_type': {
      if ('input' in issue && issue.input === undefined) return `${subject} is required`.trimStart();
      const expected = TYPE_NAMES[issue.expected];
      if (expected === undefined) break;
      return `${subject} must be ${expected}${given(issue.input)}`.trimStart();
    }
    case 'invalid_value': {
      const allowed = issue.values.map(shown);
      return `${subject} must be ${allowed.length === 1 ? allowed[0] : `one of ${listText(allowed, 'or')}`}${given(issue.input)}`.trimStart();
    }
    case 'invalid_format':
      if (issue.format !== 'date') break;
      return `${subject} must be a date as YYYY-MM-DD${given(issue.input)}`.trimStart();
    case 'unrecognized_keys':
      return unknownKeys(issue.keys, subject, wording);
  }
  // A custom message often names its field already: "fast must be less than slow", which under
  // `params` reads "params.fast must be less than slow".
  if (subject === '' || issue.message.startsWith(`${subject} `)) return issue.message;
  const field = String(issue.path.at(-1) ?? '');
  return field !== '' && issue.message.startsWith(`${field} `) ? `${subject}${issue.message.slice(field.length)}` : `${subject}: ${issue.message}`;
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
};

/** "be at least 1", "be greater than 0", "have at most 20 items"; undefined for an origin it has no words for. */
function boundOf(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string | undefined {
  const small = issue.code === 'too_small';
  const limit = small ? issue.minimum : issue.maximum;
  const relation = issue.exact ? 'exactly' : issue.inclusive ? (small ? 'at least' : 'at most') : small ? 'greater than' : 'less than';
  switch (issue.origin) {
    case 'number':
    case 'int':
    case 'bigint':
      return `be ${relation} ${limit}`;
    case 'string':
      return `be ${relation} ${limit} characters long`;
    case 'array':
    case 'set':
      return `have ${relation} ${limit} item${limit === 1 ? '' : 's'}`;
    default:
      return undefined;
  }
}

/** A sized value (string, array, set) by its size, as its bound counts it; a number as it is. */
function sizeOf(value: unknown): unknown {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  return value instanceof Set ? value.size : value;
}

/** A value as "(got …)" quotes it: numbers as they are, a string quoted (cut short), anything else by its kind. */
function shown(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `'${value.slice(0, 40)}…'` : `'${value}'`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function unknownKeys(keys: readonly string[], subject: string, { keyNoun = 'field', knownKeys }: IssueWording): string {
  const where = subject === '' ? '' : ` in ${subject}`;
  const unknown = `unknown ${keyNoun}${keys.length === 1 ? '' : 's'} ${keys.map((key) => `'${key}'`).join(', ')}${where}`;
  if (knownKeys === undefined) return unknown;
  const { owner, keys: known } = knownKeys;
  return `${unknown}; ${owner} takes ${known.length === 0 ? `no ${keyNoun}s` : known.join(', ')}`;
}
