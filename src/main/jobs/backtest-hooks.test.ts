import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredRunReference } from '../store/backtests-types';
import { useTestApps } from '../test-lifecycle';
import { makeTempDir, SAMPLE_DATA_DIR, startTestApp, type TestApp } from '../test-support';

const start = useTestApps();

/** A real app with the sample data imported (GOOG, NVDA, ORCL, YHOO). */
async function startWithSampleData(options: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const harness = await start({ sampleDataDir: SAMPLE_DATA_DIR, concurrency: 2, ...options });
  const { invoke, waitForTerminal } = harness;
  const imports = await invoke('jobs/list', { kind: 'data/import' });
  expect(imports.jobs).toHaveLength(1);
  expect((await waitForTerminal(imports.jobs[0]!.id)).status).toBe('succeeded');
  return harness;
}

describe('backtest jobs through the runner', () => {
  it('run on sample data, are stored and can be read back', { timeout: 60_000 }, async () => {
    const { invoke, invokeError, waitForTerminal } = await startWithSampleData();
    const job = await invoke('jobs/submit', {
      kind: 'backtest/run',
      params: { strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: ['GOOG', 'NVDA'], name: 'two' },
    });
    const finished = await waitForTerminal(job.id);
    expect(finished.status).toBe('succeeded');
    const reference = finished.result as StoredRunReference;
    expect(reference.status).toBe('succeeded');
    expect(reference.stats?.tradeCount).toBeGreaterThan(0);

    const detail = await invoke('backtests/get', { id: reference.backtestId });
    expect(detail).toMatchObject({ jobId: job.id, name: 'two', strategy: 'sma-cross', symbols: ['GOOG', 'NVDA'], status: 'succeeded' });
    expect(detail.config).toMatchObject({ params: { fast: 10, slow: 30 }, engineVersion: expect.any(String) as string });
    expect(detail.config.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.perSymbol.map((symbol) => symbol.symbol)).toEqual(['GOOG', 'NVDA']);
    const goog = detail.perSymbol[0]!;
    expect(goog.bars).toBe(2148);

    const series = await invoke('backtests/series', { id: reference.backtestId, symbol: 'GOOG' });
    expect(series.dates).toHaveLength(2148);
    expect(series.equity).toHaveLength(2148);
    expect(series.equity[0]).toBe(10_000);
    expect(series.buyAndHold[0]).toBe(10_000);
    expect(series.equity.at(-1)).toBeCloseTo(goog.stats!.equityFinal, 6);
    const combined = await invoke('backtests/series', { id: reference.backtestId, symbol: '*' });
    expect(combined.equity[0]).toBe(20_000);

    const trades = await invoke('backtests/trades', { id: reference.backtestId, symbol: 'GOOG', limit: 5 });
    expect(trades.total).toBe(goog.tradeCount);
    expect(trades.trades).toHaveLength(5);
    expect(trades.trades[0]).toMatchObject({ entryBar: expect.any(Number) as number, pnl: expect.any(Number) as number });

    const listed = await invoke('backtests/list', {});
    expect(listed.runs.map((run) => run.id)).toEqual([reference.backtestId]);
    expect(await invoke('backtests/update', { id: reference.backtestId, notes: 'looks good' })).toMatchObject({ notes: 'looks good' });
    await invoke('backtests/delete', { id: reference.backtestId });
    expect((await invokeError('backtests/get', { id: reference.backtestId })).kind).toBe('not_found');
  });

  it('end partial when a symbol has no data in the range, naming it and the range', { timeout: 60_000 }, async () => {
    const { invoke, waitForTerminal } = await startWithSampleData();
    // GOOG's bars end on 2013-03-01.
    const job = await invoke('jobs/submit', {
      kind: 'backtest/run',
      params: { strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: ['NVDA', 'GOOG', 'ORCL'], from: '2013-06-01', to: '2014-06-30' },
    });
    const finished = await waitForTerminal(job.id);
    expect(finished.status).toBe('partial');
    expect(finished.warnings.join('\n')).toMatch(/No price data for GOOG between 2013-06-01 and 2014-06-30; its bars run from 2004-08-19 to 2013-03-01\./);
    // The app's log says so too, at warn level, naming the job.
    const { entries } = await invoke('logs/tail', { limit: 200, minLevel: 'warn' });
    expect(entries.find((entry) => /No price data for GOOG/.test(entry.message))).toMatchObject({ level: 'warn', fields: { jobId: job.id } });
    const reference = finished.result as StoredRunReference;
    const detail = await invoke('backtests/get', { id: reference.backtestId });
    expect(detail.status).toBe('partial');
    expect(detail.perSymbol.find((symbol) => symbol.symbol === 'GOOG')).toMatchObject({ status: 'failed', stats: null });
    expect(detail.perSymbol.find((symbol) => symbol.symbol === 'GOOG')?.error).toMatch(/No price data for GOOG/);
    expect(detail.stats?.start).toBe('2013-06-03');

    // NVDA's bars start on 1999-01-22, GOOG's on 2004-08-19.
    const most = await invoke('jobs/submit', {
      kind: 'backtest/run',
      params: { strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: ['GOOG', 'NVDA', 'ORCL'], from: '1995-06-01', to: '1997-12-31' },
    });
    const failed = await waitForTerminal(most.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toMatch(/2 of 3 symbols failed/);
  });

  it('refuse symbols never imported at submit, naming them and the stored ones', { timeout: 60_000 }, async () => {
    const { invoke, invokeError } = await startWithSampleData();
    const run = await invokeError('jobs/submit', { kind: 'backtest/run', params: { strategy: 'buy-and-hold', symbols: ['GOOG', 'NOPE'] } });
    expect(run).toMatchObject({ kind: 'invalid', message: 'NOPE is not in the market data; it has GOOG, NVDA, ORCL, YHOO' });
    const sweep = await invokeError('jobs/submit', { kind: 'backtest/sweep', params: { strategy: 'sma-cross', symbols: ['NOPE'], grid: { fast: [5, 10] } } });
    expect(sweep).toMatchObject({ kind: 'invalid', message: 'NOPE is not in the market data; it has GOOG, NVDA, ORCL, YHOO' });
    expect((await invoke('jobs/list', {})).jobs.filter((job) => job.kind !== 'data/import')).toEqual([]);
  });

  it("keep the engine's warnings: on the job named by symbol, and with the run", { timeout: 60_000 }, async () => {
    const { invoke, waitForTerminal } = await startWithSampleData();
    const job = await invoke('jobs/submit', { kind: 'backtest/run', params: { strategy: 'buy-and-hold', symbols: ['GOOG'], broker: { cash: 1 } } });
    const finished = await waitForTerminal(job.id);
    expect(finished.status).toBe('succeeded');
    expect(finished.warnings).toEqual([expect.stringMatching(/^GOOG: Orders not filled, as one unit cost more than the cash available at the fill price: 2,146, the first on /)]);
    const detail = await invoke('backtests/get', { id: (finished.result as StoredRunReference).backtestId });
    expect(detail.perSymbol[0]!.warnings).toEqual([finished.warnings[0]!.slice('GOOG: '.length)]);
  });

  it("sum up a sweep's engine warnings once each, with the cells they hit", { timeout: 60_000 }, async () => {
    const { invoke, waitForTerminal } = await startWithSampleData();
    const job = await invoke('jobs/submit', {
      kind: 'backtest/sweep',
      params: { strategy: 'sma-cross', symbols: ['GOOG'], grid: { fast: [5, 10, 15], slow: [30, 40] }, broker: { cash: 1 } },
    });
    const finished = await waitForTerminal(job.id);
    expect(finished.status).toBe('succeeded');
    // Not one warning a cell: one line per distinct warning, with the cells it hit.
    expect(finished.warnings).toEqual([expect.stringMatching(/^GOOG: Orders not filled, .*: [\d,]+, the first on .* \(6 cells; the numbers are the first one's\)$/)]);
    const sweep = await invoke('sweeps/get', { id: job.id });
    const cell = await invoke('backtests/get', { id: sweep.cells[0]!.backtestId! });
    expect(cell.perSymbol[0]!.warnings).toEqual([expect.stringMatching(/^Orders not filled/)]);
  });

  it('check once per symbol that a sweep has data in its range: skip it, or fail before any cell', { timeout: 60_000 }, async () => {
    const { invoke, waitForTerminal } = await startWithSampleData();
    const grid = { fast: { start: 5, end: 20, step: 5 }, slow: [30, 40] };
    const partial = await invoke('jobs/submit', { kind: 'backtest/sweep', params: { strategy: 'sma-cross', symbols: ['NVDA', 'GOOG'], grid, from: '2013-06-01' } });
    const skipped = await waitForTerminal(partial.id);
    expect(skipped.status).toBe('partial');
    expect(skipped.result).toMatchObject({
      finishedCells: 8,
      failedCells: 0,
      skippedSymbols: [{ symbol: 'GOOG', reason: 'No price data for GOOG from 2013-06-01 on; its bars run from 2004-08-19 to 2013-03-01.' }],
    });
    expect(skipped.warnings).toEqual(['No price data for GOOG from 2013-06-01 on; its bars run from 2004-08-19 to 2013-03-01. GOOG was left out of every cell.']);
    const cell = (await invoke('sweeps/get', { id: partial.id })).cells[0]!;
    expect((await invoke('backtests/get', { id: cell.backtestId! })).config.symbols).toEqual(['NVDA']);

    const none = await invoke('jobs/submit', { kind: 'backtest/sweep', params: { strategy: 'sma-cross', symbols: ['GOOG'], grid, from: '2000-01-01', to: '2003-12-31' } });
    const failed = await waitForTerminal(none.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toBe('Could not plan the job: No price data for GOOG between 2000-01-01 and 2003-12-31; its bars run from 2004-08-19 to 2013-03-01.');
    expect(await invoke('sweeps/get', { id: none.id })).toMatchObject({ status: 'failed', finishedCells: 0 });
    expect((await invoke('backtests/list', { includeSweepCells: true })).total).toBe(8);
  });

  it('sweep a small grid: every cell stored, best found, progress counts cells', { timeout: 60_000 }, async () => {
    const { invoke, waitForTerminal, events } = await startWithSampleData();
    const job = await invoke('jobs/submit', {
      kind: 'backtest/sweep',
      params: {
        strategy: 'sma-cross',
        symbols: ['GOOG'],
        grid: { fast: { start: 5, end: 20, step: 5 }, slow: [20, 40] },
        constraint: 'fast < slow',
        maximize: 'returnPct',
      },
    });
    const finished = await waitForTerminal(job.id);
    expect(finished.status).toBe('succeeded');
    expect(finished.progress.message).toBe('7 of 7 cells');
    expect(finished.result).toMatchObject({ sweepId: job.id, totalCells: 7, finishedCells: 7, failedCells: 0, excludedCells: 1, skippedCells: 0 });
    const progress = events.flatMap((event) => (event.name === 'job/progress' && event.payload.id === job.id ? [event.payload.progress.message] : []));
    expect(progress.every((message) => /^\d of 7 cells$/.test(message))).toBe(true);

    const sweep = await invoke('sweeps/get', { id: job.id });
    expect(sweep).toMatchObject({ status: 'succeeded', cellCount: 7, finishedCells: 7, maximize: 'returnPct', constraint: 'fast < slow' });
    const metrics = sweep.cells.map((cell) => cell.metric!);
    expect(sweep.bestMetric).toBe(Math.max(...metrics));
    const best = await invoke('backtests/get', { id: sweep.bestBacktestId! });
    expect(best.sweepId).toBe(job.id);
    expect(best.stats?.returnPct).toBe(sweep.bestMetric);
    expect(sweep.cells.map((cell) => cell.params)).toContainEqual({ fast: 5, slow: 20 });
    // The cells export: every cell with all its run's statistics, the maximized one among them.
    const { cells, nextOffset } = await invoke('sweeps/cells', { id: job.id });
    expect(nextOffset).toBeNull();
    expect(cells.map(({ stats: _stats, ...cell }) => cell)).toEqual(sweep.cells);
    expect(cells.every((cell) => cell.stats !== null && cell.stats.returnPct === cell.metric)).toBe(true);
    expect(cells.find((cell) => cell.backtestId === best.id)!.stats).toEqual(best.stats);

    expect((await invoke('backtests/list', {})).total).toBe(0);
    expect((await invoke('backtests/list', { includeSweepCells: true })).total).toBe(7);
    // The sweep's own cells ranked by its statistic: the best cell first.
    const ranked = await invoke('backtests/list', { sweepId: job.id, sortBy: 'returnPct', limit: 3 });
    expect(ranked.total).toBe(7);
    expect(ranked.runs.map((run) => run.id)[0]).toBe(sweep.bestBacktestId);
    expect(ranked.runs.every((run) => run.sweepId === job.id)).toBe(true);
    expect((await invoke('sweeps/list', {})).sweeps.map((item) => item.id)).toEqual([job.id]);

    // A cell keeps its statistics only; run in full from its config, it reproduces them exactly.
    expect(best.hasDetails).toBe(false);
    expect(best.fullRunId).toBeNull();
    expect(best.perSymbol[0]!.tradeCount).toBe(best.stats!.tradeCount);
    const { strategy, params, symbols, broker } = best.config;
    const rerun = await invoke('jobs/submit', { kind: 'backtest/run', params: { strategy, params, symbols, broker } });
    const full = await invoke('backtests/get', { id: ((await waitForTerminal(rerun.id)).result as StoredRunReference).backtestId });
    expect(full.hasDetails).toBe(true);
    expect(full.config.dataHash).toBe(best.config.dataHash);
    expect(full.stats).toEqual(best.stats);
    expect((await invoke('backtests/trades', { id: full.id, symbol: 'GOOG', limit: 1 })).total).toBe(best.stats!.tradeCount);
    // The cell now leads to its full run; another cell, never run in full, still leads nowhere.
    expect((await invoke('backtests/get', { id: best.id })).fullRunId).toBe(full.id);
    const other = sweep.cells.find((cell) => cell.backtestId !== best.id)!;
    expect((await invoke('backtests/get', { id: other.backtestId! })).fullRunId).toBeNull();
    expect(full.fullRunId).toBeNull();
  });

  it('keep the finished cells of a cancelled sweep', { timeout: 90_000 }, async () => {
    const { invoke, waitForTerminal, waitForEvent } = await startWithSampleData();
    const job = await invoke('jobs/submit', {
      kind: 'backtest/sweep',
      params: { strategy: 'sma-cross', symbols: ['ORCL', 'YHOO'], grid: { fast: { start: 2, end: 60, step: 1 }, slow: { start: 20, end: 200, step: 5 } }, constraint: 'fast < slow' },
    });
    await waitForEvent('job/progress', (payload) => payload.id === job.id && payload.progress.fraction > 0.01);
    await invoke('jobs/cancel', { id: job.id });
    const cancelled = await waitForTerminal(job.id);
    expect(cancelled.status).toBe('cancelled');
    const sweep = await invoke('sweeps/get', { id: job.id });
    expect(sweep.status).toBe('cancelled');
    expect(sweep.finishedCells).toBeGreaterThan(0);
    expect(sweep.finishedCells).toBeLessThan(sweep.cellCount);
    const cell = sweep.cells.find((item) => item.backtestId !== null)!;
    expect((await invoke('backtests/get', { id: cell.backtestId! })).status).toBe('succeeded');
    expect(await invoke('backtests/get', { id: cell.backtestId! })).toMatchObject({ hasDetails: false, stats: { tradeCount: expect.any(Number) as number } });
  });

  it('warn when a symbol is imported again mid-sweep, so its cells ran on different bars', { timeout: 90_000 }, async () => {
    const { invoke, waitForTerminal, waitForEvent } = await startWithSampleData();
    // GOOG as stored but for its last bar, which closes at its low: the chunks a worker takes after the import read these bars.
    const [header, ...rows] = readFileSync(join(SAMPLE_DATA_DIR, 'GOOG.csv'), 'utf8').trimEnd().split('\n');
    const [date, open, high, low] = rows.at(-1)!.split(',');
    const volume = rows.at(-1)!.split(',').at(-1);
    const reimport = join(makeTempDir(), 'GOOG.csv');
    writeFileSync(reimport, `${[header, ...rows.slice(0, -1), [date, open, high, low, low, volume].join(',')].join('\n')}\n`);

    const sweep = await invoke('jobs/submit', {
      kind: 'backtest/sweep',
      params: { strategy: 'sma-cross', symbols: ['GOOG'], grid: { fast: { start: 2, end: 60, step: 1 }, slow: { start: 10, end: 200, step: 5 } }, constraint: 'fast < slow' },
    });
    await waitForEvent('job/progress', (payload) => payload.id === sweep.id && payload.progress.fraction > 0);
    const imported = await invoke('jobs/submit', { kind: 'data/import', params: { paths: [reimport] } });
    expect((await waitForTerminal(imported.id)).status).toBe('succeeded');
    const finished = await waitForTerminal(sweep.id);

    expect(finished.status).toBe('succeeded');
    expect(finished.warnings[0]).toMatch(
      /^The bars changed while the sweep ran \(a symbol was imported again\), so its cells ran on 2 versions of the data: [\d,]+ and [\d,]+ cells, oldest data first\./,
    );
    const counts = finished.warnings[0]!.match(/data: ([\d,]+) and ([\d,]+) cells/)!.slice(1).map((count) => Number(count.replace(/,/g, '')));
    expect(counts[0]! + counts[1]!).toBe((await invoke('sweeps/get', { id: sweep.id })).finishedCells);
  });

  it('refuse a grid over the cell limit setting at submit, naming its size, the limit and where to raise it', { timeout: 30_000 }, async () => {
    const harness = await start();
    await harness.invoke('settings/update', { sweepCellLimit: 10 });
    const error = await harness.invokeError('jobs/submit', {
      kind: 'backtest/sweep',
      params: { strategy: 'sma-cross', symbols: ['GOOG'], grid: { fast: { start: 5, end: 50, step: 5 }, slow: { start: 60, end: 100, step: 10 } } },
    });
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe(
      'The grid has 50 cells, more than the limit of 10. Narrow the ranges, widen the steps or add a constraint. Or raise the sweep cell limit in Settings.',
    );
    const unknown = await harness.invokeError('jobs/submit', {
      kind: 'backtest/sweep',
      params: { strategy: 'sma-cross', symbols: ['GOOG'], grid: { fast: [5] }, constraint: 'fast < slw' },
    });
    expect(unknown.message).toMatch(/'slw', which is not a parameter/);
  });
});
