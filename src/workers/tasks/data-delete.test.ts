import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataDeleteResult } from '../../shared/kinds';
import { listSymbols, upsertBars, type BarRow } from '../../main/store/market/bars';
import { openMarketStore, type MarketDb } from '../../main/store/market/connection';
import { CancelledError, type TaskContext } from '../task';
import { dataDeleteTask } from './data-delete';

let directory: string;
let marketDbPath: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-delete-'));
  marketDbPath = path.join(directory, 'market.sqlite');
  withMarket((db) => {
    upsertBars(db, 'GOOG', dailyBars('2010-01-01', 300), 'csv:GOOG.csv');
    upsertBars(db, 'HUGE', dailyBars('1900-01-01', 20_000), 'csv:HUGE.csv');
  });
});

afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

function withMarket<T>(use: (db: MarketDb) => T): T {
  const db = openMarketStore(marketDbPath);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function dailyBars(first: string, count: number): BarRow[] {
  const start = Date.parse(first);
  return Array.from({ length: count }, (_, index) => ({
    date: new Date(start + index * 86_400_000).toISOString().slice(0, 10),
    open: 10,
    high: 11,
    low: 9,
    close: 10.5,
    adjClose: null,
    volume: 1000,
  }));
}

function stored(): Array<[string, number]> {
  return withMarket((db) => listSymbols(db).map((coverage) => [coverage.symbol, coverage.rows] as [string, number]));
}

function barCount(symbol: string): number {
  return withMarket((db) => db.prepare<[string], number>('SELECT count(*) FROM bars WHERE symbol = ?').pluck().get(symbol) ?? 0);
}

interface RecordingContext extends TaskContext {
  messages: string[];
  warnings: string[];
}

/** The worker runtime seam, recorded; `cancelWhen` decides, per checkpoint, to cancel. */
function recordingContext(cancelWhen: (context: RecordingContext) => boolean = () => false): RecordingContext {
  let isCancelled = false;
  const context: RecordingContext = {
    jobId: 'job-1',
    run: { marketDbPath, completedUnits: {} },
    messages: [],
    warnings: [],
    async checkpoint() {
      await Promise.resolve();
      if (!isCancelled && cancelWhen(context)) isCancelled = true;
      if (isCancelled) throw new CancelledError();
    },
    isCancelled: () => isCancelled,
    setPhase: () => undefined,
    progress: (_fraction, message) => context.messages.push(message),
    warn: (message) => context.warnings.push(message),
    unitDone: () => undefined,
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  };
  return context;
}

describe('dataDeleteTask', () => {
  it("deletes the symbols' bars and summary rows, naming the rows each had, and leaves the others", async () => {
    const context = recordingContext();
    const outcome = await dataDeleteTask({ symbols: ['HUGE'] }, context);
    const expected: DataDeleteResult = { symbols: [{ symbol: 'HUGE', rowsDeleted: 20_000 }], rowsDeleted: 20_000 };
    expect(outcome).toEqual({ status: 'succeeded', result: expected });
    expect(stored()).toEqual([['GOOG', 300]]);
    expect(barCount('HUGE')).toBe(0);
    expect(barCount('GOOG')).toBe(300);
    // In chunks, with a checkpoint between them.
    expect(context.messages.at(0)).toBe('Deleting HUGE: 2,048 rows');
    expect(context.messages.at(-1)).toBe('Deleting HUGE: 20,000 rows');
  });

  it('deletes nothing when cancelled mid-way: one transaction for the whole job', async () => {
    const context = recordingContext(({ messages }) => messages.length === 2);
    await expect(dataDeleteTask({ symbols: ['GOOG', 'HUGE'] }, context)).rejects.toBeInstanceOf(CancelledError);
    expect(stored()).toEqual([
      ['GOOG', 300],
      ['HUGE', 20_000],
    ]);
    expect(barCount('HUGE')).toBe(20_000);
  });

  it('waits for an import holding the write lock, then deletes what it committed too', async () => {
    const importer = openMarketStore(marketDbPath);
    try {
      importer.exec('BEGIN IMMEDIATE');
      upsertBars(importer, 'GOOG', dailyBars('2020-01-01', 50), 'csv:GOOG.csv');
      const context = recordingContext();
      const waitNotice = new Promise<void>((resolve) => {
        const report = context.progress;
        context.progress = (fraction, message) => {
          report(fraction, message);
          if (message === 'Waiting for an import to finish') resolve();
        };
      });
      const deleting = dataDeleteTask({ symbols: ['GOOG'] }, context);
      await waitNotice;
      expect(barCount('GOOG')).toBe(300);
      importer.exec('COMMIT');
      expect(await deleting).toMatchObject({ result: { symbols: [{ symbol: 'GOOG', rowsDeleted: 350 }] } });
      expect(barCount('GOOG')).toBe(0);
      expect(stored()).toEqual([['HUGE', 20_000]]);
    } finally {
      if (importer.inTransaction) importer.exec('ROLLBACK');
      importer.close();
    }
  });

  it('says so when a symbol was deleted since the job was submitted', async () => {
    await dataDeleteTask({ symbols: ['GOOG'] }, recordingContext());
    const context = recordingContext();
    const outcome = await dataDeleteTask({ symbols: ['GOOG'] }, context);
    expect(outcome).toEqual({ status: 'succeeded', result: { symbols: [{ symbol: 'GOOG', rowsDeleted: 0 }], rowsDeleted: 0 } });
    expect(context.warnings).toEqual(['GOOG had no prices left to delete']);
  });
});
