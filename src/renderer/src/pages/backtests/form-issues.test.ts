import { describe, expect, it } from 'vitest';
import { backtestRunParams } from '../../../../shared/backtest';
import { issuesByPath } from './form-issues';

function errorsFor(input: Record<string, unknown>): Record<string, string> {
  const parsed = backtestRunParams.safeParse({ strategy: 'sma-cross', symbols: ['GOOG'], params: { fast: 10, slow: 30 }, ...input });
  if (parsed.success) throw new Error('expected the input to be refused');
  return issuesByPath(parsed.error.issues);
}

describe('form messages for refused input', () => {
  it('says what a param must be in words, not in zod terms', () => {
    expect(errorsFor({ params: { fast: 2.5, slow: 30 } })['params.fast']).toBe('Must be a whole number.');
    expect(errorsFor({ params: { fast: 0, slow: 30 } })['params.fast']).toBe('Must be at least 1.');
    expect(errorsFor({ params: { fast: 10, slow: 99_999 } })['params.slow']).toBe('Must be at most 5,000.');
    expect(errorsFor({ params: { fast: Number.NaN, slow: 30 } })['params.fast']).toBe('Enter a number.');
  });

  it('gives broker bounds in the unit the form shows: percent for commission and spread', () => {
    const errors = errorsFor({ broker: { cash: -5, commission: 0.5, spread: 0.2 } });
    expect(errors['broker.cash']).toBe('Must be more than 0.');
    expect(errors['broker.commission']).toBe('Must be at most 10 %.');
    expect(errors['broker.spread']).toBe('Must be at most 10 %.');
  });
});
