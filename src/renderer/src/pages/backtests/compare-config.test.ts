import { describe, expect, it } from 'vitest';
import { backtestFixture } from './backtest-fixture';
import { configRows } from './compare-config';

describe('configRows', () => {
  it('tells apart two runs whose labels read the same, by the config they differ in', () => {
    const base = backtestFixture();
    const richer = backtestFixture({
      id: 'run-2',
      config: { ...base.config, from: '2005-01-01', broker: { ...base.config.broker, cash: 1_000_000, commission: 0.001 } },
    });
    const rows = Object.fromEntries(configRows([base, richer]).map((row) => [row.label, row]));
    expect(Object.keys(rows)).toEqual(['Symbols', 'Date range', 'Cash', 'Commission', 'Spread', 'Created']);
    expect(rows['Symbols']).toEqual({ label: 'Symbols', values: ['GOOG', 'GOOG'], differs: false });
    expect(rows['Date range']!.values).toEqual(['first bar → last bar', '2005-01-01 → last bar']);
    expect(rows['Cash']!.differs).toBe(true);
    expect(rows['Commission']!.values).toEqual(['0.000 %', '0.100 %']);
    expect(rows['Spread']!.differs).toBe(false);
    expect(rows['Created']!.values[0]).toMatch(/^2026-11-2\d \d\d:\d\d:55$/);
  });

  it('leaves a run that did not load empty, without counting it as a difference', () => {
    const [symbols] = configRows([backtestFixture(), null, backtestFixture()]);
    expect(symbols).toEqual({ label: 'Symbols', values: ['GOOG', null, 'GOOG'], differs: false });
  });
});
