import { beforeEach, describe, expect, it } from 'vitest';
import { listSymbols, loadBars, refreshSymbolSummary, upsertBars, type BarRow } from './bars';
import { openTempStore } from '../test-helpers';
import { openMarketStore, type MarketDb } from './connection';

let file: string;
let db: MarketDb;

beforeEach(() => {
  const store = openTempStore('market.sqlite', openMarketStore);
  ({ db, file } = store);
  return store.remove;
});

/** `count` daily bars from `start` (UTC), prices rising by `step`. */
function makeBars(start: string, count: number, step = 1): BarRow[] {
  const first = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => {
    const base = 100 + index * step;
    return {
      date: new Date(first + index * 86_400_000).toISOString().slice(0, 10),
      open: base,
      high: base + 2,
      low: base - 1,
      close: base + 1,
      adjClose: index % 2 === 0 ? base + 0.5 : null,
      volume: 1000 + index,
    };
  });
}

function barCount(symbol: string): number {
  return db.prepare('SELECT count(*) FROM bars WHERE symbol = ?').pluck().get(symbol) as number;
}

describe('bars', () => {
  it('writes bars and keeps the symbol summary in step', () => {
    // 150 rows: two 64-row batches and 22 single rows.
    expect(upsertBars(db, 'GOOG', makeBars('2020-01-01', 150), 'csv:GOOG.csv')).toBe(150);
    const [summary] = listSymbols(db);
    expect(summary).toMatchObject({ symbol: 'GOOG', firstDate: '2020-01-01', lastDate: '2020-05-29', rows: 150, source: 'csv:GOOG.csv' });
    expect(Date.parse(summary?.updatedAt ?? '')).not.toBeNaN();
    expect(barCount('GOOG')).toBe(150);
  });

  it('replaces bars of the same dates instead of adding them', () => {
    upsertBars(db, 'GOOG', makeBars('2020-01-01', 100), 'first');
    expect(upsertBars(db, 'GOOG', makeBars('2020-01-01', 100, 2), 'second')).toBe(0);
    expect(barCount('GOOG')).toBe(100);
    expect(listSymbols(db)[0]).toMatchObject({ rows: 100, source: 'second' });
    expect(loadBars(db, 'GOOG').close[99]).toBe(100 + 99 * 2 + 1);
  });

  it('counts only new dates when ranges overlap, in any order of writes', () => {
    upsertBars(db, 'ORCL', makeBars('2020-03-01', 50), 'a');
    expect(upsertBars(db, 'ORCL', makeBars('2020-02-01', 60), 'b')).toBe(29);
    expect(upsertBars(db, 'ORCL', [...makeBars('2019-12-01', 10)].reverse(), 'c')).toBe(10);
    const [summary] = listSymbols(db);
    expect(summary).toMatchObject({ firstDate: '2019-12-01', lastDate: '2020-04-19', rows: 89 });
    expect(summary?.rows).toBe(barCount('ORCL'));
  });

  it('writes nothing for no rows', () => {
    expect(upsertBars(db, 'NONE', [], 'x')).toBe(0);
    expect(listSymbols(db)).toEqual([]);
  });

  it('joins the caller’s transaction, so a rollback removes bars and summary alike', () => {
    upsertBars(db, 'NVDA', makeBars('2020-01-01', 10), 'kept');
    db.exec('BEGIN IMMEDIATE');
    upsertBars(db, 'NVDA', makeBars('2020-02-01', 70), 'dropped');
    upsertBars(db, 'YHOO', makeBars('2020-02-01', 70), 'dropped');
    expect(barCount('NVDA')).toBe(80);
    db.exec('ROLLBACK');
    expect(barCount('NVDA')).toBe(10);
    expect(listSymbols(db)).toMatchObject([{ symbol: 'NVDA', rows: 10, source: 'kept', lastDate: '2020-01-10' }]);
  });

  it('recomputes a summary from the bars, removing it when none are left', () => {
    upsertBars(db, 'GOOG', makeBars('2020-01-01', 20), 'csv');
    db.prepare("UPDATE symbols SET rows = 999, first_date = '1900-01-01'").run();
    refreshSymbolSummary(db, 'GOOG', 'repaired');
    expect(listSymbols(db)[0]).toMatchObject({ rows: 20, firstDate: '2020-01-01', lastDate: '2020-01-20', source: 'repaired' });
    db.prepare("DELETE FROM bars WHERE symbol = 'GOOG'").run();
    refreshSymbolSummary(db, 'GOOG', 'repaired');
    expect(listSymbols(db)).toEqual([]);
  });

  it('lists symbols in order', () => {
    for (const symbol of ['YHOO', 'GOOG', 'NVDA']) upsertBars(db, symbol, makeBars('2020-01-01', 3), 'csv');
    expect(listSymbols(db).map((summary) => summary.symbol)).toEqual(['GOOG', 'NVDA', 'YHOO']);
  });

  it('loads a symbol’s bars as columns, optionally within dates', () => {
    upsertBars(db, 'GOOG', makeBars('2020-01-01', 31), 'csv');
    upsertBars(db, 'ORCL', makeBars('2020-01-01', 5), 'csv');
    const all = loadBars(db, 'GOOG');
    expect(all.dates).toHaveLength(31);
    expect(all.open).toBeInstanceOf(Float64Array);
    expect(all.dates[0]).toBe('2020-01-01');
    expect([all.open[1], all.high[1], all.low[1], all.close[1], all.volume[1]]).toEqual([101, 103, 100, 102, 1001]);
    expect(all.adjClose[0]).toBe(100.5);
    expect(all.adjClose[1]).toBeNaN();

    const part = loadBars(db, 'GOOG', { from: '2020-01-10', to: '2020-01-12' });
    expect(part.dates).toEqual(['2020-01-10', '2020-01-11', '2020-01-12']);
    expect(Array.from(part.close)).toEqual([110, 111, 112]);
    expect(loadBars(db, 'GOOG', { from: '2020-01-30' }).dates).toEqual(['2020-01-30', '2020-01-31']);
    expect(loadBars(db, 'MISSING').dates).toEqual([]);
  });

  it('is readable from a read-only connection', () => {
    upsertBars(db, 'GOOG', makeBars('2020-01-01', 5), 'csv');
    const reader = openMarketStore(file, { readonly: true });
    try {
      expect(listSymbols(reader)[0]?.rows).toBe(5);
      expect(loadBars(reader, 'GOOG').dates).toHaveLength(5);
    } finally {
      reader.close();
    }
  });
});
