import { beforeEach, describe, expect, it } from 'vitest';
import { listRuns, runListingSql, type RunFilter } from './backtests-list';
import { openTrackingStore, type TrackingDb } from './connection';
import { deleteSweep, getSweep, getSweepCellStatistics, listSweeps } from './sweeps';
import { caughtAppError, fixtureStats, openTempStore, queryPlan, storeSweepFixture } from './test-helpers';

let db: TrackingDb;

beforeEach(() => {
  const store = openTempStore('tracking.sqlite', openTrackingStore);
  db = store.db;
  return store.remove;
});

describe("a sweep's cells with their statistics", () => {
  it("gives each stored cell its run's combined statistics, and a failed cell none", () => {
    storeSweepFixture(db, 'sweep', { cells: 3, failedCells: 1 });
    const { cells, total, nextOffset } = getSweepCellStatistics(db, 'sweep', 100, 0);
    expect({ total, nextOffset }).toEqual({ total: 4, nextOffset: null });
    expect(cells.map(({ stats: _stats, ...cell }) => cell)).toEqual(getSweep(db, 'sweep').cells);
    // The fixture's cell with fast = n stores statistics seeded with n.
    for (const fast of [0, 1, 2]) expect(cells.find((cell) => cell.params.fast === fast)!.stats).toEqual(fixtureStats(fast));
    expect(cells.find((cell) => cell.params.fast === 3)).toMatchObject({ status: 'failed', error: 'boom', backtestId: null, stats: null });
  });

  it('pages through the cells in cell-key order', () => {
    storeSweepFixture(db, 'sweep', { cells: 4, failedCells: 1 });
    const pages = [0, 2, 4].map((offset) => getSweepCellStatistics(db, 'sweep', 2, offset));
    expect(pages.map((page) => page.nextOffset)).toEqual([2, 4, null]);
    expect(pages.flatMap((page) => page.cells)).toEqual(getSweepCellStatistics(db, 'sweep', 5, 0).cells);
    expect(pages.flatMap((page) => page.cells.map((cell) => cell.params.fast))).toEqual([0, 1, 2, 3, 4]);
  });

  it('answers not_found for an unknown sweep and for one marked deleted', () => {
    storeSweepFixture(db, 'sweep');
    deleteSweep(db, 'sweep');
    expect(caughtAppError(() => getSweepCellStatistics(db, 'sweep', 10, 0)).kind).toBe('not_found');
    expect(caughtAppError(() => getSweepCellStatistics(db, 'never', 10, 0)).kind).toBe('not_found');
  });

  it('answers corrupt, naming the cell, when a cell\'s params cannot be read', () => {
    storeSweepFixture(db, 'sweep');
    db.prepare("UPDATE sweep_cells SET params = '{\"fast\":' WHERE sweep_id = 'sweep' AND cell_key = '{\"fast\":1}'").run();
    const error = caughtAppError(() => getSweepCellStatistics(db, 'sweep', 10, 0));
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(/^Sweep sweep is damaged and cannot be read: .*params of cell \{"fast":1\}/);
  });
});

describe("a sweep's cells in the runs list", () => {
  const bySharpe: RunFilter = { sortBy: 'sharpeRatio', direction: 'desc', includeSweepCells: false, limit: 100, offset: 0 };

  it("lists one sweep's cells by any statistic, ties in the order they finished, and no other run", () => {
    storeSweepFixture(db, 'sweep', { cells: 4, failedCells: 1 });
    storeSweepFixture(db, 'other', { cells: 3, failedCells: 0 });
    // Cells 1 and 2 tie at the top; cell 1 finished first.
    db.prepare("UPDATE backtests SET sharpe_ratio = 100 WHERE id IN ('sweep-cell-1', 'sweep-cell-2')").run();
    const listed = listRuns(db, { ...bySharpe, sweepId: 'sweep' });
    expect(listed.runs.map((run) => run.id)).toEqual(['sweep-cell-1', 'sweep-cell-2', 'sweep-cell-3', 'sweep-cell-0']);
    expect(listed.total).toBe(4);
    expect(listed.runs[2]!.stats).toEqual(fixtureStats(3));
    expect(listRuns(db, { ...bySharpe, sweepId: 'sweep', limit: 1 }).runs.map((run) => run.id)).toEqual(['sweep-cell-1']);
    // It reads the sweep's own cells only, through their index.
    const { where, order, values } = runListingSql({ ...bySharpe, sweepId: 'sweep' });
    expect(queryPlan(db, `SELECT id FROM backtests ${where} ${order}`, ...values)).toMatch(/USING INDEX backtests_by_sweep \(sweep_id=\?\)/);
  });

  it('lists nothing of a sweep marked deleted', () => {
    storeSweepFixture(db, 'sweep');
    deleteSweep(db, 'sweep');
    expect(listRuns(db, { ...bySharpe, sweepId: 'sweep' })).toEqual({ runs: [], total: 0, nextOffset: null });
  });
});

describe("a sweep's best cell", () => {
  it("names the best cell's params in the sweep and in the list, none before a cell has a metric", () => {
    // The fixture's metric is `fast`: its best of three cells is fast = 2.
    storeSweepFixture(db, 'sweep', { cells: 3, failedCells: 1 });
    expect(getSweep(db, 'sweep')).toMatchObject({ bestBacktestId: 'sweep-cell-2', bestParams: { fast: 2 } });
    storeSweepFixture(db, 'failed', { cells: 0, failedCells: 1 });
    expect(listSweeps(db, 10, 0).sweeps.map((sweep) => [sweep.id, sweep.bestParams])).toEqual([
      ['failed', null],
      ['sweep', { fast: 2 }],
    ]);
  });

  it('has no params to show when its run\'s params cannot be read, and the sweep still reads', () => {
    storeSweepFixture(db, 'sweep');
    db.prepare("UPDATE backtests SET params = '{' WHERE id = 'sweep-cell-2'").run();
    expect(getSweep(db, 'sweep').bestParams).toBeNull();
  });
});
