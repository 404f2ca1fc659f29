import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NUMERIC_STAT_KEYS, backtestSweepParams, type BacktestStats } from '../../shared/backtest';
import { AppError } from '../../shared/errors';
import type { JobRecord } from '../../shared/job';
import type { StatisticsOnlyOutcome } from '../store/backtests-types';
import { openTrackingStore, type TrackingDb } from '../store/connection';
import { getSweep } from '../store/sweeps';
import { backtestSweepHooks } from './backtest-hooks';

let directory: string;
let db: TrackingDb;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-sweep-hooks-'));
  db = openTrackingStore(path.join(directory, 'tracking.sqlite'));
});

afterEach(() => {
  db.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

const params = backtestSweepParams.parse({
  strategy: 'sma-cross',
  symbols: ['GOOG'],
  grid: { fast: { start: 5, end: 50, step: 5 }, slow: { start: 10, end: 200, step: 10 } },
  constraint: 'fast < slow',
});

function sweepJob(): JobRecord {
  const now = new Date().toISOString();
  return {
    id: 'sweep-1', kind: 'backtest/sweep', params, status: 'running', progress: { fraction: 0, message: '', phase: 'running' },
    warnings: [], error: null, result: null, createdAt: now, startedAt: now, finishedAt: null,
  };
}

/** What a sweep chunk reports for one cell. */
function cellOutcome(cellParams: Record<string, number>): { params: Record<string, number>; run: StatisticsOnlyOutcome } {
  const stats = { ...Object.fromEntries(NUMERIC_STAT_KEYS.map((key) => [key, 1])), start: '2020-01-01', end: '2020-01-03' } as BacktestStats;
  return {
    params: cellParams,
    run: {
      status: 'succeeded',
      keeps: 'statistics',
      config: {
        strategy: 'sma-cross', params: cellParams, symbols: ['GOOG'], from: null, to: null,
        broker: { cash: 10_000, commission: 0, spread: 0, finalizeTrades: true }, engineVersion: '1.0.0', dataHash: 'abc',
      },
      symbols: [{ symbol: 'GOOG', status: 'succeeded', error: null, bars: 3, stats, warnings: [], tradeCount: 1 }],
      combined: { stats },
    },
  };
}

describe('sweep hooks', () => {
  it('plan every cell in chunks, leaving out cells a resumed sweep already stored', () => {
    const hooks = backtestSweepHooks(db, 10_000);
    hooks.validate!(params);
    const fresh = hooks.fanOut!.plan(params, {});
    expect(fresh.totalUnits).toBe(175);
    const units = fresh.chunks.flatMap((chunk) => chunk.units);
    expect(units).toHaveLength(175);
    expect(new Set(units).size).toBe(175);
    expect(fresh.chunks.every((chunk) => chunk.kind === 'backtest/sweep-chunk' && chunk.units.length <= 25)).toBe(true);
    expect(fresh.chunks[0]!.params).toEqual({ job: params, units: fresh.chunks[0]!.units });

    const resumed = hooks.fanOut!.plan(params, { '{"fast":5,"slow":10}': { backtestId: 'x', metric: 1 }, '{"fast":5,"slow":20}': { backtestId: 'y', metric: 2 } });
    expect(resumed.totalUnits).toBe(175);
    expect(resumed.chunks.flatMap((chunk) => chunk.units)).toHaveLength(173);
    expect(resumed.chunks.flatMap((chunk) => chunk.units)).not.toContain('{"fast":5,"slow":10}');
  });

  it('list as completed the stored cells that did not fail, which a resumed sweep skips', () => {
    const hooks = backtestSweepHooks(db, 10_000);
    hooks.validate!(params);
    const job = sweepJob();
    expect(hooks.completedUnits!(job)).toEqual({});
    hooks.onUnit!(job, '{"fast":5,"slow":10}', cellOutcome({ fast: 5, slow: 10 }), undefined);
    hooks.onUnit!(job, '{"fast":5,"slow":20}', null, 'the worker could not run it');
    const failedRun = cellOutcome({ fast: 5, slow: 30 });
    failedRun.run = { ...failedRun.run, status: 'failed', error: '1 of 1 symbols failed' };
    hooks.onUnit!(job, '{"fast":5,"slow":30}', failedRun, '1 of 1 symbols failed');

    const completed = hooks.completedUnits!(job);
    expect(completed).toEqual({ '{"fast":5,"slow":10}': { backtestId: expect.any(String) as string, metric: 1 } });
    expect(hooks.fanOut!.plan(params, completed).chunks.flatMap((chunk) => chunk.units)).toHaveLength(174);
    expect(getSweep(db, job.id).cells).toHaveLength(3);
  });

  it('plan bigger chunks for bigger sweeps, at most 100 cells each', () => {
    const hooks = backtestSweepHooks(db, 100_000);
    const chunkSizes = (grid: Record<string, { start: number; end: number; step: number }>): number[] => {
      const sweep = backtestSweepParams.parse({ strategy: 'sma-cross', symbols: ['GOOG'], grid, constraint: 'fast < slow' });
      hooks.validate!(sweep);
      return hooks.fanOut!.plan(sweep, {}).chunks.map((chunk) => chunk.units.length);
    };
    const mid = chunkSizes({ fast: { start: 2, end: 60, step: 1 }, slow: { start: 10, end: 200, step: 5 } });
    expect(mid.reduce((sum, size) => sum + size, 0)).toBe(2015);
    expect(new Set(mid.slice(0, -1))).toEqual(new Set([45]));
    const big = chunkSizes({ fast: { start: 1, end: 100, step: 1 }, slow: { start: 101, end: 300, step: 1 } });
    expect(big).toHaveLength(200);
    expect(new Set(big)).toEqual(new Set([100]));
  });

  it('refuse a grid over the limit at validation', () => {
    expect(() => backtestSweepHooks(db, 100).validate!(params)).toThrow(AppError);
    expect(() => backtestSweepHooks(db, 100).validate!(params)).toThrow('The grid has 175 cells, more than the limit of 100.');
  });

  it('store a cell again after the transaction whose cell created the sweep row was rolled back', () => {
    const hooks = backtestSweepHooks(db, 10_000);
    hooks.validate!(params);
    const job = sweepJob();
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
