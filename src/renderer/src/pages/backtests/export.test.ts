import { describe, expect, it } from 'vitest';
import { fileStem, tradesToCsv } from './export';

describe('tradesToCsv', () => {
  it('writes a header and quotes what needs quoting', () => {
    const csv = tradesToCsv([
      { symbol: 'GO,OG', size: 10, entryBar: 1, exitBar: 5, entryTime: '2020-01-02', exitTime: '2020-01-08', entryPrice: 10, exitPrice: 11, pnl: 10, returnPct: 0.1, durationDays: 6, commission: 0 },
    ]);
    expect(csv.split('\n')[0]).toBe('symbol,size,entryBar,exitBar,entryTime,exitTime,entryPrice,exitPrice,pnl,returnPct,durationDays,commission');
    expect(csv.split('\n')[1]).toBe('"GO,OG",10,1,5,2020-01-02,2020-01-08,10,11,10,0.1,6,0');
  });

  it('makes safe file names', () => {
    expect(fileStem('sma-cross fast=10/slow=30')).toBe('sma-cross-fast-10-slow-30');
  });
});
