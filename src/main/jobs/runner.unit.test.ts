import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayloads } from '../../shared/contract';
import { isTerminalStatus, type JobRecord } from '../../shared/job';
import { jobFixture } from '../../shared/job-fixture';
import type { MainToWorker, WorkerToMain } from '../../shared/worker-protocol';
import { EventHub } from '../services/event-hub';
import { createLogging } from '../services/logging';
import { completedUnits } from '../store/completed-units';
import { openTrackingStore, type TrackingDb } from '../store/connection';
import { getJob, insertJob } from '../store/jobs';
import { diagnosticsFanOutHooks } from './diagnostics-hooks';
import type { KindHookMap } from './kind-hooks';
import { JobRunner } from './runner';
import type { WorkerPool } from './worker-pool';

type RunMessage = Extract<MainToWorker, { type: 'run' }>;

/** One worker that does nothing: each test writes its messages. */
class ScriptedPool {
  readonly cancelled: string[] = [];
  /** Lease ids in the order the runner handed them out. */
  readonly runs: string[] = [];
  /** What the real pool calls when a worker becomes idle. */
  onIdle: () => void = () => {};
  private running: string | null = null;
  private onRun: ((message: RunMessage) => void) | null = null;

  get idleCount(): number {
    return this.running === null ? 1 : 0;
  }

  /** The next chunk (or job) the runner hands out. */
  nextRun(): Promise<RunMessage> {
    return new Promise((resolve) => (this.onRun = resolve));
  }

  run(message: RunMessage): boolean {
    this.running = message.jobId;
    this.runs.push(message.jobId);
    this.onRun?.(message);
    return true;
  }

  /** Like the real pool's: only the lease the worker is running frees it. */
  release(leaseId: string): void {
    if (this.running !== leaseId) return;
    this.running = null;
    this.onIdle();
  }

  cancel(leaseId: string): void {
    this.cancelled.push(leaseId);
  }

  kill(): void {}
}

/** Counts events published while the tracking store has a transaction open (uncommitted). */
class CheckingHub extends EventHub {
  publishedInTransaction = 0;

  constructor(private readonly db: TrackingDb) {
    super();
  }

  override publish<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    if (this.db.inTransaction) this.publishedInTransaction++;
    super.publish(name, payload);
  }
}

let directory: string;
let db: TrackingDb;
/** A second connection: it sees only what the runner has committed. */
let reader: Database.Database;
let hub: CheckingHub;
let pool: ScriptedPool;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-runner-'));
  db = openTrackingStore(path.join(directory, 'tracking.sqlite'));
  reader = new Database(path.join(directory, 'tracking.sqlite'), { readonly: true });
  hub = new CheckingHub(db);
  pool = new ScriptedPool();
  // Time stands still, so a burst is never cut short by the slice's time budget.
  vi.useFakeTimers({ toFake: ['performance'] });
});

afterEach(() => {
  vi.useRealTimers();
  reader.close();
  db.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

function createRunner(hooks: KindHookMap, logger: pino.Logger = pino({ level: 'silent' })): JobRunner {
  return new JobRunner({
    db, hub, logger, marketDbPath: 'unused', queueLimit: 5, concurrency: 1,
    cancelGraceMs: 60_000, enableDiagnostics: true, hooks,
  });
}

function startRunner(hooks: KindHookMap, logger?: pino.Logger): JobRunner {
  const runner = createRunner(hooks, logger);
  runner.attachPool(pool as unknown as WorkerPool);
  pool.onIdle = () => runner.pump();
  return runner;
}

function waitForTerminal(jobId: string): Promise<JobRecord> {
  return new Promise((resolve) => {
    hub.subscribe((event) => {
      if (event.name === 'job/updated' && event.payload.id === jobId && isTerminalStatus(event.payload.status)) resolve(event.payload);
    });
  });
}

/** Submits a fan-out job of `units` units (one chunk unless told) and waits until a worker has its first chunk. */
async function startFanOut(
  runner: JobRunner,
  units: number,
  chunkSize = units,
): Promise<{ job: JobRecord; leaseId: string; finished: Promise<JobRecord> }> {
  const dispatched = pool.nextRun();
  const job = runner.submit({ kind: 'diagnostics/fan-out', params: { units, unitMs: 0, chunkSize } });
  const finished = waitForTerminal(job.id);
  return { job, leaseId: (await dispatched).jobId, finished };
}

function unitMessage(leaseId: string, unit: number): WorkerToMain {
  return { type: 'units', jobId: leaseId, units: [{ unit: String(unit), outcome: { unit } }] };
}

const committedUnits = (jobId: string): number =>
  reader.prepare('SELECT count(*) FROM completed_units WHERE job_id = ?').pluck().get(jobId) as number;

describe('job runner: finished units', () => {
  it('stores a burst of units in order in one transaction, and publishes nothing before it is committed', async () => {
    const stored: Array<{ unit: string; committedBefore: number }> = [];
    const runner = startRunner({
      'diagnostics/fan-out': {
        ...diagnosticsFanOutHooks,
        onUnit: (job, unit, outcome) => {
          stored.push({ unit, committedBefore: committedUnits(job.id) });
          return outcome;
        },
      },
    });
    const { job, leaseId, finished } = await startFanOut(runner, 40);
    for (let unit = 0; unit < 40; unit++) runner.handleWorkerMessage(unitMessage(leaseId, unit));
    runner.handleWorkerMessage({ type: 'result', jobId: leaseId, status: 'succeeded', result: null });

    const done = await finished;
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ totalUnits: 40, completedUnits: 40, failedUnits: [] });
    expect(stored.map((call) => call.unit)).toEqual(Array.from({ length: 40 }, (_, unit) => String(unit)));
    expect(stored.every((call) => call.committedBefore === 0)).toBe(true);
    expect(completedUnits(db, job.id)).toEqual(Object.fromEntries(Array.from({ length: 40 }, (_, unit) => [String(unit), { unit }])));
    expect(hub.publishedInTransaction).toBe(0);
  });

  it("hands the worker its next chunk when the last one's result arrives, before that chunk's units are stored", async () => {
    const runner = startRunner({ 'diagnostics/fan-out': diagnosticsFanOutHooks });
    const { job, leaseId: firstLease, finished } = await startFanOut(runner, 4, 2);
    for (const unit of [0, 1]) runner.handleWorkerMessage(unitMessage(firstLease, unit));
    runner.handleWorkerMessage({ type: 'result', jobId: firstLease, status: 'succeeded', result: null });

    expect(pool.runs).toHaveLength(2);
    expect(committedUnits(job.id)).toBe(0);
    const secondLease = pool.runs[1]!;
    for (const unit of [2, 3]) runner.handleWorkerMessage(unitMessage(secondLease, unit));
    runner.handleWorkerMessage({ type: 'result', jobId: secondLease, status: 'succeeded', result: null });

    const done = await finished;
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ totalUnits: 4, completedUnits: 4, failedUnits: [] });
    expect(Object.keys(completedUnits(db, job.id)).sort()).toEqual(['0', '1', '2', '3']);
    expect(pool.idleCount).toBe(1);
  });

  it('keeps the rest of a burst when one unit cannot be stored, and fails that unit saying why', async () => {
    const runner = startRunner({
      'diagnostics/fan-out': {
        ...diagnosticsFanOutHooks,
        onUnit: (_job, unit, outcome) => {
          if (unit === '2') throw new Error('disk on fire');
          return outcome;
        },
      },
    });
    const { job, leaseId, finished } = await startFanOut(runner, 6);
    for (let unit = 0; unit < 6; unit++) runner.handleWorkerMessage(unitMessage(leaseId, unit));
    runner.handleWorkerMessage({ type: 'result', jobId: leaseId, status: 'succeeded', result: null });

    const done = await finished;
    expect(done.status).toBe('partial');
    expect(done.result).toEqual({
      totalUnits: 6,
      completedUnits: 5,
      failedUnits: [{ unit: '2', reason: 'Its result could not be stored: disk on fire' }],
    });
    expect(done.progress.message).toBe('6 of 6 units, 1 failed');
    expect(Object.keys(completedUnits(db, job.id)).sort()).toEqual(['0', '1', '3', '4', '5']);
    expect(hub.publishedInTransaction).toBe(0);
  });

  it('warns when a unit of a single-worker job cannot be recorded', async () => {
    const runner = startRunner({
      'diagnostics/sleep': {
        onUnit: () => {
          throw new Error('disk on fire');
        },
      },
    });
    const dispatched = pool.nextRun();
    const job = runner.submit({ kind: 'diagnostics/sleep', params: { durationMs: 0, units: 1 } });
    const finished = waitForTerminal(job.id);
    const { jobId } = await dispatched;
    runner.handleWorkerMessage({ type: 'units', jobId, units: [{ unit: '0', outcome: null }] });
    runner.handleWorkerMessage({ type: 'result', jobId, status: 'succeeded', result: { units: 1 } });

    const done = await finished;
    expect(done.status).toBe('succeeded');
    expect(done.warnings).toEqual(['Unit 0 finished but could not be recorded (disk on fire); a resumed run does it again.']);
    expect(completedUnits(db, job.id)).toEqual({});
  });

  it('keeps every unit a crashed worker reported before it died', async () => {
    const runner = startRunner({ 'diagnostics/fan-out': diagnosticsFanOutHooks });
    const { job, leaseId, finished } = await startFanOut(runner, 6);
    for (let unit = 0; unit < 4; unit++) runner.handleWorkerMessage(unitMessage(leaseId, unit));
    runner.handleWorkerLost(leaseId, 'exit code 70');

    const done = await finished;
    expect(done.status).toBe('partial');
    const reason = 'The worker process running this job stopped unexpectedly (exit code 70).';
    expect(done.result).toEqual({ totalUnits: 6, completedUnits: 4, failedUnits: [{ unit: '4', reason }, { unit: '5', reason }] });
    expect(Object.keys(completedUnits(db, job.id)).sort()).toEqual(['0', '1', '2', '3']);
  });

  it('keeps every unit reported before a cancelled job stopped', async () => {
    const runner = startRunner({ 'diagnostics/fan-out': diagnosticsFanOutHooks });
    const { job, leaseId, finished } = await startFanOut(runner, 6);
    for (let unit = 0; unit < 3; unit++) runner.handleWorkerMessage(unitMessage(leaseId, unit));
    runner.cancel(job.id);
    runner.handleWorkerMessage({ type: 'cancelled', jobId: leaseId });

    const done = await finished;
    expect(done.status).toBe('cancelled');
    expect(pool.cancelled).toEqual([leaseId]);
    expect(done.warnings).toEqual(['Cancelled after 3 of 6 units; the finished ones are kept.']);
    expect(Object.keys(completedUnits(db, job.id)).sort()).toEqual(['0', '1', '2']);
  });
});

describe('job runner: warnings', () => {
  it('keeps each text once, however many chunks send it', async () => {
    const runner = startRunner({ 'diagnostics/fan-out': diagnosticsFanOutHooks });
    const { leaseId, finished } = await startFanOut(runner, 2);
    for (let copy = 0; copy < 3; copy++) runner.handleWorkerMessage({ type: 'warning', jobId: leaseId, message: 'No price data for NOPE.' });
    runner.handleWorkerMessage({ type: 'warning', jobId: leaseId, message: 'Another warning.' });
    for (let unit = 0; unit < 2; unit++) runner.handleWorkerMessage(unitMessage(leaseId, unit));
    runner.handleWorkerMessage({ type: 'result', jobId: leaseId, status: 'succeeded', result: null });
    expect((await finished).warnings).toEqual(['No price data for NOPE.', 'Another warning.']);
  });
});

describe('job runner: log', () => {
  it('logs a failed job as an error with its reason, found by searching for it', async () => {
    const { logger, ring } = await createLogging();
    const runner = startRunner({}, logger);
    const dispatched = pool.nextRun();
    const job = runner.submit({ kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    const finished = waitForTerminal(job.id);
    const { jobId } = await dispatched;
    runner.handleWorkerMessage({ type: 'failed', jobId, error: { kind: 'invalid', message: 'BAD.csv line 3: Close is not a number ("abc")' } });
    await finished;

    expect(ring.tail({ search: 'close is not a number' })).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'Job failed: BAD.csv line 3: Close is not a number ("abc")',
        fields: { jobId: job.id, kind: 'diagnostics/sleep', status: 'failed', reason: 'invalid' },
      }),
    ]);
  });

  it('logs a partial job as a warning with its warning count, and a succeeded one as info', async () => {
    const { logger, ring } = await createLogging();
    const runner = startRunner({ 'diagnostics/fan-out': diagnosticsFanOutHooks }, logger);
    const succeeded = await startFanOut(runner, 1);
    runner.handleWorkerMessage(unitMessage(succeeded.leaseId, 0));
    runner.handleWorkerMessage({ type: 'result', jobId: succeeded.leaseId, status: 'succeeded', result: null });
    await succeeded.finished;
    // Last: its worker is lost, and the scripted pool has no other.
    const partial = await startFanOut(runner, 4);
    runner.handleWorkerMessage({ type: 'warning', jobId: partial.leaseId, message: 'No price data for NOPE.' });
    for (let unit = 0; unit < 3; unit++) runner.handleWorkerMessage(unitMessage(partial.leaseId, unit));
    runner.handleWorkerLost(partial.leaseId, 'exit code 70');
    await partial.finished;

    const finishes = ring
      .tail()
      .filter((entry) => entry.message.startsWith('Job '))
      .map(({ level, message, fields }) => ({ level, message, fields }));
    expect(finishes).toEqual([
      { level: 'info', message: 'Job succeeded', fields: { jobId: succeeded.job.id, kind: 'diagnostics/fan-out', status: 'succeeded' } },
      { level: 'warn', message: 'Job partial', fields: { jobId: partial.job.id, kind: 'diagnostics/fan-out', status: 'partial', warnings: 1 } },
    ]);
  });

  it('logs a submit refused for a full queue as a warning with its kind', async () => {
    const { logger, ring } = await createLogging();
    // No pool: every job waits in the queue (limit 5).
    const runner = createRunner({}, logger);
    for (let index = 0; index < 5; index++) runner.submit({ kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    expect(() => runner.submit({ kind: 'diagnostics/sleep', params: { durationMs: 0 } })).toThrow(expect.objectContaining({ kind: 'queue_full' }));

    expect(ring.tail({ minLevel: 'warn' })).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'Refused a job: the queue is full',
        fields: { kind: 'diagnostics/sleep', waiting: 5, limit: 5 },
      }),
    ]);
  });
});

describe('job runner: start-up recovery', () => {
  it('keeps a job cancelled that the app stopped while it was being cancelled, with the units it had finished', async () => {
    const finishedHook = vi.fn();
    const hooks: KindHookMap = { 'diagnostics/fan-out': { ...diagnosticsFanOutHooks, onFinished: finishedHook } };
    const crashed = startRunner(hooks);
    const { job, leaseId } = await startFanOut(crashed, 6);
    // Units are stored before the progress that counts them is published.
    const stored = new Promise<void>((resolve) =>
      hub.subscribe((event) => {
        if (event.name === 'job/progress' && event.payload.id === job.id && event.payload.progress.fraction >= 2 / 6) resolve();
      }),
    );
    for (let unit = 0; unit < 2; unit++) crashed.handleWorkerMessage(unitMessage(leaseId, unit));
    await stored;
    crashed.cancel(job.id);
    // The app stops here, before the worker has stopped: the next start recovers the job.
    const restarted = createRunner(hooks);
    restarted.recover();

    const recovered = getJob(db, job.id)!;
    expect(recovered.status).toBe('cancelled');
    expect(recovered.cancelReason).toBe('user');
    // It was stored "Cancelling…", which is not where it stopped.
    expect(recovered.progress.message).toBe('');
    expect(recovered.warnings).toEqual(['The app stopped while this job was being cancelled; it stays cancelled, keeping the 2 units it had finished.']);
    expect(restarted.queueStats.waiting).toBe(0);
    expect(finishedHook).toHaveBeenCalledWith(expect.objectContaining({ id: job.id, status: 'cancelled' }));
    expect(Object.keys(completedUnits(db, job.id)).sort()).toEqual(['0', '1']);
    // The first runner's worker answers at last, which clears its kill timer before the database closes.
    const settled = waitForTerminal(job.id);
    crashed.handleWorkerMessage({ type: 'cancelled', jobId: leaseId });
    await settled;
  });

  function storedJob(id: string, status: JobRecord['status']): JobRecord {
    const job = jobFixture({ id, kind: 'diagnostics/sleep', params: { durationMs: 0, units: 1 }, status });
    insertJob(db, job);
    return job;
  }

  it('fails a job whose stored params cannot be read instead of running it, and leaves its params as stored', async () => {
    storedJob('damaged-queued', 'queued');
    storedJob('damaged-running', 'running');
    const healthy = storedJob('healthy', 'queued');
    db.prepare("UPDATE jobs SET params = '{broken' WHERE id LIKE 'damaged-%'").run();

    const runner = createRunner({});
    runner.recover();
    const dispatched = pool.nextRun();
    runner.attachPool(pool as unknown as WorkerPool);

    expect((await dispatched).jobId).toBe(healthy.id);
    for (const id of ['damaged-queued', 'damaged-running']) {
      const row = reader.prepare('SELECT status, params, error FROM jobs WHERE id = ?').get(id) as Record<string, string>;
      expect(row).toMatchObject({ status: 'failed', params: '{broken' });
      expect(JSON.parse(row.error!)).toMatchObject({ reason: 'corrupt' });
      expect(() => getJob(db, id)).toThrow(expect.objectContaining({ kind: 'corrupt' }));
    }
    expect(runner.queueStats.waiting).toBe(0);
  });
});
