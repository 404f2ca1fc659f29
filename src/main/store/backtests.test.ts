import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { NUMERIC_STAT_KEYS, type BacktestStats, type BacktestSweepParams, type Trade } from '../../shared/backtest';
import { AppError } from '../../shared/errors';
import { jobFixture } from '../../shared/job-fixture';
import type { JobStatus } from '../../shared/job';
import { deleteBacktest } from '../services/backtests';
import { getRunDetail, getRunSeries, getRunTrades, insertRun, updateRunNotes } from './backtests';
import { listRunSymbols, listRuns, type RunFilter } from './backtests-list';
import type { RunOutcome, StatisticsOnlyOutcome, SymbolRun } from './backtests-types';
import { openTrackingStore, type TrackingDb } from './connection';
import { purgeDeletedSweeps } from './sweep-deletions';
import { deleteSweep, ensureSweep, finishSweep, getSweep, listSweeps, recordCell, sweepWarnings } from './sweeps';
import { insertJob } from './jobs';
import { caughtAppError, openTempStore } from './test-helpers';

let db: TrackingDb;

beforeEach(() => {
  const store = openTempStore('tracking.sqlite', openTrackingStore);
  db = store.db;
  return store.remove;
});

function stats(overrides: Partial<BacktestStats> = {}): BacktestStats {
  const numeric = Object.fromEntries(NUMERIC_STAT_KEYS.map((key) => [key, 1]));
  return { ...numeric, start: '2020-01-01', end: '2020-01-03', ...overrides } as BacktestStats;
}

const trade: Trade = {
  size: 10, entryBar: 0, exitBar: 2, entryTime: '2020-01-01', exitTime: '2020-01-03', entryPrice: 100, exitPrice: 110.5,
  pnl: 105, returnPct: 0.105, durationDays: 2, commission: 0,
};

function symbolRun(symbol: string, overrides: Partial<SymbolRun> = {}): SymbolRun {
  return {
    symbol, status: 'succeeded', error: null, bars: 3, stats: stats(), trades: [trade, { ...trade, size: -3 }], warnings: [],
    curves: {
      dates: ['2020-01-01', '2020-01-02', '2020-01-03'],
      equity: new Float64Array([10_000, 10_050.25, 11_050.125]),
      drawdown: new Float64Array([0, 0.1 / 3, 0]),
      buyAndHold: new Float64Array([10_000, 9_000, 12_000]),
    },
    ...overrides,
  };
}

function outcome(overrides: Partial<RunOutcome> = {}): RunOutcome {
  return {
    status: 'partial',
    config: {
      strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: ['GOOG', 'NOPE'], from: null, to: null,
      broker: { cash: 10_000, commission: 0, spread: 0, finalizeTrades: true }, engineVersion: '1.0.0', dataHash: 'abc',
    },
    // One symbol succeeded: the combined account is that symbol's (as combineSymbols makes it).
    symbols: [
      symbolRun('GOOG', { stats: stats({ sharpeRatio: 1.5 }) }),
      symbolRun('NOPE', { status: 'failed', error: 'No price data for NOPE', bars: 0, stats: null, trades: [], curves: null }),
    ],
    combined: { stats: stats({ sharpeRatio: 1.5 }), curves: null },
    ...overrides,
  };
}

/** What a sweep cell's worker reports for the same run: its statistics only. */
function statisticsOnly(run: RunOutcome): StatisticsOnlyOutcome {
  return {
    ...run,
    keeps: 'statistics',
    symbols: run.symbols.map(({ curves: _curves, trades, ...symbol }) => ({ ...symbol, tradeCount: trades.length })),
    combined: run.combined && { stats: run.combined.stats },
  };
}

function store(id: string, run: RunOutcome | StatisticsOnlyOutcome = outcome(), createdAt = new Date().toISOString(), sweepId: string | null = null): void {
  insertRun(db, { id, jobId: `job-${id}`, sweepId, name: `run ${id}`, outcome: run, createdAt });
}

function errorKind(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).kind;
  }
  throw new Error('expected an error');
}

const sweepParams: BacktestSweepParams = {
  strategy: 'sma-cross', symbols: ['GOOG'], grid: { fast: [5, 10] }, maximize: 'sharpeRatio', broker: { cash: 1, commission: 0, spread: 0, finalizeTrades: true },
};

const listAll: RunFilter = { sortBy: 'createdAt', direction: 'desc', includeSweepCells: false, limit: 100, offset: 0 };

describe('stored backtests', () => {
  it('round-trip config, per-symbol results, curves (exact) and trades', () => {
    store('a');
    const detail = getRunDetail(db, 'a');
    expect(detail).toMatchObject({ id: 'a', jobId: 'job-a', name: 'run a', status: 'partial', symbols: ['GOOG', 'NOPE'], params: { fast: 10, slow: 30 } });
    expect(detail.stats).toEqual(stats({ sharpeRatio: 1.5 }));
    expect(detail.config.dataHash).toBe('abc');
    expect(detail.perSymbol).toEqual([
      { symbol: 'GOOG', status: 'succeeded', error: null, stats: stats({ sharpeRatio: 1.5 }), bars: 3, tradeCount: 2, warnings: [] },
      { symbol: 'NOPE', status: 'failed', error: 'No price data for NOPE', stats: null, bars: 0, tradeCount: 0, warnings: [] },
    ]);
    // The only succeeded symbol's statistics are the run's: its row does not repeat them.
    expect(db.prepare("SELECT stats FROM backtest_symbols WHERE backtest_id = 'a' AND symbol = 'GOOG'").pluck().get()).toBeNull();
    const series = getRunSeries(db, 'a', 'GOOG');
    expect(series).toEqual({
      dates: ['2020-01-01', '2020-01-02', '2020-01-03'],
      equity: [10_000, 10_050.25, 11_050.125],
      drawdown: [0, 0.1 / 3, 0],
      buyAndHold: [10_000, 9_000, 12_000],
    });
    // One succeeded symbol: the combined account is that symbol's.
    expect(getRunSeries(db, 'a', '*')).toEqual(series);
    expect(errorKind(() => getRunSeries(db, 'a', 'NOPE'))).toBe('not_found');
    expect(getRunTrades(db, 'a', 'GOOG', 1, 1)).toEqual({ trades: [{ ...trade, size: -3 }], total: 2 });
    expect(getRunTrades(db, 'a', '*', 10, 0).total).toBe(2);
    expect(updateRunNotes(db, 'a', 'note').notes).toBe('note');
  });

  it("keep each symbol's engine warnings with the run, a sweep cell's too", () => {
    const warned = (run: RunOutcome) => ({ ...run, symbols: [symbolRun('GOOG', { warnings: ['Orders not filled: 2,146, the first on 2004-08-23.'] }), run.symbols[1]!] });
    store('full', warned(outcome()));
    store('cell', statisticsOnly(warned(outcome())));
    for (const id of ['full', 'cell']) {
      expect(getRunDetail(db, id).perSymbol.map((symbol) => [symbol.symbol, symbol.warnings])).toEqual([
        ['GOOG', ['Orders not filled: 2,146, the first on 2004-08-23.']],
        ['NOPE', []],
      ]);
    }
    // Runs without warnings (most) store none.
    store('quiet');
    expect(db.prepare("SELECT count(*) FROM backtest_symbols WHERE backtest_id = 'quiet' AND warnings IS NOT NULL").pluck().get()).toBe(0);
  });

  it('keep each symbol\'s statistics when several succeeded', () => {
    const symbols = [symbolRun('GOOG', { stats: stats({ sharpeRatio: 1 }) }), symbolRun('NVDA', { stats: stats({ sharpeRatio: 2 }) })];
    for (const [id, run] of [['full', outcome({ status: 'succeeded', symbols })], ['cell', statisticsOnly(outcome({ status: 'succeeded', symbols }))]] as const) {
      store(id, run);
      expect(getRunDetail(db, id).perSymbol.map((symbol) => [symbol.symbol, symbol.stats])).toEqual([
        ['GOOG', stats({ sharpeRatio: 1 })],
        ['NVDA', stats({ sharpeRatio: 2 })],
      ]);
    }
  });

  it('keep statistics only for a sweep cell, and say so when its curves or trades are asked for', () => {
    store('full');
    store('cell', statisticsOnly(outcome()));
    const cell = getRunDetail(db, 'cell');
    expect(getRunDetail(db, 'full').hasDetails).toBe(true);
    expect(cell.hasDetails).toBe(false);
    expect(cell.stats).toEqual(stats({ sharpeRatio: 1.5 }));
    expect(cell.perSymbol).toEqual(getRunDetail(db, 'full').perSymbol);
    for (const read of [() => getRunSeries(db, 'cell', 'GOOG'), () => getRunTrades(db, 'cell', 'GOOG', 10, 0)]) {
      expect(read).toThrow(/Backtest cell is a sweep cell, which keeps its statistics only: run it in full/);
    }
    const stored = (table: string) => db.prepare(`SELECT count(*) FROM ${table} WHERE backtest_id = 'cell'`).pluck().get();
    expect(stored('trades')).toBe(0);
    expect(db.prepare("SELECT count(*) FROM backtest_symbols WHERE backtest_id = 'cell' AND equity IS NOT NULL").pluck().get()).toBe(0);
    expect(stored('backtest_symbols')).toBe(2);
    expect(listRuns(db, listAll).runs.map((run) => [run.id, run.hasDetails]).sort()).toEqual([['cell', false], ['full', true]]);
  });

  it('store a run whole or not at all, on its own or in the caller\'s transaction', () => {
    const twice = outcome({ symbols: [symbolRun('GOOG'), symbolRun('GOOG')] });
    expect(() => store('dup', twice)).toThrow(/UNIQUE constraint failed: backtest_symbols/);
    const storeThenFail = db.transaction(() => {
      store('kept-with-caller');
      throw new Error('the caller failed');
    });
    expect(storeThenFail).toThrow('the caller failed');
    expect(db.prepare('SELECT count(*) FROM backtests').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM backtest_symbols').pluck().get()).toBe(0);
  });

  it('answer not_found for unknown ids', () => {
    for (const read of [() => getRunDetail(db, 'x'), () => getRunSeries(db, 'x', 'GOOG'), () => getRunTrades(db, 'x', 'GOOG', 1, 0), () => updateRunNotes(db, 'x', '')]) {
      expect(errorKind(read)).toBe('not_found');
    }
    expect(errorKind(() => deleteBacktest(db, 'x'))).toBe('not_found');
  });

  it('answer corrupt for a damaged run only; the list and other runs keep working', () => {
    store('good');
    store('bad-json');
    store('bad-blob');
    db.prepare("UPDATE backtests SET config = '{not json' WHERE id = 'bad-json'").run();
    db.prepare("UPDATE backtest_symbols SET equity = x'0102030405' WHERE backtest_id = 'bad-blob' AND symbol = 'GOOG'").run();

    for (const read of [() => getRunDetail(db, 'bad-json'), () => getRunSeries(db, 'bad-json', 'GOOG'), () => getRunTrades(db, 'bad-json', 'GOOG', 10, 0)]) {
      expect(errorKind(read)).toBe('corrupt');
    }
    expect(() => getRunDetail(db, 'bad-json')).toThrow(/Backtest bad-json is damaged and cannot be read: config is not valid JSON/);
    expect(() => getRunSeries(db, 'bad-blob', 'GOOG')).toThrow(/damaged.*equity of series of GOOG cannot be read: 5 bytes is not a whole number of 8-byte values/);
    expect(getRunDetail(db, 'bad-blob').id).toBe('bad-blob');
    expect(getRunSeries(db, 'good', 'GOOG').equity).toHaveLength(3);
    expect(listRuns(db, listAll).runs.map((run) => run.id).sort()).toEqual(['bad-blob', 'bad-json', 'good']);
  });

  it('answer corrupt for dates that are no dates or do not increase, for a symbol and the combined account', () => {
    store('good');
    const damage = (id: string, days: number[]) => {
      store(id);
      db.prepare("UPDATE backtest_symbols SET dates = ? WHERE backtest_id = ? AND symbol = 'GOOG'").run(Buffer.from(new Int32Array(days).buffer), id);
    };
    damage('far', [2_147_483_647, 18_263, 18_264]);
    damage('backwards', [18_263, 18_262, 18_264]);
    for (const symbol of ['GOOG', '*']) {
      expect(errorKind(() => getRunSeries(db, 'far', symbol))).toBe('corrupt');
      expect(() => getRunSeries(db, 'far', symbol)).toThrow(/Backtest far is damaged.*dates of series of (GOOG|\*) cannot be read: day number 2147483647 \(at 0\) is not a date/);
      expect(() => getRunSeries(db, 'backwards', symbol)).toThrow(/Backtest backwards is damaged.*the dates do not increase/);
    }
    expect(getRunDetail(db, 'far').id).toBe('far');
    expect(getRunSeries(db, 'good', '*').dates).toEqual(['2020-01-01', '2020-01-02', '2020-01-03']);
    expect(listRuns(db, listAll).total).toBe(3);
  });

  it('answer corrupt for a run whose stored warnings cannot be read', () => {
    store('bad-warnings');
    db.prepare("UPDATE backtest_symbols SET warnings = '[1, 2]' WHERE backtest_id = 'bad-warnings' AND symbol = 'GOOG'").run();
    expect(errorKind(() => getRunDetail(db, 'bad-warnings'))).toBe('corrupt');
    expect(() => getRunDetail(db, 'bad-warnings')).toThrow(/the warnings of GOOG are not a list of texts/);
  });

  it('answer corrupt for a sweep with a damaged cell; the sweep list keeps working', () => {
    for (const id of ['good', 'bad-json', 'bad-shape']) {
      ensureSweep(db, id, () => ({ jobId: id, cellCount: 1, createdAt: 'now', params: sweepParams }));
      recordCell(db, { sweepId: id, key: '{"fast":5}', params: { fast: 5 }, backtestId: null, status: 'failed', metric: null, error: 'boom' });
    }
    db.prepare("UPDATE sweep_cells SET params = '{not json' WHERE sweep_id = 'bad-json'").run();
    db.prepare('UPDATE sweep_cells SET params = \'{"fast":"5"}\' WHERE sweep_id = \'bad-shape\'').run();
    expect(errorKind(() => getSweep(db, 'bad-json'))).toBe('corrupt');
    expect(() => getSweep(db, 'bad-json')).toThrow(/Sweep bad-json is damaged and cannot be read: params of cell \{"fast":5\} is not valid JSON/);
    expect(() => getSweep(db, 'bad-shape')).toThrow(/Sweep bad-shape is damaged and cannot be read: the params of cell \{"fast":5\} are not numbers/);
    expect(getSweep(db, 'good').cells[0]!.params).toEqual({ fast: 5 });
    expect(listSweeps(db, 10, 0).sweeps.map((sweep) => sweep.id).sort()).toEqual(['bad-json', 'bad-shape', 'good']);
  });

  it("sum up a sweep's engine warnings by symbol and kind, whatever numbers they quote", () => {
    ensureSweep(db, 's', () => ({ jobId: 's', cellCount: 3, createdAt: 'now', params: sweepParams }));
    const cell = (id: string, warnings: string[]) =>
      store(id, statisticsOnly(outcome({ symbols: [symbolRun('GOOG', { warnings }), outcome().symbols[1]!] })), new Date().toISOString(), 's');
    cell('c1', ['Orders not filled: 1,212, the first on 2004-08-23.', 'Equity reached 0 on bar 40.']);
    cell('c2', ['Orders not filled: 7, the first on 2005-01-03.']);
    cell('c3', []);
    store('elsewhere', statisticsOnly(outcome({ symbols: [symbolRun('GOOG', { warnings: ['Orders not filled: 3, the first on 2004-08-23.'] })] })));
    expect(sweepWarnings(db, 's')).toEqual([
      { symbol: 'GOOG', warning: 'Orders not filled: 1,212, the first on 2004-08-23.', cells: 2 },
      { symbol: 'GOOG', warning: 'Equity reached 0 on bar 40.', cells: 1 },
    ]);
  });

  it('delete with everything they own', () => {
    store('a');
    store('b');
    deleteBacktest(db, 'a');
    for (const table of ['backtests', 'backtest_symbols', 'trades']) {
      const column = table === 'backtests' ? 'id' : 'backtest_id';
      expect(db.prepare(`SELECT count(*) FROM ${table} WHERE ${column} = 'a'`).pluck().get()).toBe(0);
    }
    expect(listRuns(db, listAll).runs.map((run) => run.id)).toEqual(['b']);
  });

  it('refuse to delete a sweep cell, naming its sweep, and leave the sweep as it ran', () => {
    ensureSweep(db, 's', () => ({ jobId: 's', cellCount: 2, createdAt: 'now', params: sweepParams }));
    store('c1', outcome({ combined: { stats: stats({ sharpeRatio: 2 }), curves: null } }), 'now', 's');
    store('c2', outcome({ combined: { stats: stats({ sharpeRatio: 3 }), curves: null } }), 'now', 's');
    recordCell(db, { sweepId: 's', key: '{"fast":5}', params: { fast: 5 }, backtestId: 'c1', status: 'partial', metric: 2, error: null });
    recordCell(db, { sweepId: 's', key: '{"fast":10}', params: { fast: 10 }, backtestId: 'c2', status: 'partial', metric: 3, error: null });
    finishSweep(db, 's', 'partial');
    const refused = caughtAppError(() => deleteBacktest(db, 'c2'));
    expect(refused.kind).toBe('conflict');
    expect(refused.message).toMatch(/Backtest c2 is a cell of sweep s: delete the sweep/);
    expect(refused.details).toEqual({ id: 'c2', sweepId: 's' });
    expect(getSweep(db, 's')).toMatchObject({ finishedCells: 2, bestBacktestId: 'c2', bestMetric: 3 });
    expect(getRunDetail(db, 'c2').id).toBe('c2');
  });

  it("list the symbols of stored runs, failed ones too, but not of sweep cells alone, as runs come and go", () => {
    expect(listRunSymbols(db)).toEqual([]);
    const over = (symbols: string[]) => outcome({ config: { ...outcome().config, symbols }, symbols: symbols.map((symbol) => symbolRun(symbol)) });
    store('nvda', over(['NVDA', '^GSPC']));
    store('goog', outcome());
    store('also-goog', over(['GOOG']));
    ensureSweep(db, 's', () => ({ jobId: 's', cellCount: 1, createdAt: 'now', params: { ...sweepParams, symbols: ['ORCL'] } }));
    store('cell', statisticsOnly(over(['ORCL'])), 'now', 's');
    expect(listRunSymbols(db)).toEqual(['GOOG', 'NOPE', 'NVDA', '^GSPC']);
    // Each offered symbol finds its runs.
    expect(listRuns(db, { ...listAll, symbol: 'NOPE' }).runs.map((run) => run.id)).toEqual(['goog']);

    deleteBacktest(db, 'goog');
    expect(listRunSymbols(db)).toEqual(['GOOG', 'NVDA', '^GSPC']);
    deleteBacktest(db, 'also-goog');
    expect(listRunSymbols(db)).toEqual(['NVDA', '^GSPC']);
  });

  it('list 10,000 runs by any stat, paged and filtered, undefined stats last', () => {
    const base = Date.UTC(2024, 0, 1);
    const sharpeOf = (index: number) => (index % 97 === 0 ? null : ((index * 7919) % 10_007) / 1000 - 5);
    const insertMany = db.transaction(() => {
      for (let index = 0; index < 10_000; index++) {
        const run = outcome({
          combined: { stats: stats({ sharpeRatio: sharpeOf(index), returnPct: index }), curves: null },
          symbols: [symbolRun(index % 2 ? 'GOOG' : 'NVDA', { curves: null, trades: [] })],
          config: { ...outcome().config, symbols: [index % 2 ? 'GOOG' : 'NVDA'] },
          status: index % 3 ? 'succeeded' : 'partial',
        });
        store(`run-${index}`, run, new Date(base + index * 1000).toISOString());
      }
    });
    insertMany();
    const expected = Array.from({ length: 10_000 }, (_, index) => ({ id: `run-${index}`, sharpe: sharpeOf(index) }))
      .filter((run) => run.sharpe !== null)
      .sort((a, b) => b.sharpe! - a.sharpe!);

    const first = listRuns(db, { ...listAll, sortBy: 'sharpeRatio', limit: 500 });
    expect(first.total).toBe(10_000);
    expect(first.nextOffset).toBe(500);
    expect(first.runs.map((run) => run.stats!.sharpeRatio)).toEqual(expected.slice(0, 500).map((run) => run.sharpe));
    const ascending = listRuns(db, { ...listAll, sortBy: 'sharpeRatio', direction: 'asc', limit: 500, offset: 9_800 });
    expect(ascending.runs.slice(-10).every((run) => run.stats!.sharpeRatio === null)).toBe(true);
    expect(ascending.nextOffset).toBeNull();

    const newest = listRuns(db, { ...listAll, limit: 3 });
    expect(newest.runs.map((run) => run.id)).toEqual(['run-9999', 'run-9998', 'run-9997']);
    const goog = listRuns(db, { ...listAll, symbol: 'GOOG', status: 'partial', sortBy: 'returnPct', direction: 'asc', limit: 2 });
    expect(goog.runs.map((run) => run.id)).toEqual(['run-3', 'run-9']);
    expect(goog.total).toBe(Array.from({ length: 10_000 }, (_, index) => index).filter((index) => index % 2 === 1 && index % 3 === 0).length);
    expect(listRuns(db, { ...listAll, search: 'run-42', limit: 500 }).total).toBe(111);
    expect(listRunSymbols(db)).toEqual(['GOOG', 'NVDA']);
  });
});

describe('deleting a sweep', () => {
  /** A sweep of two stored cells and a failed one, run by a job in `status`. */
  function storeSweep(id: string, status: JobStatus): void {
    insertJob(db, jobFixture({ id, kind: 'backtest/sweep', status }));
    ensureSweep(db, id, () => ({ jobId: id, cellCount: 3, createdAt: 'now', params: sweepParams }));
    for (const [index, fast] of [5, 10].entries()) {
      const cell = `${id}-cell-${index}`;
      store(cell, statisticsOnly(outcome()), 'now', id);
      recordCell(db, { sweepId: id, key: `{"fast":${fast}}`, params: { fast }, backtestId: cell, status: 'partial', metric: fast, error: null });
    }
    recordCell(db, { sweepId: id, key: '{"fast":15}', params: { fast: 15 }, backtestId: null, status: 'failed', metric: null, error: 'boom' });
  }

  const count = (sql: string, id: string) => db.prepare(sql).pluck().get(id);

  it("removes the sweep, its cells and every cell's run with what it owns, and nothing else", async () => {
    storeSweep('done', 'partial');
    storeSweep('other', 'succeeded');
    store('plain');
    deleteSweep(db, 'done');
    await purgeDeletedSweeps(db, { logger: pino({ level: 'silent' }) });
    expect(errorKind(() => getSweep(db, 'done'))).toBe('not_found');
    expect(count('SELECT count(*) FROM sweep_cells WHERE sweep_id = ?', 'done')).toBe(0);
    expect(count('SELECT count(*) FROM backtests WHERE sweep_id = ?', 'done')).toBe(0);
    expect(count("SELECT count(*) FROM backtest_symbols WHERE backtest_id LIKE ? || '-cell-%'", 'done')).toBe(0);
    expect(getSweep(db, 'other').cells).toHaveLength(3);
    expect(listRuns(db, { ...listAll, includeSweepCells: true }).runs.map((run) => run.id).sort()).toEqual(['other-cell-0', 'other-cell-1', 'plain']);
    expect(listSweeps(db, 10, 0).sweeps.map((sweep) => sweep.id)).toEqual(['other']);
  });

  it('refuses while its job is queued or running, and answers not_found for an unknown sweep', () => {
    for (const status of ['queued', 'preparing', 'running'] as const) {
      storeSweep(status, status);
      const refused = caughtAppError(() => deleteSweep(db, status));
      expect(refused.kind).toBe('conflict');
      expect(refused.message).toBe(`Sweep ${status} is still ${status}: cancel its job first, then delete it.`);
      expect(getSweep(db, status).cells).toHaveLength(3);
    }
    expect(errorKind(() => deleteSweep(db, 'nope'))).toBe('not_found');
  });

  it('deletes a sweep whose job is no longer stored', () => {
    ensureSweep(db, 'orphan', () => ({ jobId: 'gone', cellCount: 1, createdAt: 'now', params: sweepParams }));
    deleteSweep(db, 'orphan');
    expect(listSweeps(db, 10, 0).total).toBe(0);
  });
});
