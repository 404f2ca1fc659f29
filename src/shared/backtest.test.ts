import { describe, expect, it } from 'vitest';
import { backtestRunParams, backtestSweepParams } from './backtest';
import { parseOrThrow } from './validation';

const run = { strategy: 'sma-cross', params: { fast: 10, slow: 30 } };

describe('backtest params', () => {
  it('refuse an empty symbol list and a symbol listed twice, saying which', () => {
    const empty = backtestRunParams.safeParse({ ...run, symbols: [] });
    expect(empty.error?.issues[0]).toMatchObject({ path: ['symbols'], message: 'choose at least one symbol' });
    const twice = backtestSweepParams.safeParse({ strategy: 'sma-cross', symbols: ['GOOG', 'NVDA', 'GOOG'], grid: { fast: [5], slow: [20] } });
    expect(twice.error?.issues[0]).toMatchObject({ path: ['symbols'], message: 'each symbol may be listed only once' });
    expect(backtestRunParams.parse({ ...run, symbols: ['GOOG', 'NVDA'] }).symbols).toEqual(['GOOG', 'NVDA']);
  });

  it("quote a refused strategy param's own value, not the whole request", () => {
    expect(() => parseOrThrow(backtestRunParams, { ...run, params: { fast: 0, slow: 30 }, symbols: ['GOOG'] }, 'parameters for backtest/run')).toThrow(
      'Invalid parameters for backtest/run: params.fast must be at least 1 (got 0)',
    );
  });
});
