import { describe, expect, it } from 'vitest';
import type { SymbolCoverage } from '../../../shared/contract';
import { findUnknownSymbols, symbolsWithoutData } from './symbol-check';

function coverage(symbol: string, firstDate: string, lastDate: string): SymbolCoverage {
  return { symbol, firstDate, lastDate, rows: 10, source: 'test', updatedAt: 'now' };
}

describe('symbol checks', () => {
  it('name unknown symbols with at most ten stored ones', () => {
    const stored = Array.from({ length: 12 }, (_, index) => `S${index}`);
    expect(findUnknownSymbols(['S1', 'S2'], stored)).toBeNull();
    expect(findUnknownSymbols(['S1', 'X'], stored)?.message).toBe('X is not in the market data; it has S0, S1, S2, S3, S4, S5, S6, S7, S8, S9 and 2 more');
    expect(findUnknownSymbols(['X', 'Y'], [], 'the market data of /data')).toEqual({ missing: ['X', 'Y'], message: 'X, Y are not in the market data of /data; it has none yet' });
  });

  it('find symbols whose dates do not meet the range, saying where their bars are', () => {
    const stored = [coverage('A', '2004-08-19', '2013-03-01'), coverage('B', '1999-01-22', '2014-12-31')];
    expect(symbolsWithoutData(['A', 'B'], stored, {})).toEqual([]);
    expect(symbolsWithoutData(['A', 'B'], stored, { from: '2013-03-01' })).toEqual([]);
    expect(symbolsWithoutData(['A', 'B', 'C'], stored, { from: '2013-03-02' })).toEqual([
      { symbol: 'A', reason: 'No price data for A from 2013-03-02 on; its bars run from 2004-08-19 to 2013-03-01.' },
      { symbol: 'C', reason: 'No price data for C from 2013-03-02 on.' },
    ]);
    expect(symbolsWithoutData(['A', 'B'], stored, { from: '2000-01-01', to: '2004-08-18' }).map((item) => item.symbol)).toEqual(['A']);
  });
});
