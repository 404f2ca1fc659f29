import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backtestRunParams, backtestSweepParams, type BacktestSweepParams } from '../../shared/backtest';
import type { RunOutcome, StatisticsOnlyOutcome } from '../../main/store/backtests-types';
import { openMarketStore } from '../../main/store/market/connection';
import { upsertBarSeries } from '../../main/store/market/bars';
import { makeTempDir } from '../../main/test-support';
import { googBars } from '../backtest/test-bars';
import type { TaskContext } from '../task';
import { backtestRunTask, backtestSweepChunkTask } from './backtest-run';

const goog = googBars();
let directory: string;
let marketDbPath: string;

/** Writes GOOG's first `count` bars (an import touching GOOG) into the store at `path`. */
function importGoog(count: number, path = marketDbPath): void {
  const db = openMarketStore(path);
  try {
    db.transaction(() => upsertBarSeries(db, 'GOOG', goog, 'GOOG.csv', 0, count))();
  } finally {
    db.close();
  }
}

beforeEach(() => {
  directory = makeTempDir('quantdesk-backtest-run-');
  marketDbPath = join(directory, 'market.sqlite');
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

interface Cell {
  unit: string;
  outcome: { params: Record<string, number>; run: StatisticsOnlyOutcome } | null;
  error: string | undefined;
}

function fakeContext(onUnit: (cell: Cell) => void = () => {}) {
  const cells: Cell[] = [];
  const warnings: string[] = [];
  const context: TaskContext = {
    jobId: 'job',
    run: { marketDbPath, completedUnits: {} },
    checkpoint: () => Promise.resolve(),
    isCancelled: () => false,
    setPhase: () => {},
    progress: () => {},
    warn: (message) => warnings.push(message),
    unitDone: (unit, outcome, error) => {
      const cell = { unit, outcome: outcome as Cell['outcome'], error };
      cells.push(cell);
      onUnit(cell);
    },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  };
  return { context, cells, warnings };
}

const job: BacktestSweepParams = backtestSweepParams.parse({ strategy: 'sma-cross', symbols: ['GOOG'], grid: { fast: [10], slow: [30] } });

const UNITS = [{ fast: 5, slow: 20 }, { fast: 10, slow: 30 }, { fast: 20, slow: 50 }].map((params) => JSON.stringify(params));

async function runChunk(units = UNITS, sweep: BacktestSweepParams = job, onUnit?: (cell: Cell) => void) {
  const fake = fakeContext(onUnit);
  await backtestSweepChunkTask({ job: sweep, units }, fake.context);
  return fake;
}

describe('a backtest/run job', () => {
  it("fails a lone symbol with its reason as the error, not again as a warning", async () => {
    importGoog(20);
    const fake = fakeContext();
    const outcome = await backtestRunTask(backtestRunParams.parse({ strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: ['GOOG'] }), fake.context);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/^GOOG .*\(20 bars\): sma-cross with fast=10, slow=30 needs at least 32 bars/);
    expect(fake.warnings).toEqual([]);
  });
});

describe('a sweep chunk', () => {
  it('reports each cell’s statistics: those of the same run in full', async () => {
    importGoog(goog.dates.length);
    const { cells } = await runChunk([...UNITS, '{not json']);
    expect(cells.map((cell) => cell.error)).toEqual([undefined, undefined, undefined, 'Cell key {not json is not valid JSON']);
    const full = await backtestRunTask(
      backtestRunParams.parse({ strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: ['GOOG'] }),
      fakeContext().context,
    );
    const result = full.result as RunOutcome;
    const cell = cells[1]!.outcome!;
    expect(cell.params).toEqual({ fast: 10, slow: 30 });
    expect(cell.run.keeps).toBe('statistics');
    expect(cell.run.config).toEqual(result.config);
    expect(cell.run.combined).toEqual({ stats: result.combined!.stats });
    expect(cell.run.symbols).toEqual([
      { symbol: 'GOOG', status: 'succeeded', error: null, bars: goog.dates.length, stats: result.symbols[0]!.stats, warnings: [], tradeCount: result.symbols[0]!.trades.length },
    ]);
  });

  it('warns about a symbol without data once, and fails a cell most of whose symbols fail', async () => {
    importGoog(goog.dates.length);
    const { cells, warnings } = await runChunk(UNITS, { ...job, symbols: ['GOOG', 'NOPE'] });
    expect(warnings).toEqual(['No price data for NOPE in any date range.']);
    expect(cells.every((cell) => cell.error === undefined && cell.outcome!.run.status === 'partial')).toBe(true);
    const failing = await runChunk(UNITS, { ...job, symbols: ['NOPE', 'GONE'] });
    expect(failing.cells.map((cell) => cell.error)).toEqual(
      UNITS.map(() => '2 of 2 symbols failed: No price data for NOPE in any date range. No price data for GONE in any date range.'),
    );
  });

  it('runs every cell on the bars it started with; the next chunk reads an import made meanwhile', async () => {
    importGoog(1000);
    // The first cell re-imports GOOG with more bars: the rest of the chunk keeps its bars.
    const during = await runChunk(UNITS, job, (cell) => {
      if (cell.unit === UNITS[0]) importGoog(goog.dates.length);
    });
    const hashes = new Set(during.cells.map((cell) => cell.outcome!.run.config.dataHash));
    expect(hashes.size).toBe(1);
    expect(during.cells.map((cell) => cell.outcome!.run.symbols[0]!.bars)).toEqual([1000, 1000, 1000]);
    const after = await runChunk();
    expect(after.cells.map((cell) => cell.outcome!.run.symbols[0]!.bars)).toEqual([goog.dates.length, goog.dates.length, goog.dates.length]);
    expect(hashes.has(after.cells[0]!.outcome!.run.config.dataHash)).toBe(false);
  });

  it('reads the store now at its path: after one was moved aside and replaced, or removed', async () => {
    importGoog(1000);
    expect((await runChunk()).cells[0]!.outcome!.run.symbols[0]!.bars).toBe(1000);
    const moveAside = () => {
      renameSync(marketDbPath, join(directory, 'aside.sqlite'));
      for (const suffix of ['-wal', '-shm']) rmSync(`${marketDbPath}${suffix}`, { force: true });
    };
    moveAside();
    importGoog(1500);
    expect((await runChunk()).cells[0]!.outcome!.run.symbols[0]!.bars).toBe(1500);
    moveAside();
    await expect(runChunk()).rejects.toThrow(/The market database at .* does not exist yet/);
  });
});
