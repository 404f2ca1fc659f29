import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteBacktest } from '../services/backtests';
import { getRunDetail, getRunSeries, insertRun, updateRunNotes } from './backtests';
import { listRunSymbols, listRuns, type RunFilter } from './backtests-list';
import { openTrackingStore, type TrackingDb } from './connection';
import { purgeDeletedSweeps } from './sweep-deletions';
import { deleteSweep, getSweep, listSweeps } from './sweeps';
import { caughtAppError, fullRunOutcome, storeSweepFixture } from './test-helpers';

let directory: string;
let file: string;
let db: TrackingDb;
let logs: Array<{ msg: string; sweepId?: string; batches?: number; level: number }>;
let logger: pino.Logger;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-sweep-deletions-'));
  file = path.join(directory, 'tracking.sqlite');
  db = openTrackingStore(file);
  logs = [];
  logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line) as (typeof logs)[number]) });
});

afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

const withCells: RunFilter = { sortBy: 'createdAt', direction: 'desc', includeSweepCells: true, limit: 100, offset: 0 };
const listedIds = () => listRuns(db, withCells).runs.map((run) => run.id).sort();
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Rows of every table a sweep fills, per sweep (or plain run) id. */
function rowsOf(id: string): Record<string, number> {
  const count = (sql: string) => db.prepare(sql).pluck().get({ id }) as number;
  return {
    sweeps: count('SELECT count(*) FROM sweeps WHERE id = @id'),
    sweepCells: count('SELECT count(*) FROM sweep_cells WHERE sweep_id = @id'),
    backtests: count('SELECT count(*) FROM backtests WHERE sweep_id = @id OR id = @id'),
    symbols: count("SELECT count(*) FROM backtest_symbols WHERE backtest_id = @id OR backtest_id LIKE @id || '-cell-%'"),
    trades: count("SELECT count(*) FROM trades WHERE backtest_id = @id OR backtest_id LIKE @id || '-cell-%'"),
  };
}

const none = { sweeps: 0, sweepCells: 0, backtests: 0, symbols: 0, trades: 0 };

/** Two sweeps, a run made in full from one of `gone`'s cells, and a plain run; `gone` has a cell stored with its trades (before migration 0030). */
function storeSweepsAndRuns(): void {
  storeSweepFixture(db, 'gone', { cells: 6, failedCells: 2 });
  insertRun(db, { id: 'gone-cell-old', jobId: 'gone', sweepId: 'gone', name: null, outcome: fullRunOutcome({ fast: 99 }), createdAt: 'then' });
  storeSweepFixture(db, 'kept');
  insertRun(db, { id: 'full-run', jobId: 'job-full', sweepId: null, name: null, outcome: fullRunOutcome({ fast: 1 }), createdAt: 'now' });
  insertRun(db, { id: 'plain', jobId: 'job-plain', sweepId: null, name: null, outcome: fullRunOutcome({ fast: 50 }), createdAt: 'now' });
}

describe('deleting a sweep', () => {
  it('hides the sweep and its cells from every reader at once, before any row is purged', () => {
    storeSweepsAndRuns();
    const rowsBefore = rowsOf('gone');
    deleteSweep(db, 'gone');

    expect(rowsOf('gone')).toEqual(rowsBefore);
    expect(caughtAppError(() => getSweep(db, 'gone')).kind).toBe('not_found');
    expect(listSweeps(db, 10, 0)).toEqual({ sweeps: [expect.objectContaining({ id: 'kept' })], total: 1, nextOffset: null });
    expect(listedIds()).toEqual(['full-run', 'kept-cell-0', 'kept-cell-1', 'kept-cell-2', 'plain']);
    expect(listRuns(db, withCells).total).toBe(5);
    expect(listRuns(db, { ...withCells, includeSweepCells: false }).total).toBe(2);
    expect(listRunSymbols(db)).toEqual(['GOOG', 'NVDA']);
    const cellReads = [
      () => getRunDetail(db, 'gone-cell-0'),
      () => getRunSeries(db, 'gone-cell-old', '*'),
      () => updateRunNotes(db, 'gone-cell-0', 'x'),
      () => deleteBacktest(db, 'gone-cell-0'),
    ];
    for (const read of cellReads) expect(caughtAppError(read).kind).toBe('not_found');
    expect(caughtAppError(() => deleteSweep(db, 'gone')).kind).toBe('not_found');
    expect(getRunDetail(db, 'kept-cell-0').sweepId).toBe('kept');
  });

  it('is refused while its job is queued or running, marking nothing', () => {
    storeSweepFixture(db, 'busy', { jobStatus: 'running' });
    expect(caughtAppError(() => deleteSweep(db, 'busy')).kind).toBe('conflict');
    expect(getSweep(db, 'busy').cells).toHaveLength(4);
    expect(db.prepare("SELECT count(*) FROM sweeps WHERE deleted_at IS NOT NULL").pluck().get()).toBe(0);
  });
});

describe('purging deleted sweeps', () => {
  it("removes every row of the sweep in batches, yielding between them, and no other sweep's or run's", async () => {
    storeSweepsAndRuns();
    const keptBefore = [rowsOf('kept'), rowsOf('full-run'), rowsOf('plain')];
    deleteSweep(db, 'gone');

    // 7 runs and 2 failed cells, 3 a batch: 3 runs, 3 runs, 1 run and 2 cells, then the sweep row.
    const purge = purgeDeletedSweeps(db, { logger, batchSize: 3 });
    await nextTurn();
    expect(rowsOf('gone')).toMatchObject({ sweeps: 1, backtests: 4, sweepCells: 5 });
    await purge;

    expect(rowsOf('gone')).toEqual(none);
    expect([rowsOf('kept'), rowsOf('full-run'), rowsOf('plain')]).toEqual(keptBefore);
    expect(getSweep(db, 'kept').cells).toHaveLength(4);
    expect(getRunDetail(db, 'full-run').perSymbol).toHaveLength(2);
    expect(logs.map(({ msg, sweepId, batches }) => ({ msg, sweepId, batches }))).toEqual([{ msg: 'Purged a deleted sweep', sweepId: 'gone', batches: 4 }]);
  });

  it('runs one purge at a time: a call during one joins it, and the sweeps marked meanwhile are purged too', async () => {
    storeSweepFixture(db, 'first');
    storeSweepFixture(db, 'second');
    deleteSweep(db, 'first');
    const purge = purgeDeletedSweeps(db, { logger, batchSize: 1 });
    await nextTurn();
    deleteSweep(db, 'second');
    expect(purgeDeletedSweeps(db, { logger, batchSize: 1 })).toBe(purge);
    await purge;

    expect([rowsOf('first'), rowsOf('second')]).toEqual([none, none]);
    expect(logs.map((entry) => entry.sweepId)).toEqual(['first', 'second']);
    const next = purgeDeletedSweeps(db, { logger });
    expect(next).not.toBe(purge);
    await next;
  });

  it('stops cleanly when the db is closed mid-purge; the next start finishes it', async () => {
    storeSweepFixture(db, 'gone', { cells: 5 });
    storeSweepFixture(db, 'kept');
    deleteSweep(db, 'gone');
    const purge = purgeDeletedSweeps(db, { logger, batchSize: 2 });
    await nextTurn();
    db.close();
    await expect(purge).resolves.toBeUndefined();
    expect(logs).toEqual([]);

    db = openTrackingStore(file);
    expect(rowsOf('gone')).toMatchObject({ sweeps: 1, backtests: 3 });
    expect(caughtAppError(() => getSweep(db, 'gone')).kind).toBe('not_found');
    expect(listedIds()).toEqual(['kept-cell-0', 'kept-cell-1', 'kept-cell-2']);
    await purgeDeletedSweeps(db, { logger });
    expect(rowsOf('gone')).toEqual(none);
    expect(getSweep(db, 'kept').cells).toHaveLength(4);
  });

  it('resolves at once when no sweep is marked deleted', async () => {
    storeSweepFixture(db, 'kept');
    await purgeDeletedSweeps(db, { logger });
    expect(rowsOf('kept')).toMatchObject({ sweeps: 1, backtests: 3, sweepCells: 4 });
  });
});
