/**
 * Backtest engine throughput beside its ceiling, a plain Float64Array loop doing the same
 * SMA crossover in the same process and run, and the cost of the engine's cancel checks.
 * Data: GOOG.csv (2,148 daily bars), backtested RUNS_PER_ROUND times per round, so every
 * figure includes a run's fixed costs, as a real run or a sweep cell does. Validating a
 * series is a cost per series, not per run (the workers cache prepared bars by symbol), and
 * so are indicator columns: a single run computes its indicators, a sweep cell finds them
 * computed by an earlier cell, and the first-run figure hands the engine a series object it
 * has not seen at all. The sweeps run grids of cells on GOOG, and on all four sample symbols
 * (each symbol's account, then their combined one).
 * Run alone: node --import tsx bench/backtest-engine.ts (`npm run bench` takes each figure at its best of five processes)
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { BarRow, BarSeries } from '../src/main/store/market/bars';
import { parseBarCsv } from '../src/workers/tasks/csv';
import {
  barSeriesFromRows,
  CHECKPOINT_EVERY_BARS,
  finishBacktest,
  finishStatistics,
  prepareBars,
  prepareBroker,
  prepareStrategy,
  runBacktestSync,
  runPreparedBacktest,
  startSimulation,
  type PreparedBars,
} from '../src/workers/backtest';
import { runSymbols, symbolBars, type RunHooks } from '../src/workers/tasks/backtest-core';

export interface BacktestEngineFigure {
  /** Set on figures another suite reads (bench/run.ts). */
  key?: 'large-grid';
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number };
}

const FAST = 10;
const SLOW = 30;
const CASH = 10_000;
const RUNS_PER_ROUND = 100;
const ROUNDS = 15;
const SAMPLE_DATA = fileURLToPath(new URL('../resources/sample-data/', import.meta.url));
/** The bundled sample symbols: the several-symbol sweep runs over all of them. */
const SAMPLE_SYMBOLS = ['GOOG', 'NVDA', 'ORCL', 'YHOO'];

export type SweepGrid = Record<'fast' | 'slow', { start: number; end: number; step: number }>;

/** The grid of the stored-sweep figure (bench/run.ts) and of the in-process sweep here: 2,015 cells under fast < slow. */
export const LARGE_GRID: SweepGrid = { fast: { start: 2, end: 60, step: 1 }, slow: { start: 10, end: 200, step: 5 } };

/** The README's example grid: 175 cells under fast < slow. */
export const README_GRID: SweepGrid = { fast: { start: 5, end: 50, step: 5 }, slow: { start: 10, end: 200, step: 10 } };

/** The grid's cells under the constraint fast < slow. */
export function cellsOf(grid: SweepGrid): Array<{ fast: number; slow: number }> {
  const cells: Array<{ fast: number; slow: number }> = [];
  for (let fast = grid.fast.start; fast <= grid.fast.end; fast += grid.fast.step) {
    for (let slow = grid.slow.start; slow <= grid.slow.end; slow += grid.slow.step) if (fast < slow) cells.push({ fast, slow });
  }
  return cells;
}

/**
 * Cells per second of the plain loop over `cells`, each on every one of `symbols`, in-process,
 * nothing stored: best of `rounds` (after one to compile the loop).
 */
export function plainCellsPerSecond(cells: ReadonlyArray<{ fast: number; slow: number }>, rounds: number, symbols: readonly string[] = ['GOOG']): number {
  const series = symbols.map(loadSample);
  const runAll = (): void => {
    for (const cell of cells) for (const { open, close } of series) plainSmaCross(open, close, cell.fast, cell.slow, CASH);
  };
  runAll();
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    runAll();
    best = Math.max(best, cells.length / ((performance.now() - started) / 1000));
  }
  return best;
}

/** Rounds of the in-process sweep, best taken (after one that computes the cells' indicator columns). */
const GRID_ROUNDS = 3;

/**
 * Cells per second of a sweep's cells run as a worker runs them (`runSymbols`, statistics
 * only, the bars validated and hashed once), with nothing stored and nothing sent to main:
 * the engine's share of the stored-sweep figure. Unlike the sweep-cell figure, which repeats
 * one cell, each cell has its own parameters and trades, as a real sweep's do.
 */
async function inProcessSweepCellsPerSecond(symbols: readonly string[], cells: ReadonlyArray<{ fast: number; slow: number }>): Promise<number> {
  const barsBySymbol = new Map(symbols.map((symbol) => [symbol, symbolBars(symbol, loadSample(symbol), {})]));
  const hooks: RunHooks = { loadBars: (symbol) => barsBySymbol.get(symbol)!, checkpoint: async () => {}, warn: () => {} };
  const broker = prepareBroker({ cash: CASH });
  let best = 0;
  let sink = 0;
  for (let round = 0; round <= GRID_ROUNDS; round++) {
    const started = performance.now();
    for (const params of cells) {
      const run = await runSymbols({ strategy: 'sma-cross', params, symbols: [...symbols], broker }, hooks, 'statistics');
      sink += run.combined?.stats.tradeCount ?? 0;
    }
    if (round > 0) best = Math.max(best, cells.length / ((performance.now() - started) / 1000));
  }
  if (sink === 0) throw new Error('The in-process sweep made no trades: it no longer runs the grid.');
  return best;
}

export function loadSample(symbol: string): BarSeries {
  const parsed: BarRow[] | BarSeries = parseBarCsv(`${symbol}.csv`, readFileSync(`${SAMPLE_DATA}${symbol}.csv`, 'utf8'));
  return Array.isArray(parsed) ? barSeriesFromRows(parsed) : parsed;
}

/**
 * The ceiling: the engine's strategy and fills with no abstraction at all — one function,
 * locals only. Its rolling means are pandas' (Kahan-compensated running sums; a run of
 * equal values averages to that value), as the engine's are, and it sizes and finalizes as
 * the engine does, so it makes the very same trades: `benchBacktestEngine` checks that it
 * ends on the engine's final equity. Everything happens inside the loop (code after a
 * loop makes V8 throw away the loop's compiled code). Returns final equity.
 */
export function plainSmaCross(open: Float64Array, close: Float64Array, fast: number, slow: number, cash: number): number {
  const count = close.length;
  const last = count - 1;
  const equity = new Float64Array(count);
  const full = 1 - Number.EPSILON;
  let fastSum = 0;
  let fastAdd = 0;
  let fastRemove = 0;
  let slowSum = 0;
  let slowAdd = 0;
  let slowRemove = 0;
  let sameInARow = 0;
  let previousClose = Number.NaN;
  let previousFast = Number.NaN;
  let previousSlow = Number.NaN;
  let balance = cash;
  let units = 0;
  let entryPrice = 0;
  let pending = 0;
  let finalEquity = cash;
  for (let index = 0; index < count; index++) {
    if (pending !== 0) {
      const price = open[index]!;
      if (units !== 0) balance += units * (price - entryPrice);
      units = Math.floor((balance * full) / price) * pending;
      entryPrice = price;
      pending = 0;
    }
    const price = close[index]!;
    let value = units === 0 ? balance : balance + units * (price - entryPrice);
    // Finalize: a position still open closes at the last bar's open.
    if (index === last && units !== 0) value = balance + units * (open[index]! - entryPrice);
    equity[index] = value;
    finalEquity = value;
    if (index >= fast) {
      const y = -close[index - fast]! - fastRemove;
      const t = fastSum + y;
      fastRemove = t - fastSum - y;
      fastSum = t;
    }
    if (index >= slow) {
      const y = -close[index - slow]! - slowRemove;
      const t = slowSum + y;
      slowRemove = t - slowSum - y;
      slowSum = t;
    }
    let y = price - fastAdd;
    let t = fastSum + y;
    fastAdd = t - fastSum - y;
    fastSum = t;
    y = price - slowAdd;
    t = slowSum + y;
    slowAdd = t - slowSum - y;
    slowSum = t;
    sameInARow = price === previousClose ? sameInARow + 1 : 1;
    previousClose = price;
    const fastMean = index < fast - 1 ? Number.NaN : sameInARow >= fast ? price : fastSum / fast;
    const slowMean = index < slow - 1 ? Number.NaN : sameInARow >= slow ? price : slowSum / slow;
    if (previousFast < previousSlow && fastMean > slowMean) pending = 1;
    else if (previousFast > previousSlow && fastMean < slowMean) pending = -1;
    previousFast = fastMean;
    previousSlow = slowMean;
  }
  return finalEquity;
}

/** The same loop with naive running sums: quicker, but not the engine's rolling mean (ties can differ). */
export function naiveSmaCross(open: Float64Array, close: Float64Array, fast: number, slow: number, cash: number): number {
  const count = close.length;
  const equity = new Float64Array(count);
  let fastSum = 0;
  let slowSum = 0;
  let previousFast = Number.NaN;
  let previousSlow = Number.NaN;
  let balance = cash;
  let units = 0;
  let entryPrice = 0;
  let pending = 0;
  let finalEquity = cash;
  for (let index = 0; index < count; index++) {
    if (pending !== 0) {
      const price = open[index]!;
      balance += units * (price - entryPrice);
      units = Math.floor(balance / price) * pending;
      entryPrice = price;
      pending = 0;
    }
    const price = close[index]!;
    finalEquity = balance + units * (price - entryPrice);
    equity[index] = finalEquity;
    fastSum += price;
    slowSum += price;
    if (index >= fast) fastSum -= close[index - fast]!;
    if (index >= slow) slowSum -= close[index - slow]!;
    const fastMean = index >= fast - 1 ? fastSum / fast : Number.NaN;
    const slowMean = index >= slow - 1 ? slowSum / slow : Number.NaN;
    if (previousFast < previousSlow && fastMean > slowMean) pending = 1;
    else if (previousFast > previousSlow && fastMean < slowMean) pending = -1;
    previousFast = fastMean;
    previousSlow = slowMean;
  }
  return finalEquity;
}

function best(samples: number[]): number {
  return Math.min(...samples);
}

/** Times `RUNS_PER_ROUND` calls of `run`, in milliseconds. */
function timeRuns(run: () => number, sink: { value: number }): number {
  const started = performance.now();
  for (let count = 0; count < RUNS_PER_ROUND; count++) sink.value += run();
  return performance.now() - started;
}

/**
 * A checkpoint like the worker's TaskContext (src/workers/runtime.ts): a cancel flag and a
 * clock read, and every `yieldEveryMs` a setImmediate yield.
 */
function workerLikeCheckpoint(yieldEveryMs: number): () => Promise<void> {
  let lastYieldAt = performance.now();
  const isCancelled = false;
  return async () => {
    if (isCancelled) throw new Error('cancelled');
    if (performance.now() - lastYieldAt < yieldEveryMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastYieldAt = performance.now();
  };
}

/** Milliseconds per `await checkpoint()`: when no yield is due, and when one is. */
async function checkpointCosts(): Promise<{ callMs: number; yieldMs: number }> {
  const calls = 100_000;
  const yields = 1_000;
  const cheap = workerLikeCheckpoint(Number.POSITIVE_INFINITY);
  const yielding = workerLikeCheckpoint(0);
  const callSamples: number[] = [];
  const yieldSamples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    for (let call = 0; call < calls; call++) await cheap();
    callSamples.push((performance.now() - started) / calls);
    started = performance.now();
    for (let call = 0; call < yields; call++) await yielding();
    yieldSamples.push((performance.now() - started) / yields);
  }
  return { callMs: best(callSamples), yieldMs: best(yieldSamples) };
}

const execFileAsync = promisify(execFile);

/**
 * `benchBacktestEngine` in `processes` fresh processes, one after another, each figure taken
 * at its best across them (its baseline too): V8 compiles the hot loops differently from one
 * process to the next (the ceiling alone ran at 42 M bars/s in one and 76 M in another), so a
 * single process's ratio says as much about how that process compiled as about the engine.
 */
export async function benchAcrossProcesses(processes: number): Promise<BacktestEngineFigure[]> {
  const script = fileURLToPath(import.meta.url);
  const runs: BacktestEngineFigure[][] = [];
  for (let run = 0; run < processes; run++) {
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', script, '--json'], { maxBuffer: 1 << 20 });
    runs.push(JSON.parse(stdout) as BacktestEngineFigure[]);
  }
  return runs[0]!.map((first, index) => {
    const samples = runs.map((figures) => figures[index]!);
    // Throughput is best at its highest; the cancel checks' share of run time at its lowest.
    const isShare = first.unit === '% of run time';
    const value = isShare ? Math.min(...samples.map((figure) => figure.value)) : Math.max(...samples.map((figure) => figure.value));
    const baseline = isShare ? first.baseline.value : Math.max(...samples.map((figure) => figure.baseline.value));
    return { ...first, value, baseline: { ...first.baseline, value: baseline } };
  });
}

export async function benchBacktestEngine(): Promise<BacktestEngineFigure[]> {
  const series = loadSample('GOOG');
  const barCount = series.close.length;
  const bars = prepareBars(series);
  const strategy = prepareStrategy('sma-cross', { fast: FAST, slow: SLOW });
  const broker = prepareBroker({ cash: CASH, commission: 0, spread: 0, finalizeTrades: true });
  const input = { bars: series, strategy: 'sma-cross' as const, params: { fast: FAST, slow: SLOW }, broker };

  const engineEquity = runBacktestSync(input).stats.equityFinal;
  const ceilingEquity = plainSmaCross(series.open, series.close, FAST, SLOW, CASH);
  if (ceilingEquity !== engineEquity) {
    throw new Error(`The ceiling loop ends on ${ceilingEquity}, the engine on ${engineEquity}: they no longer do the same thing.`);
  }

  // Validated bars and what the statistics derive from them alone: what a backtest starts from
  // once a worker has the symbol's bars. The sweep cells' columns are kept in `bars`; single
  // runs keep none, so `singleBars`, which only they use, never has one computed.
  runPreparedBacktest(bars, strategy, broker);
  const singleBars = prepareBars(series);
  runPreparedBacktest(singleBars, strategy, broker);
  // A single run keeps none of the columns it computes; a sweep cell keeps them for the cells after it.
  const barLoop = (prepared: PreparedBars, keepColumns: boolean): number => {
    const simulation = startSimulation(prepared, strategy, broker, { keepColumns });
    simulation.step(Number.POSITIVE_INFINITY);
    return simulation.equity[barCount - 1]!;
  };
  const sink = { value: 0 };
  const samples = {
    plain: [] as number[],
    naive: [] as number[],
    loop: [] as number[],
    loopShared: [] as number[],
    single: [] as number[],
    cell: [] as number[],
    first: [] as number[],
    statistics: [] as number[],
  };
  // A finished run, for the statistics alone: reading it changes nothing, so every round reads the same one.
  const finished = startSimulation(bars, strategy, broker);
  finished.step(Number.POSITIVE_INFINITY);
  for (let round = 0; round < ROUNDS; round++) {
    samples.plain.push(timeRuns(() => plainSmaCross(series.open, series.close, FAST, SLOW, CASH), sink));
    samples.naive.push(timeRuns(() => naiveSmaCross(series.open, series.close, FAST, SLOW, CASH), sink));
    samples.loop.push(timeRuns(() => barLoop(singleBars, false), sink));
    samples.loopShared.push(timeRuns(() => barLoop(bars, true), sink));
    samples.single.push(
      timeRuns(() => {
        const simulation = startSimulation(singleBars, strategy, broker);
        simulation.step(Number.POSITIVE_INFINITY);
        return finishBacktest(singleBars, strategy, simulation).stats.equityFinal;
      }, sink),
    );
    samples.cell.push(
      timeRuns(() => {
        const simulation = startSimulation(bars, strategy, broker, { keepColumns: true });
        simulation.step(Number.POSITIVE_INFINITY);
        return finishStatistics(bars, strategy, simulation).stats.equityFinal;
      }, sink),
    );
    // A new series object (the same columns) is one the engine has not validated yet.
    samples.first.push(timeRuns(() => runBacktestSync({ ...input, bars: { ...series } }).stats.equityFinal, sink));
    samples.statistics.push(timeRuns(() => finishStatistics(bars, strategy, finished).stats.equityFinal, sink));
  }
  if (Number.isNaN(sink.value)) throw new Error('unreachable: keeps the results alive');
  const gridCells = cellsOf(LARGE_GRID);
  const plainGrid = plainCellsPerSecond(gridCells, GRID_ROUNDS);
  const sweepGrid = await inProcessSweepCellsPerSecond(['GOOG'], gridCells);
  const manyCells = cellsOf(README_GRID);
  const plainMany = plainCellsPerSecond(manyCells, GRID_ROUNDS, SAMPLE_SYMBOLS);
  const sweepMany = await inProcessSweepCellsPerSecond(SAMPLE_SYMBOLS, manyCells);

  const barsPerSecond = (milliseconds: number): number => (barCount * RUNS_PER_ROUND) / (milliseconds / 1000);
  const ceiling = { name: 'plain Float64Array loop, same SMA crossover and fills', value: barsPerSecond(best(samples.plain)) };
  const singleRunMs = best(samples.single) / RUNS_PER_ROUND;
  const loopMsPerBar = best(samples.loop) / RUNS_PER_ROUND / barCount;

  // Cancel checks: a long run pays one call per CHECKPOINT_EVERY_BARS bars of bar loop and one
  // yield per ~10 ms; a GOOG-sized run pays two calls (one slice, then the final check).
  const { callMs, yieldMs } = await checkpointCosts();
  const longRunShare = callMs / (CHECKPOINT_EVERY_BARS * loopMsPerBar) + yieldMs / 10;
  const singleRunShare = (2 * callMs) / singleRunMs;
  const checkpointShare = Math.max(longRunShare, singleRunShare) * 100;

  const throughput = (name: string, times: number[]): BacktestEngineFigure => ({
    name,
    value: barsPerSecond(best(times)),
    unit: 'bars/s',
    baseline: ceiling,
  });
  return [
    throughput('backtest engine, bar loop (indicators computed, fills, equity curve)', samples.loop),
    throughput(
      'backtest engine, single run (indicators, bar loop, 32 statistics, curves and trades; bars validated once per series)',
      samples.single,
    ),
    throughput('backtest engine, sweep cell (indicators shared with earlier cells, bar loop, 32 statistics)', samples.cell),
    throughput("backtest engine, bar loop with indicators shared (a sweep cell's loop)", samples.loopShared),
    throughput('backtest engine, first run on a series (validation, indicators, bar loop, 32 statistics)', samples.first),
    {
      key: 'large-grid',
      name: `backtest engine, sweep of ${gridCells.length.toLocaleString('en-US')} cells in-process (as a worker runs them, statistics only; nothing stored or sent; best of ${GRID_ROUNDS})`,
      value: sweepGrid,
      unit: 'cells/s',
      baseline: { name: `plain Float64Array loop over the same cells (best of ${GRID_ROUNDS})`, value: plainGrid },
    },
    {
      name:
        `backtest engine, sweep of ${manyCells.length} cells over ${SAMPLE_SYMBOLS.length} symbols in-process ` +
        `(each symbol's account, then the combined one; statistics only; best of ${GRID_ROUNDS})`,
      value: sweepMany,
      unit: 'cells/s',
      baseline: { name: `plain Float64Array loop over the same cells, on each symbol (best of ${GRID_ROUNDS})`, value: plainMany },
    },
    throughput('plain loop with naive running sums (not the same rolling mean; for reference)', samples.naive),
    // Work a run does and the ceiling does not: a single run's time is at least the bar loop's plus this.
    throughput('statistics alone, of a finished run (32 statistics, which the ceiling does not compute; for reference)', samples.statistics),
    {
      name:
        `backtest cancel checks, every ${CHECKPOINT_EVERY_BARS} bars ` +
        `(${(callMs * 1e6).toFixed(0)} ns a check, ${(yieldMs * 1000).toFixed(1)} µs a yield)`,
      value: checkpointShare,
      unit: '% of run time',
      baseline: { name: 'ceiling', value: 2 },
    },
  ];
}

/** `--json`: the figures as JSON on stdout, for `benchAcrossProcesses`. */
async function main(): Promise<void> {
  const figures = await benchBacktestEngine();
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(figures));
    return;
  }
  for (const figure of figures) {
    const ratio = figure.value / figure.baseline.value;
    console.log(
      `${figure.name}: ${figure.value.toPrecision(4)} ${figure.unit} | ${figure.baseline.name}: ` +
        `${figure.baseline.value.toPrecision(4)} | ratio ${ratio.toFixed(3)}`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
