import type { ErrorBody } from '../shared/errors';
import { isAppError } from '../shared/errors';
import type { LogLevel } from '../shared/contract';
import type { MainToWorker, WorkerToMain } from '../shared/worker-protocol';
import { HEARTBEAT_INTERVAL_MS } from '../shared/worker-protocol';
import { Throttle } from '../shared/throttle';
import type { ParentChannel } from './channel';
import { CancelledError, type Task, type TaskContext } from './task';
import { UnitBatch } from './unit-batch';

/** Work done between two yields to the event loop, so `cancel` is read promptly. */
const YIELD_EVERY_MS = 10;
/**
 * Progress is forwarded to main at most this often per job (always the latest value):
 * a task may report on every row, and IPC messages cost main far more than a skipped update.
 */
const PROGRESS_SEND_INTERVAL_MS = 50;

interface RunningJob {
  jobId: string;
  isCancelRequested: boolean;
}

/**
 * Runs one job at a time on behalf of main: turns `run` messages into task calls and the
 * task's outcome (or cancellation, or exception) into exactly one terminal message.
 */
export function serveJobs(channel: ParentChannel, tasks: Record<string, Task>): void {
  let current: RunningJob | null = null;

  channel.onMessage((message: MainToWorker) => {
    if (message.type === 'cancel') {
      if (current && current.jobId === message.jobId) current.isCancelRequested = true;
      return;
    }
    if (current) {
      channel.send({ type: 'failed', jobId: message.jobId, error: { kind: 'conflict', message: 'Worker is busy' } });
      return;
    }
    const job: RunningJob = { jobId: message.jobId, isCancelRequested: false };
    current = job;
    void runJob(channel, tasks, message, job).finally(() => {
      current = null;
    });
  });

  const heartbeat = setInterval(() => channel.send({ type: 'heartbeat', pid: process.pid }), HEARTBEAT_INTERVAL_MS);
  heartbeat.unref();
  channel.onDisconnect(() => process.exit(0));
  channel.send({ type: 'ready', pid: process.pid });
}

async function runJob(
  channel: ParentChannel,
  tasks: Record<string, Task>,
  message: Extract<MainToWorker, { type: 'run' }>,
  job: RunningJob,
): Promise<void> {
  const { jobId } = message;
  const task = tasks[message.kind];
  if (!task) {
    channel.send({ type: 'failed', jobId, error: { kind: 'invalid', message: `This worker cannot run '${message.kind}' jobs` } });
    return;
  }
  // Units go out in batches; anything else the job sends goes after the units finished before it.
  const units = new UnitBatch((reports) => channel.send({ type: 'units', jobId, units: reports }));
  const send: JobSend = (jobMessage) => {
    units.flush();
    channel.send(jobMessage);
  };
  const progress = new Throttle<{ fraction: number; message: string }>(PROGRESS_SEND_INTERVAL_MS, (id, value) =>
    send({ type: 'progress', jobId: id, ...value }),
  );
  try {
    const outcome = await task(message.params, createContext(send, units, message, job, progress));
    if (job.isCancelRequested) {
      progress.forget(jobId);
      send({ type: 'cancelled', jobId });
      return;
    }
    progress.flush(jobId);
    progress.forget(jobId);
    send({ type: 'result', jobId, status: outcome.status, result: outcome.result, error: outcome.error });
  } catch (error) {
    progress.forget(jobId);
    if (error instanceof CancelledError) {
      send({ type: 'cancelled', jobId });
      return;
    }
    send({ type: 'failed', jobId, error: toErrorBody(error) });
  }
}

/** Sends a message of the running job (after its pending units). */
type JobSend = (message: WorkerToMain) => void;

function createContext(
  send: JobSend,
  units: UnitBatch,
  message: Extract<MainToWorker, { type: 'run' }>,
  job: RunningJob,
  progress: Throttle<{ fraction: number; message: string }>,
): TaskContext {
  const { jobId } = message;
  let lastYieldAt = performance.now();
  const log = (level: LogLevel) => (text: string, fields?: Record<string, unknown>) =>
    send({ type: 'log', level, message: text, fields: { ...fields, jobId } });

  return {
    jobId,
    run: message.context,
    async checkpoint() {
      if (job.isCancelRequested) throw new CancelledError();
      if (performance.now() - lastYieldAt < YIELD_EVERY_MS) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYieldAt = performance.now();
      if (job.isCancelRequested) throw new CancelledError();
    },
    isCancelled: () => job.isCancelRequested,
    setPhase: (phase) => send({ type: 'phase', jobId, phase }),
    progress: (fraction, text) => progress.push(jobId, { fraction: Math.min(1, Math.max(0, fraction)), message: text }),
    warn: (text) => send({ type: 'warning', jobId, message: text }),
    unitDone: (unit, outcome, error) => units.add({ unit, outcome, error }),
    log: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  };
}

function toErrorBody(error: unknown): ErrorBody {
  if (isAppError(error)) return error.toBody();
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message };
}
