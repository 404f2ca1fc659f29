import { describe, expect, it } from 'vitest';
import { backtestRunParams, backtestSweepParams } from '../../../../shared/backtest';
import { firstMessageByField, issuesByPath, strategyParamErrors } from './form-issues';
import { gridSize } from './params-schema';

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

describe('form messages for several refused fields at once', () => {
  it("flag every bad param of a run, not only the first the run's schema stops at", () => {
    const params = { fast: Number.NaN, slow: -5 };
    expect(errorsFor({ params })).not.toHaveProperty(['params.slow']);
    expect(firstMessageByField(strategyParamErrors('sma-cross', params), errorsFor({ params }))).toEqual({
      'params.fast': 'Enter a number.',
      'params.slow': 'Must be at least 2.',
    });
  });

  it("keep the form's specific message for a sweep axis over the schema's 'Invalid input'", () => {
    for (const fast of [{ start: 5, end: 20, step: Number.NaN }, [5, 10, Number.NaN]]) {
      const grid = { fast, slow: [30] };
      const parsed = backtestSweepParams.safeParse({ strategy: 'sma-cross', symbols: ['GOOG'], grid });
      if (parsed.success) throw new Error('expected the grid to be refused');
      const schemaErrors = issuesByPath(parsed.error.issues);
      expect(schemaErrors['grid.fast']).toBe('Invalid input');
      const specific = Object.fromEntries(gridSize(grid, '', 'sma-cross').errors.map(({ field, message }) => [field, message]));
      expect(firstMessageByField(specific, schemaErrors)['grid.fast']).toMatch(/positive step|numbers only/);
    }
  });
});
