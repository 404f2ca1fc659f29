import { describe, expect, it } from 'vitest';
import { STAT_KEYS, type SweepCellStatistics } from '../../../../shared/backtest';
import { statsFixture } from './backtest-fixture';
import { fileStem, sweepCellsToCsv, tradesToCsv } from './export';

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

describe('sweepCellsToCsv', () => {
  const cell = (params: Record<string, number>, overrides: Partial<SweepCellStatistics> = {}): SweepCellStatistics => ({
    params,
    backtestId: 'bt',
    status: 'succeeded',
    metric: 0.58,
    error: null,
    stats: statsFixture(),
    ...overrides,
  });

  it('writes a column per param, the status, every statistic and the error, rows ordered by the params', () => {
    const csv = sweepCellsToCsv(
      ['fast', 'slow'],
      [
        cell({ fast: 10, slow: 30 }),
        cell({ fast: 5, slow: 30 }, { stats: statsFixture({ sharpeRatio: null, returnPct: -12.5 }) }),
        cell({ fast: 5, slow: 20 }, { status: 'failed', metric: null, stats: null, error: 'GOOG: needs 23 bars, "has" 20' }),
      ],
    );
    const [header, ...rows] = csv.trimEnd().split('\n');
    expect(header).toBe(['fast', 'slow', 'status', ...STAT_KEYS, 'error'].join(','));
    expect(rows.map((row) => row.split(',').slice(0, 3).join(','))).toEqual(['5,20,failed', '5,30,succeeded', '10,30,succeeded']);
    const columns = header!.split(',');
    const valueOf = (row: string, key: string) => row.split(',')[columns.indexOf(key)];
    // A failed cell has no statistics; a statistic without a value is an empty cell.
    expect(rows[0]).toBe(`5,20,failed${','.repeat(STAT_KEYS.length)},"GOOG: needs 23 bars, ""has"" 20"`);
    expect(valueOf(rows[1]!, 'sharpeRatio')).toBe('');
    expect(valueOf(rows[1]!, 'returnPct')).toBe('-12.5');
    expect(valueOf(rows[2]!, 'start')).toBe('2004-08-19T00:00:00.000Z');
    expect(valueOf(rows[2]!, 'kellyCriterion')).toBe('0.2');
    expect(csv.endsWith('\n')).toBe(true);
  });
});
