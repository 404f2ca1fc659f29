import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NUMERIC_STAT_KEYS, backtestSweepParams, type BacktestStats } from '../../shared/backtest';
import { AppError } from '../../shared/errors';
import type { JobRecord } from '../../shared/job';
import { jobFixture } from '../../shared/job-fixture';
import type { StatisticsOnlyOutcome } from '../store/backtests-types';
import { openTrackingStore, type TrackingDb } from '../store/connection';
import { upsertBars } from '../store/market/bars';
import { openMarketStore, type MarketDb } from '../store/market/connection';
import { getSweep } from '../store/sweeps';
import { backtestRunHooks, backtestSweepHooks } from './backtest-hooks';

let directory: string;
let db: TrackingDb;
let market: MarketDb;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-sweep-hooks-'));
  db = openTrackingStore(path.join(directory, 'tracking.sqlite'));
  market = openMarketStore(path.join(directory, 'market.sqlite'));
  const bar = { open: 10, high: 11, low: 9, close: 10, adjClose: null, volume: 100 };
  upsertBars(market, 'GOOG', [{ ...bar, date: '2020-01-02' }, { ...bar, date: '2020-12-31' }], 'test');
  upsertBars(market, 'NVDA', [{ ...bar, date: '2022-01-03' }], 'test');
});

afterEach(() => {
  db.close();
  market.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

const params = backtestSweepParams.parse({
  strategy: 'sma-cross',
  symbols: ['GOOG'],
  grid: { fast: { start: 5, end: 50, step: 5 }, slow: { start: 10, end: 200, step: 10 } },
  constraint: 'fast < slow',
});

function sweepJob(sweep: typeof params = params): JobRecord {
  const now = new Date().toISOString();
  return jobFixture({ id: 'sweep-1', kind: 'backtest/sweep', params: sweep, status: 'running', progress: { fraction: 0, message: '', phase: 'running' }, createdAt: now, startedAt: now });
}

/** What a sweep chunk reports for one cell. */
function cellOutcome(cellParams: Record<string, number>, dataHash = 'abc'): { params: Record<string, number>; run: StatisticsOnlyOutcome } {
  const stats = { ...Object.fromEntries(NUMERIC_STAT_KEYS.map((key) => [key, 1])), start: '2020-01-01', end: '2020-01-03' } as BacktestStats;
  return {
    params: cellParams,
    run: {
      status: 'succeeded',
      keeps: 'statistics',
      config: {
        strategy: 'sma-cross', params: cellParams, symbols: ['GOOG'], from: null, to: null,
        broker: { cash: 10_000, commission: 0, spread: 0, finalizeTrades: true }, engineVersion: '1.0.0', dataHash,
      },
      symbols: [{ symbol: 'GOOG', status: 'succeeded', error: null, bars: 3, stats, warnings: [], tradeCount: 1 }],
      combined: { stats },
    },
  };
}

describe('sweep hooks', () => {
  it('plan every cell in chunks, leaving out cells a resumed sweep already stored', () => {
    const hooks = backtestSweepHooks(db, market, () => 10_000);
    hooks.validate!(params);
    const fresh = hooks.fanOut!.plan(sweepJob(), {});
    expect(fresh.totalUnits).toBe(175);
    // The sweep exists from its start, before any cell.
    expect(getSweep(db, 'sweep-1')).toMatchObject({ status: 'running', cellCount: 175, cells: [] });
    const units = fresh.chunks.flatMap((chunk) => chunk.units);
    expect(units).toHaveLength(175);
    expect(new Set(units).size).toBe(175);
    expect(fresh.chunks.every((chunk) => chunk.kind === 'backtest/sweep-chunk' && chunk.units.length <= 25)).toBe(true);
    expect(fresh.chunks[0]!.params).toEqual({ job: params, units: fresh.chunks[0]!.units });

    const resumed = hooks.fanOut!.plan(sweepJob(), { '{"fast":5,"slow":10}': { backtestId: 'x', metric: 1 }, '{"fast":5,"slow":20}': { backtestId: 'y', metric: 2 } });
    expect(resumed.totalUnits).toBe(175);
    expect(resumed.chunks.flatMap((chunk) => chunk.units)).toHaveLength(173);
    expect(resumed.chunks.flatMap((chunk) => chunk.units)).not.toContain('{"fast":5,"slow":10}');
  });

  it('list as completed the stored cells that did not fail, which a resumed sweep skips', () => {
    const hooks = backtestSweepHooks(db, market, () => 10_000);
    hooks.validate!(params);
    const job = sweepJob();
    hooks.fanOut!.plan(job, {});
    expect(hooks.completedUnits!(job)).toEqual({});
    hooks.onUnit!(job, '{"fast":5,"slow":10}', cellOutcome({ fast: 5, slow: 10 }), undefined);
    hooks.onUnit!(job, '{"fast":5,"slow":20}', null, 'the worker could not run it');
    const failedRun = cellOutcome({ fast: 5, slow: 30 });
    failedRun.run = { ...failedRun.run, status: 'failed', error: '1 of 1 symbols failed' };
    hooks.onUnit!(job, '{"fast":5,"slow":30}', failedRun, '1 of 1 symbols failed');

    const completed = hooks.completedUnits!(job);
    expect(completed).toEqual({ '{"fast":5,"slow":10}': { backtestId: expect.any(String) as string, metric: 1 } });
    expect(hooks.fanOut!.plan(sweepJob(), completed).chunks.flatMap((chunk) => chunk.units)).toHaveLength(174);
    expect(getSweep(db, job.id).cells).toHaveLength(3);
  });

  it('plan bigger chunks for bigger sweeps, at most 100 cells each', () => {
    const hooks = backtestSweepHooks(db, market, () => 100_000);
    const chunkSizes = (grid: Record<string, { start: number; end: number; step: number }>): number[] => {
      const sweep = backtestSweepParams.parse({ strategy: 'sma-cross', symbols: ['GOOG'], grid, constraint: 'fast < slow' });
      hooks.validate!(sweep);
      return hooks.fanOut!.plan(sweepJob(sweep), {}).chunks.map((chunk) => chunk.units.length);
    };
    const mid = chunkSizes({ fast: { start: 2, end: 60, step: 1 }, slow: { start: 10, end: 200, step: 5 } });
    expect(mid.reduce((sum, size) => sum + size, 0)).toBe(2015);
    expect(new Set(mid.slice(0, -1))).toEqual(new Set([45]));
    const big = chunkSizes({ fast: { start: 1, end: 100, step: 1 }, slow: { start: 101, end: 300, step: 1 } });
    expect(big).toHaveLength(200);
    expect(new Set(big)).toEqual(new Set([100]));
  });

  it('end partial, saying where, when a symbol failed in some cells', () => {
    const sweep = backtestSweepParams.parse({ ...params, symbols: ['GOOG', 'NVDA'] });
    const hooks = backtestSweepHooks(db, market, () => 10_000);
    hooks.validate!(sweep);
    hooks.fanOut!.plan(sweepJob(sweep), {});
    const job = { ...sweepJob(), params: sweep };
    for (const slow of [10, 20, 30]) {
      const cell = cellOutcome({ fast: 5, slow });
      if (slow !== 10) {
        const failed = { symbol: 'NVDA', status: 'failed' as const, error: 'No price data for NVDA in any date range.', bars: 0, stats: null, warnings: [], tradeCount: 0 };
        cell.run = { ...cell.run, status: 'partial', symbols: [...cell.run.symbols, failed] };
      }
      hooks.onUnit!(job, JSON.stringify({ fast: 5, slow }), cell, undefined);
    }
    const outcome = hooks.fanOut!.combine(job, { totalUnits: 3, completedUnits: 3, failedUnits: [], chunkResults: [], isCancelled: false });
    expect(outcome.status).toBe('partial');
    expect(outcome.warnings).toEqual(['NVDA failed in 2 cells: No price data for NVDA in any date range.']);
  });

  it('say how many cells ran on each version of the bars, oldest first, when they changed under the sweep', () => {
    const hooks = backtestSweepHooks(db, market, () => 10_000);
    hooks.validate!(params);
    hooks.fanOut!.plan(sweepJob(), {});
    const job = sweepJob();
    for (const [slow, dataHash] of [[10, 'before'], [20, 'after'], [30, 'after']] as const) {
      hooks.onUnit!(job, JSON.stringify({ fast: 5, slow }), cellOutcome({ fast: 5, slow }, dataHash), undefined);
    }
    const outcome = hooks.fanOut!.combine(job, { totalUnits: 3, completedUnits: 3, failedUnits: [], chunkResults: [], isCancelled: false });
    expect(outcome.status).toBe('succeeded');
    expect(outcome.warnings).toEqual([
      'The bars changed while the sweep ran (a symbol was imported again), so its cells ran on 2 versions of the data: 1 and 2 cells, oldest data first. ' +
        'Cells on different data do not compare: run the sweep again to compare them all on the same bars.',
    ]);
  });

  it("keep a chunk within a bar budget when the symbols' histories are long", () => {
    const bar = { open: 10, high: 11, low: 9, close: 10, adjClose: null, volume: 100 };
    const day = Date.UTC(1900, 0, 1);
    upsertBars(market, 'LONG', Array.from({ length: 50_000 }, (_, index) => ({ ...bar, date: new Date(day + index * 86_400_000).toISOString().slice(0, 10) })), 'test');
    const hooks = backtestSweepHooks(db, market, () => 100_000);
    const sweep = backtestSweepParams.parse({ strategy: 'sma-cross', symbols: ['LONG'], grid: { fast: { start: 2, end: 60, step: 1 }, slow: { start: 10, end: 200, step: 5 } }, constraint: 'fast < slow' });
    hooks.validate!(sweep);
    // 500,000 bars a chunk: 10 cells of 50,000 bars, where the grid's size alone would give 45.
    expect(new Set(hooks.fanOut!.plan(sweepJob(sweep), {}).chunks.slice(0, -1).map((chunk) => chunk.units.length))).toEqual(new Set([10]));
  });

  it('refuse a grid over the limit at validation', () => {
    expect(() => backtestSweepHooks(db, market, () => 100).validate!(params)).toThrow(AppError);
    expect(() => backtestSweepHooks(db, market, () => 100).validate!(params)).toThrow('The grid has 175 cells, more than the limit of 100.');
  });

  it('store a cell again after the transaction that stored it was rolled back', () => {
    const hooks = backtestSweepHooks(db, market, () => 10_000);
    hooks.validate!(params);
    const job = sweepJob();
    hooks.fanOut!.plan(job, {});
    const unit = '{"fast":5,"slow":10}';
    const outcome = cellOutcome({ fast: 5, slow: 10 });
    // The runner stores cells in bursts: a later cell that throws rolls back the whole burst.
    const storeThenFail = db.transaction(() => {
      hooks.onUnit!(job, unit, outcome, undefined);
      throw new Error('a later cell failed');
    });
    expect(storeThenFail).toThrow('a later cell failed');

    hooks.onUnit!(job, unit, outcome, undefined);
    expect(getSweep(db, job.id).cells).toEqual([{ params: { fast: 5, slow: 10 }, backtestId: expect.any(String) as string, status: 'succeeded', metric: 1, error: null }]);
  });
});

describe('backtest symbols', () => {
  const run = (symbols: string[]) => ({ strategy: 'sma-cross', params: {}, symbols, broker: { cash: 1, commission: 0, spread: 0, finalizeTrades: true } });

  it('refuse symbols never imported at submit, naming them and the stored ones', () => {
    const refusal = (validate: () => void) => {
      try {
        validate();
      } catch (error) {
        return error as AppError;
      }
      throw new Error('expected a refusal');
    };
    const error = refusal(() => backtestRunHooks(db, market).validate!(run(['GOOG', 'NOPE', 'NADA'])));
    expect(error).toMatchObject({ kind: 'invalid', message: 'NOPE, NADA are not in the market data; it has GOOG, NVDA', details: { unknownSymbols: ['NOPE', 'NADA'] } });
    const sweep = backtestSweepParams.parse({ strategy: 'sma-cross', symbols: ['NOPE'], grid: { fast: [5] } });
    expect(refusal(() => backtestSweepHooks(db, market, () => 10_000).validate!(sweep)).message).toBe('NOPE is not in the market data; it has GOOG, NVDA');
    expect(() => backtestRunHooks(db, market).validate!(run(['GOOG', 'NVDA']))).not.toThrow();
  });

  it('leave a symbol without data in the range out of every cell, once, and end the sweep partial', () => {
    const hooks = backtestSweepHooks(db, market, () => 10_000);
    const sweep = backtestSweepParams.parse({ ...params, symbols: ['GOOG', 'NVDA'], from: '2020-06-01', to: '2021-06-01' });
    const plan = hooks.fanOut!.plan(sweepJob(sweep), {});
    expect(plan.chunks.every((chunk) => (chunk.params as { job: { symbols: string[] } }).job.symbols.join() === 'GOOG')).toBe(true);
    const job = { ...sweepJob(), params: sweep };
    const outcome = hooks.fanOut!.combine(job, { totalUnits: 175, completedUnits: 175, failedUnits: [], chunkResults: [], isCancelled: false });
    expect(outcome.status).toBe('partial');
    expect(outcome.result).toMatchObject({
      skippedSymbols: [{ symbol: 'NVDA', reason: 'No price data for NVDA between 2020-06-01 and 2021-06-01; its only bar is on 2022-01-03.' }],
    });
    expect(outcome.warnings).toEqual(['No price data for NVDA between 2020-06-01 and 2021-06-01; its only bar is on 2022-01-03. NVDA was left out of every cell.']);
  });

  it('fail a sweep before any cell when more than half its symbols have no data in the range', () => {
    const hooks = backtestSweepHooks(db, market, () => 10_000);
    const sweep = backtestSweepParams.parse({ ...params, symbols: ['GOOG'], from: '2023-01-01' });
    expect(() => hooks.fanOut!.plan(sweepJob(sweep), {})).toThrow('No price data for GOOG from 2023-01-01 on; its bars run from 2020-01-02 to 2020-12-31.');
    const two = backtestSweepParams.parse({ ...params, symbols: ['GOOG', 'NVDA'], to: '2019-12-31' });
    expect(() => hooks.fanOut!.plan(sweepJob(two), {})).toThrow(
      /^2 of 2 symbols have no data, so every cell would fail: No price data for GOOG up to 2019-12-31; its bars run from 2020-01-02 to 2020-12-31\. No price data for NVDA/,
    );
  });
});
