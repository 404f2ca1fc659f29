import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backtestSweepParams } from '../../shared/backtest';
import { AppError } from '../../shared/errors';
import { openTrackingStore, type TrackingDb } from '../store/connection';
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

  it('refuse a grid over the limit at validation', () => {
    expect(() => backtestSweepHooks(db, 100).validate!(params)).toThrow(AppError);
    expect(() => backtestSweepHooks(db, 100).validate!(params)).toThrow('The grid has 175 cells, more than the limit of 100.');
  });
});
