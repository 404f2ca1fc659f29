import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors';
import { describeIssues, parseOrThrow, safeParseQuoting, type IssueWording } from './validation';

const schema = z.strictObject({
  fast: z.int().min(1).max(1000).optional(),
  cash: z.number().positive().optional(),
  name: z.string().max(5).optional(),
  symbols: z.array(z.string()).min(1).optional(),
  kind: z.string(),
});

function described(value: unknown, wording?: IssueWording): string {
  const parsed = safeParseQuoting(schema, value);
  if (parsed.success) throw new Error('expected a failed parse');
  return describeIssues(parsed.error.issues, wording);
}

describe('describeIssues', () => {
  it('words bounds, with the value given', () => {
    expect(described({ kind: 'a', fast: 0 })).toBe('fast must be at least 1 (got 0)');
    expect(described({ kind: 'a', fast: 2000 })).toBe('fast must be at most 1000 (got 2000)');
    expect(described({ kind: 'a', cash: -100 })).toBe('cash must be greater than 0 (got -100)');
    expect(described({ kind: 'a', name: 'toolong' })).toBe('name must be at most 5 characters long (got 7)');
    expect(described({ kind: 'a', symbols: [] })).toBe('symbols must have at least 1 item (got 0)');
  });

  it('words types and missing values', () => {
    expect(described({ kind: 'a', fast: 2.5 })).toBe('fast must be a whole number (got 2.5)');
    expect(described({ kind: 'a', cash: 'x' })).toBe("cash must be a number (got 'x')");
    expect(described({})).toBe('kind is required');
    expect(described(5)).toBe('must be an object (got 5)');
  });

  it('lists the values a choice takes, and words a malformed date', () => {
    const choice = z.object({ strategy: z.enum(['sma-cross', 'breakout']), from: z.iso.date().optional() });
    const quoted = (value: unknown) => describeIssues(safeParseQuoting(choice, value).error!.issues);
    expect(quoted({ strategy: 'nope' })).toBe("strategy must be one of 'sma-cross' or 'breakout' (got 'nope')");
    expect(quoted({ strategy: 'breakout', from: '2020-13-01' })).toBe("from must be a date as YYYY-MM-DD (got '2020-13-01')");
    expect(describeIssues(z.object({ on: z.literal(true) }).safeParse({ on: false }, { reportInput: true }).error!.issues)).toBe('on must be true (got false)');
  });

  it('names unknown keys, and the keys taken when told them', () => {
    expect(described({ kind: 'a', foo: 1, bar: 2 })).toBe("unknown fields 'foo', 'bar'");
    expect(described({ kind: 'a', foo: 1 }, { keyNoun: 'parameter', knownKeys: { owner: 'sma-cross', keys: ['fast', 'slow'] } })).toBe(
      "unknown parameter 'foo'; sma-cross takes fast, slow",
    );
  });

  it('names each value as told, leaves the value out without reportInput, and keeps messages it has no words for', () => {
    expect(described({ kind: 'a', cash: 0, fast: 0 }, { nameOf: (path) => `--${String(path[0])}` })).toBe(
      '--fast must be at least 1 (got 0); --cash must be greater than 0 (got 0)',
    );
    const parsed = schema.safeParse({ kind: 'a', fast: 0 });
    expect(describeIssues(parsed.error!.issues)).toBe('fast must be at least 1');
    const refined = z.object({ fast: z.number(), slow: z.number() }).refine((value) => value.fast < value.slow, { message: 'fast must be less than slow', path: ['fast'] });
    expect(describeIssues(refined.safeParse({ fast: 2, slow: 1 }).error!.issues)).toBe('fast must be less than slow');
    expect(describeIssues(z.object({ params: refined }).safeParse({ params: { fast: 2, slow: 1 } }).error!.issues)).toBe('params.fast must be less than slow');
    expect(describeIssues(refined.safeParse({ fast: 2, slow: 1 }).error!.issues, { nameOf: (path) => `--param ${String(path[0])}` })).toBe('--param fast must be less than slow');
    const format = z.object({ symbol: z.string().regex(/^[A-Z]+$/, 'must be upper case') });
    expect(describeIssues(format.safeParse({ symbol: 'goog' }).error!.issues)).toBe('symbol: must be upper case');
  });
});

describe('parseOrThrow', () => {
  it('throws an invalid AppError in plain words, keeping each issue by path', () => {
    let error: unknown;
    try {
      parseOrThrow(schema, { kind: 'a', fast: 0 }, 'request for test');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      kind: 'invalid',
      message: 'Invalid request for test: fast must be at least 1 (got 0)',
      details: { issues: [{ path: 'fast', message: 'fast must be at least 1 (got 0)' }] },
    });
  });
});

describe('safeParseQuoting', () => {
  it("gives valid input's data, defaults filled in, and a failure's issues with the value given", () => {
    const withDefault = z.object({ fast: z.int().min(1).default(10) });
    expect(safeParseQuoting(withDefault, {})).toEqual({ success: true, data: { fast: 10 } });
    const failed = safeParseQuoting(withDefault, { fast: 0 });
    expect(failed.success).toBe(false);
    expect(failed.error?.issues).toMatchObject([{ code: 'too_small', input: 0, path: ['fast'] }]);
  });
});
