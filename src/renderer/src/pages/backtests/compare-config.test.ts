import { describe, expect, it } from 'vitest';
import { backtestFixture } from './backtest-fixture';
import { comparabilityNotes, configRows } from './compare-config';

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

describe('comparabilityNotes', () => {
  const run = (id: string, overrides: Partial<ReturnType<typeof backtestFixture>['config']> = {}) => {
    const base = backtestFixture();
    return backtestFixture({ id, config: { ...base.config, ...overrides } });
  };

  it('says nothing of runs on the same bars by the same engine, nor of runs over other symbols or dates', () => {
    expect(comparabilityNotes([run('a'), run('b'), null])).toEqual([]);
    expect(comparabilityNotes([run('a'), run('b', { symbols: ['NVDA'], dataHash: 'other' }), run('c', { from: '2005-01-01', dataHash: 'third' })])).toEqual([]);
  });

  it('says when runs over the same symbols and dates ran on different bars, or by different engine versions', () => {
    expect(comparabilityNotes([run('a'), run('b', { dataHash: 'reimported' })])).toEqual([
      'Some runs over the same symbols and dates ran on different bars (a symbol was imported again between them): their statistics do not compare like for like.',
    ]);
    expect(comparabilityNotes([run('a'), run('b', { engineVersion: '0.9.0' })])).toEqual([
      `These runs were made by different engine versions (${run('a').config.engineVersion}, 0.9.0): the same input may give other statistics.`,
    ]);
  });
});
