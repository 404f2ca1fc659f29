/**
 * `npm run bench`: the job runtime's performance figures, each beside a baseline
 * measured in the same run (these machines are shared and noisy: ratios travel,
 * absolute numbers less so). Prints a table and writes bench/results/latest.json.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { JobRecord } from '../src/shared/job';
import { scheduleCheckpoints } from '../src/main/store/checkpoints';
import { openTrackingStore } from '../src/main/store/connection';
import { insertRun } from '../src/main/store/backtests';
import { insertJob } from '../src/main/store/jobs';
import { fullRunOutcome } from '../src/main/store/test-helpers';
import { openMarketStore } from '../src/main/store/market/connection';
import { upsertBars } from '../src/main/store/market/bars';
import { parseBarCsv } from '../src/workers/tasks/csv';
import { makeTempDir, SAMPLE_DATA_DIR, startTestApp } from '../src/main/test-support';
import { benchAcrossProcesses, cellsOf, LARGE_GRID, plainCellsPerSecond, README_GRID } from './backtest-engine';
import { TRACKING_DB_FILE } from '../src/main/services/data-dir';
import { writeSyntheticCsv } from './synthetic-csv';

interface Figure {
  name: string;
  value: number;
  unit: string;
  target: string;
  isMet: boolean;
  baseline: { name: string; value: number };
  /** value / baseline.value */
  ratio: number;
}

const figures: Figure[] = [];

function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** What a figure must reach: at most or at least a value in its unit, at least a ratio to its baseline, or nothing (shown for context). */
type Target = { atMost: number } | { atLeast: number } | { ratioAtLeast: number } | null;

function record(figure: Omit<Figure, 'ratio' | 'target' | 'isMet'>, target: Target): void {
  const ratio = figure.value / figure.baseline.value;
  const [text, isMet] =
    target === null
      ? ['—', true]
      : 'atMost' in target
        ? [`≤ ${format(target.atMost, figure.unit)}`, figure.value <= target.atMost]
        : 'atLeast' in target
          ? [`≥ ${format(target.atLeast, figure.unit)}`, figure.value >= target.atLeast]
          : [`≥ ${target.ratioAtLeast}× its baseline`, ratio >= target.ratioAtLeast];
  figures.push({ ...figure, target: text, isMet, ratio });
}

function finishedJob(index: number): JobRecord {
  const at = new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString();
  return {
    id: randomUUID(),
    kind: 'diagnostics/sleep',
    params: { durationMs: 0, units: 1 },
    status: 'succeeded',
    progress: { fraction: 1, message: 'Done', phase: 'running' },
    warnings: [],
    error: null,
    result: { units: 1, skippedUnits: 0 },
    createdAt: at,
    startedAt: at,
    finishedAt: at,
    cancelReason: null,
  };
}

async function submitLatency(): Promise<void> {
  const dataDir = makeTempDir('quantdesk-bench-');
  const db = openTrackingStore(join(dataDir, TRACKING_DB_FILE));
  // Checkpoints run off the write path in the app; the baseline gets the same treatment.
  const stopCheckpoints = scheduleCheckpoints(db);
  const rawInsert: number[] = [];
  db.transaction(() => {
    for (let index = 0; index < 10_000; index++) insertJob(db, finishedJob(index));
  })();
  for (let index = 0; index < 1000; index++) {
    const job = finishedJob(10_000 + index);
    const started = performance.now();
    insertJob(db, job);
    rawInsert.push(performance.now() - started);
  }
  await stopCheckpoints();
  db.close();

  const harness = await startTestApp({ dataDir, concurrency: 2, queueLimit: 20 });
  try {
    // Keep both workers busy so submitted jobs stay queued, then submit and cancel-queued in turns.
    const blockers = [];
    for (let index = 0; index < 2; index++) {
      blockers.push(await harness.invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 600_000 } }));
    }
    for (const blocker of blockers) await harness.waitForStatus(blocker.id, ['running']);
    const samples: number[] = [];
    for (let round = 0; round < 100; round++) {
      const ids: string[] = [];
      for (let index = 0; index < 10; index++) {
        const started = performance.now();
        const envelope = await harness.app.dispatch('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
        samples.push(performance.now() - started);
        if (!envelope.ok) throw new Error(envelope.error.message);
        ids.push(envelope.data.id);
      }
      for (const id of ids) await harness.invoke('jobs/cancel', { id });
    }
    const p99 = percentile(samples, 0.99);
    record(
      {
        name: 'submit latency p99 (11,000+ jobs stored)',
        value: p99,
        unit: 'ms',
        baseline: { name: 'raw SQLite insert of a job row p99', value: percentile(rawInsert, 0.99) },
      },
      { atMost: 5 },
    );
    record(
      {
        name: 'submit latency median',
        value: percentile(samples, 0.5),
        unit: 'ms',
        baseline: { name: 'raw SQLite insert of a job row median', value: percentile(rawInsert, 0.5) },
      },
      null,
    );
    for (const blocker of blockers) await harness.invoke('jobs/cancel', { id: blocker.id });
  } finally {
    await harness.close();
  }
}

async function cancelLatency(): Promise<void> {
  const harness = await startTestApp({ concurrency: 2 });
  try {
    const roundTrips: number[] = [];
    for (let index = 0; index < 30; index++) {
      const started = performance.now();
      const job = await harness.invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
      await harness.waitForTerminal(job.id);
      roundTrips.push(performance.now() - started);
    }
    const samples: number[] = [];
    for (let index = 0; index < 50; index++) {
      const job = await harness.invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 600_000, units: 1000 } });
      await harness.waitForStatus(job.id, ['running']);
      const terminal = harness.waitForTerminal(job.id);
      const started = performance.now();
      await harness.invoke('jobs/cancel', { id: job.id });
      await terminal; // published only after the cancelled status is saved
      samples.push(performance.now() - started);
    }
    const p99 = percentile(samples, 0.99);
    record(
      {
        name: 'cancel latency p99 (request → worker stopped, status saved)',
        value: p99,
        unit: 'ms',
        baseline: { name: 'whole round trip of a no-op job p99', value: percentile(roundTrips, 0.99) },
      },
      { atMost: 100 },
    );
    record(
      {
        name: 'cancel latency median',
        value: percentile(samples, 0.5),
        unit: 'ms',
        baseline: { name: 'whole round trip of a no-op job median', value: percentile(roundTrips, 0.5) },
      },
      null,
    );
  } finally {
    await harness.close();
  }
}

/** Main's event-loop lag p99 (ms) while `during` runs, for at least `durationMs`. */
async function measureLag(durationMs: number, during: () => Promise<void>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await Promise.all([during(), new Promise((resolve) => setTimeout(resolve, durationMs))]);
  histogram.disable();
  return histogram.percentile(99) / 1e6;
}

async function progressLag(): Promise<void> {
  const harness = await startTestApp({ concurrency: 4 });
  try {
    const idle = await measureLag(3000, async () => {});
    const flooded = await measureLag(0, async () => {
      const jobs = [];
      for (let index = 0; index < 4; index++) {
        jobs.push(
          await harness.invoke('jobs/submit', {
            kind: 'diagnostics/progress-flood',
            params: { events: 30_000, ratePerSecond: 10_000 },
          }),
        );
      }
      for (const job of jobs) {
        const finished = await harness.waitForTerminal(job.id);
        if (finished.status !== 'succeeded') throw new Error(`flood job ${finished.status}`);
      }
    });
    record(
      {
        name: 'main event-loop lag p99, 4 jobs × 10,000 progress events/s',
        value: flooded,
        unit: 'ms',
        baseline: { name: 'same app idle, lag p99', value: idle },
      },
      { atMost: 20 },
    );
  } finally {
    await harness.close();
  }
}

/** p99 of `samples` calls of `run`, in milliseconds, after one warm-up call. */
async function callLatencyP99(samples: number, run: (index: number) => unknown): Promise<number> {
  await run(0);
  const times: number[] = [];
  for (let index = 0; index < samples; index++) {
    const started = performance.now();
    await run(index);
    times.push(performance.now() - started);
  }
  return percentile(times, 0.99);
}

/**
 * What the Jobs and Backtests pages ask for as the user pages, sorts and filters, with
 * 10,000 jobs and 10,000 runs stored: one page of 100 through the app's command path
 * (validation, the store's query, the summaries), beside SQLite reading 100 rows raw.
 */
async function listingLatency(): Promise<void> {
  const stored = 10_000;
  const dataDir = makeTempDir('quantdesk-bench-');
  const db = openTrackingStore(join(dataDir, TRACKING_DB_FILE));
  db.transaction(() => {
    for (let index = 0; index < stored; index++) {
      insertJob(db, { ...finishedJob(index), status: index % 7 === 0 ? 'failed' : 'succeeded' });
      const createdAt = new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString();
      insertRun(db, { id: `run-${index}`, jobId: `job-${index}`, sweepId: null, name: `run ${index}`, outcome: fullRunOutcome({ fast: (index * 7919) % 10_007 }), createdAt });
    }
  })();
  const rawPage = (table: string) => {
    const statement = db.prepare(`SELECT * FROM ${table} ORDER BY rowid DESC LIMIT 100`);
    return callLatencyP99(200, () => statement.all());
  };
  const rawJobs = await rawPage('jobs');
  const rawRuns = await rawPage('backtests');
  db.close();

  const harness = await startTestApp({ dataDir, concurrency: 1 });
  const list = async (command: 'jobs/list' | 'backtests/list', request: Record<string, unknown>): Promise<void> => {
    const envelope = await harness.app.dispatch(command, request);
    if (!envelope.ok) throw new Error(envelope.error.message);
  };
  try {
    // Up to the last page of failed jobs (1,429 of them).
    const jobOffsets = [0, 100, 1000, 1400];
    const jobPages = await callLatencyP99(200, (index) =>
      list('jobs/list', { ...(index % 2 ? { statuses: ['failed', 'partial'] } : {}), limit: 100, offset: jobOffsets[index % jobOffsets.length] }),
    );
    const pages = [0, 100, 1000, 5000, 9900];
    const sortKeys = ['createdAt', 'sharpeRatio', 'returnPct', 'maxDrawdownPct', 'tradeCount'];
    const runPages = await callLatencyP99(200, (index) =>
      list('backtests/list', {
        sortBy: sortKeys[index % sortKeys.length],
        direction: index % 3 ? 'desc' : 'asc',
        ...(index % 4 === 1 ? { symbol: 'GOOG' } : {}),
        limit: 100,
        offset: pages[index % pages.length],
      }),
    );
    record(
      {
        name: 'jobs/list page of 100, 10,000 jobs stored, p99 (by status, paged)',
        value: jobPages,
        unit: 'ms',
        baseline: { name: 'SQLite reading 100 job rows raw, p99', value: rawJobs },
      },
      { atMost: 30 },
    );
    record(
      {
        name: 'backtests/list page of 100, 10,000 runs stored, p99 (sorted by a statistic, filtered, paged)',
        value: runPages,
        unit: 'ms',
        baseline: { name: 'SQLite reading 100 run rows raw, p99', value: rawRuns },
      },
      { atMost: 30 },
    );
  } finally {
    await harness.close();
  }
}

async function importThroughput(): Promise<void> {
  const dataDir = makeTempDir('quantdesk-bench-');
  const rows = 1_000_000;
  // More daily rows than one symbol's past holds (imports refuse future dates), so two files.
  const symbols = ['BENCHA', 'BENCHB'];
  const csvPaths = symbols.map((symbol) => writeSyntheticCsv(join(dataDir, `${symbol}.csv`), rows / symbols.length));

  const baselineDb = openMarketStore(join(dataDir, 'baseline.sqlite'));
  const started = performance.now();
  for (const [index, symbol] of symbols.entries()) {
    const csvPath = csvPaths[index]!;
    const bars = parseBarCsv(`${symbol}.csv`, readFileSync(csvPath, 'utf8'));
    baselineDb.transaction(() => upsertBars(baselineDb, symbol, bars, csvPath))();
  }
  const baselineRowsPerSecond = rows / ((performance.now() - started) / 1000);
  baselineDb.close();

  const harness = await startTestApp({ dataDir, concurrency: 1 });
  try {
    const job = await harness.invoke('jobs/submit', { kind: 'data/import', params: { paths: csvPaths } });
    const finished = await harness.waitForTerminal(job.id);
    if (finished.status !== 'succeeded') throw new Error(`import ${finished.status}: ${finished.error?.message}`);
    const seconds = (Date.parse(finished.finishedAt!) - Date.parse(finished.startedAt!)) / 1000;
    const rowsPerSecond = rows / seconds;
    record(
      {
        name: 'import throughput (1,000,000 rows in 2 CSV files, as a job)',
        value: rowsPerSecond,
        unit: 'rows/s',
        baseline: { name: 'parse + one-transaction upsert in-process, no job', value: baselineRowsPerSecond },
      },
      { atLeast: 200_000 },
    );
  } finally {
    await harness.close();
  }
}

/** Fresh processes the engine figures are measured in, each figure at its best across them. */
const ENGINE_PROCESSES = 5;

/**
 * The plain loop's best over the stored sweep's grid in the engine's fresh processes (0 until
 * `backtestEngine` has run): the stored sweep's ceiling too, at its best wherever it ran.
 */
let plainGridAcrossProcesses = 0;
/** The engine's in-process sweep over the same grid, in cells/s (0 until `backtestEngine` has run). */
let engineGridAcrossProcesses = 0;

async function backtestEngine(): Promise<void> {
  for (const figure of await benchAcrossProcesses(ENGINE_PROCESSES)) {
    if (figure.key === 'large-grid') {
      plainGridAcrossProcesses = figure.baseline.value;
      engineGridAcrossProcesses = figure.value;
    }
    // Issue #3's target: the engine at >= 0.3x the plain loop (bar loop and whole runs alike).
    const isBarLoop = figure.name.startsWith('backtest engine,');
    const isCancelCost = figure.unit === '% of run time';
    record(figure, isBarLoop ? { ratioAtLeast: 0.3 } : isCancelCost ? { atMost: 2 } : null);
  }
}

/**
 * Rounds of each sweep figure, best taken. One round of the plain loop over 2,015 cells
 * varies from ~13,000 to ~37,000 cells/s on these shared machines; the engine's sweeps vary
 * as much, so both sides take the best of as many rounds.
 */
const SWEEP_ROUNDS = 3;

async function sweepThroughput(): Promise<void> {
  // The README's example grid (175 cells), then a larger one (2,015 cells) for the steady state.
  const readmeCells = cellsOf(README_GRID);
  const largeCells = cellsOf(LARGE_GRID);
  const plainReadme = plainCellsPerSecond(readmeCells, 1);
  // V8 compiles the plain loop anywhere from ~10,000 to ~37,000 cells/s from one process to the
  // next: a ceiling that happened to compile slowly here would flatter the stored sweep.
  const plainLarge = Math.max(plainCellsPerSecond(largeCells, SWEEP_ROUNDS), plainGridAcrossProcesses);

  const harness = await startTestApp({ concurrency: 2, sampleDataDir: SAMPLE_DATA_DIR });
  try {
    const sample = await harness.waitForEvent('job/updated', (job) => job.kind === 'data/import');
    await harness.waitForTerminal(sample.id);
    const runSweep = async (params: Record<string, unknown>) => {
      const job = await harness.invoke('jobs/submit', { kind: 'backtest/sweep', params: { strategy: 'sma-cross', constraint: 'fast < slow', ...params } });
      const finished = await harness.waitForTerminal(job.id);
      if (finished.status !== 'succeeded') throw new Error(`sweep ${finished.status}: ${finished.error?.message}`);
      return finished;
    };
    const cellsPerSecond = (job: JobRecord, cells: number): number => cells / ((Date.parse(job.finishedAt!) - Date.parse(job.startedAt!)) / 1000);
    const largeBaseline = {
      name: `plain Float64Array loop per cell, in-process, nothing stored (best of ${SWEEP_ROUNDS} here${plainGridAcrossProcesses > 0 ? ` and in ${ENGINE_PROCESSES} fresh processes` : ''})`,
      value: plainLarge,
    };

    const first = await runSweep({ symbols: ['GOOG'], grid: README_GRID, maximize: 'sharpeRatio' });
    record(
      {
        name: `sweep throughput, first sweep after start: ${readmeCells.length} cells of sma-cross on GOOG over 2 workers, stored`,
        value: cellsPerSecond(first, readmeCells.length),
        unit: 'cells/s',
        baseline: { name: 'plain Float64Array loop per cell, in-process, nothing stored (best of 1)', value: plainReadme },
      },
      null,
    );
    let largeValue = 0;
    let cpu = { main: Infinity, workers: Infinity };
    for (let round = 0; round < SWEEP_ROUNDS; round++) {
      const mainBefore = process.cpuUsage();
      const workersBefore = childProcessesCpuMicros();
      const large = await runSweep({ symbols: ['GOOG'], grid: LARGE_GRID, maximize: 'sharpeRatio' });
      const mainUsed = process.cpuUsage(mainBefore);
      const workersAfter = childProcessesCpuMicros();
      const value = cellsPerSecond(large, largeCells.length);
      if (value > largeValue) {
        largeValue = value;
        cpu = {
          main: (mainUsed.user + mainUsed.system) / largeCells.length,
          workers: workersBefore === null || workersAfter === null ? Number.NaN : (workersAfter - workersBefore) / largeCells.length,
        };
      }
    }
    record(
      {
        name: `sweep throughput: ${largeCells.length} cells of sma-cross on GOOG over 2 workers, stored (best of ${SWEEP_ROUNDS} sweeps)`,
        value: largeValue,
        unit: 'cells/s',
        baseline: largeBaseline,
      },
      { ratioAtLeast: 0.3 },
    );
    // Where the stored sweep's time goes: each side's CPU per cell, beside the engine's own time per cell.
    if (engineGridAcrossProcesses > 0) {
      const engineCell = { name: 'the engine alone per cell, in-process (the 2,015-cell sweep above)', value: 1e6 / engineGridAcrossProcesses };
      record({ name: `stored sweep, main's CPU per cell (receiving and storing; fastest of the ${SWEEP_ROUNDS} sweeps)`, value: cpu.main, unit: 'µs', baseline: engineCell }, null);
      if (Number.isFinite(cpu.workers)) {
        record({ name: `stored sweep, the workers' CPU per cell (engine, sending; same sweep)`, value: cpu.workers, unit: 'µs', baseline: engineCell }, null);
      }
    }

    // Short fast averages trade most: cells with hundreds of trades per symbol are main's costliest to store.
    const idle = await measureLag(3000, async () => {});
    const during = await measureLag(0, async () => {
      await runSweep({ symbols: ['GOOG', 'NVDA'], grid: { fast: { start: 2, end: 20, step: 1 }, slow: { start: 5, end: 60, step: 5 } } });
    });
    record(
      {
        name: 'main event-loop lag p99 during a 194-cell two-symbol sweep over 2 workers (up to ~1,300 trades a cell)',
        value: during,
        unit: 'ms',
        baseline: { name: 'same app idle, lag p99', value: idle },
      },
      { atMost: 20 },
    );
  } finally {
    await harness.close();
  }
}

/**
 * CPU time of this process's children (the workers), in µs, from /proc; null where there is
 * no /proc (not Linux). Counted in clock ticks, so a 2,015-cell sweep reads to ~5 µs a cell.
 */
function childProcessesCpuMicros(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // The process ended while the list was read.
    }
    // Fields after the command's closing parenthesis: state, ppid, …; utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === process.pid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1e6) / CLOCK_TICKS_PER_SECOND;
}

/** Linux's USER_HZ, what /proc counts CPU time in: 100 on x86 and ARM. */
const CLOCK_TICKS_PER_SECOND = 100;

function format(value: number, unit: string): string {
  if (unit === 'rows/s' || unit === 'bars/s' || unit === 'cells/s') return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
  return `${value.toFixed(2)} ${unit}`;
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const suites: Record<string, () => Promise<void>> = {
    submitLatency,
    cancelLatency,
    progressLag,
    listingLatency,
    importThroughput,
    backtestEngine,
    sweepThroughput,
  };
  for (const [name, suite] of Object.entries(suites)) {
    if (only && only !== name) continue;
    process.stderr.write(`running ${name}…\n`);
    await suite();
  }
  const rows = figures.map((figure) => ({
    figure: figure.name,
    value: format(figure.value, figure.unit),
    target: figure.target,
    met: figure.isMet ? 'yes' : 'NO',
    baseline: `${figure.baseline.name}: ${format(figure.baseline.value, figure.unit)}`,
    ratio: `${figure.ratio.toFixed(2)}×`,
  }));
  console.table(rows);
  const resultsDir = join(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const output = { at: new Date().toISOString(), node: process.version, figures };
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(output, null, 2)}\n`);
  process.stderr.write(`wrote ${join(resultsDir, 'latest.json')}\n`);
}

await main();
