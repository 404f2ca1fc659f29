import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors';
import type { JobList, ParsedCommandRequest } from '../../shared/contract';
import { JOB_KINDS, isJobKind, type JobKind } from '../../shared/kinds';
import { type JobError, type JobProgress, type JobRecord, type TerminalStatus } from '../../shared/job';
import { parseOrThrow } from '../../shared/validation';
import type { WorkerToMain } from '../../shared/worker-protocol';
import type { TrackingDb } from '../store/connection';
import { completedUnits, recordCompletedUnit } from '../store/completed-units';
import { appendJobEvent } from '../store/job-events';
import { findJobsByStatus, getJob, insertJob, listJobs, updateJob } from '../store/jobs';
import type { EventHub } from '../services/event-hub';
import { Throttle } from '../../shared/throttle';
import type { WorkerPool, WorkerSlot } from './worker-pool';

export interface JobRunnerOptions {
  db: TrackingDb;
  hub: EventHub;
  logger: Logger;
  marketDbPath: string;
  /** Most jobs waiting in the queue; one more is refused with `queue_full`. */
  queueLimit: number;
  /** Most jobs running at once. */
  concurrency: number;
  /** How long a running job may take to honour `cancel` before its worker is killed. */
  cancelGraceMs: number;
  enableDiagnostics: boolean;
  /** Called once per job when it reaches a terminal status. */
  onFinished?: (job: JobRecord) => void;
}

interface ActiveJob {
  record: JobRecord;
  cancelRequestedAt: number | null;
  cancelReason: string | null;
  killTimer: NodeJS.Timeout | null;
}

/** Most warnings kept per job; a chatty job cannot grow its record without bound. */
const MAX_WARNINGS = 100;
const PROGRESS_EVENT_INTERVAL_MS = 100;
const PROGRESS_PERSIST_INTERVAL_MS = 1000;

/**
 * Owns every job's lifecycle: validation, the bounded queue, dispatch to workers
 * under a concurrency limit, cancellation with a forced-kill backstop, crash and
 * start-up recovery. Every job reaches exactly one terminal status and every
 * change is persisted before it is published.
 */
export class JobRunner {
  private readonly queue: JobRecord[] = [];
  private readonly active = new Map<string, ActiveJob>();
  private pool: WorkerPool | null = null;
  private isShuttingDown = false;
  private isPumpScheduled = false;
  private readonly progressEvents: Throttle<JobProgress>;
  private readonly progressWrites: Throttle<JobProgress>;
  private onDrained: (() => void) | null = null;
  /** Set by the app: called when queue or running counts change. */
  onSystemChange: (() => void) | null = null;

  constructor(private readonly options: JobRunnerOptions) {
    this.progressEvents = new Throttle(PROGRESS_EVENT_INTERVAL_MS, (id, progress) =>
      this.options.hub.publish('job/progress', { id, progress }),
    );
    this.progressWrites = new Throttle(PROGRESS_PERSIST_INTERVAL_MS, (id) => {
      const job = this.active.get(id);
      if (job) updateJob(this.options.db, job.record);
    });
  }

  /** Connects the pool; call once, after `recover()`. */
  attachPool(pool: WorkerPool): void {
    this.pool = pool;
    this.schedulePump();
  }

  /**
   * Start-up recovery: jobs a previous run left active are re-queued when their kind
   * can resume (completed units are skipped), otherwise failed as interrupted.
   * Queued jobs are queued again in their original order.
   */
  recover(): void {
    const { db, logger } = this.options;
    const now = new Date().toISOString();
    for (const job of findJobsByStatus(db, ['preparing', 'running'])) {
      const isResumable = isJobKind(job.kind) && JOB_KINDS[job.kind].isResumable;
      if (isResumable) {
        const done = Object.keys(completedUnits(db, job.id)).length;
        job.status = 'queued';
        job.startedAt = null;
        job.progress = { fraction: 0, message: 'Waiting to resume', phase: null };
        this.addWarning(job, `Interrupted when the app stopped; resumed at ${now}${done ? ` (${done} finished units are kept)` : ''}.`);
      } else {
        job.status = 'failed';
        job.finishedAt = now;
        job.error = { message: 'Interrupted: the app stopped while this job was running.', reason: 'interrupted' };
      }
      updateJob(db, job);
      appendJobEvent(db, job.id, 'status', { status: job.status, reason: 'interrupted' });
      logger.warn({ jobId: job.id, kind: job.kind, status: job.status }, 'Recovered an interrupted job');
    }
    this.queue.push(...findJobsByStatus(db, ['queued']));
  }

  submit(request: ParsedCommandRequest<'jobs/submit'>): JobRecord {
    if (this.isShuttingDown) throw new AppError('unavailable', 'Quantdesk is shutting down; the job was not queued.');
    const kind = this.resolveKind(request.kind);
    const params: unknown = parseOrThrow(JOB_KINDS[kind].params, request.params, `parameters for ${kind}`);
    const { queueLimit, db, hub } = this.options;
    if (this.queue.length >= queueLimit) {
      throw new AppError(
        'queue_full',
        `The job queue is full: ${this.queue.length} jobs are waiting (limit ${queueLimit}). Wait for some to finish or cancel queued jobs.`,
        { waiting: this.queue.length, limit: queueLimit },
      );
    }
    const job: JobRecord = {
      id: randomUUID(),
      kind,
      params,
      status: 'queued',
      progress: { fraction: 0, message: 'Waiting for a worker', phase: null },
      warnings: [],
      error: null,
      result: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    insertJob(db, job);
    this.queue.push(job);
    hub.publish('job/updated', structuredClone(job));
    this.publishSystem();
    this.schedulePump();
    return structuredClone(job);
  }

  cancel(id: string): JobRecord {
    const queuedIndex = this.queue.findIndex((job) => job.id === id);
    if (queuedIndex >= 0) {
      const [job] = this.queue.splice(queuedIndex, 1);
      this.finish(job!, 'cancelled', { error: null });
      this.publishSystem();
      return structuredClone(job!);
    }
    const active = this.active.get(id);
    if (active) {
      this.requestCancel(active, 'Cancelled by the user.');
      return structuredClone(active.record);
    }
    const stored = this.get(id);
    if (stored.status === 'cancelled') return stored;
    throw new AppError('conflict', `Job ${id} already finished (${stored.status}); there is nothing to cancel.`, {
      status: stored.status,
    });
  }

  get(id: string): JobRecord {
    const live = this.active.get(id)?.record ?? this.queue.find((job) => job.id === id);
    if (live) return structuredClone(live);
    const stored = getJob(this.options.db, id);
    if (!stored) throw new AppError('not_found', `No job with id ${id}.`);
    return stored;
  }

  list(filter: ParsedCommandRequest<'jobs/list'>): JobList {
    const page = listJobs(this.options.db, filter);
    // Progress is persisted only ~1/s: show the live records of active jobs.
    page.jobs = page.jobs.map((job) => {
      const live = this.active.get(job.id)?.record;
      return live ? structuredClone(live) : job;
    });
    return page;
  }

  get queueStats(): { waiting: number; running: number; queueLimit: number; concurrency: number } {
    return {
      waiting: this.queue.length,
      running: this.active.size,
      queueLimit: this.options.queueLimit,
      concurrency: this.options.concurrency,
    };
  }

  /**
   * Graceful shutdown: refuses new jobs, cancels running ones and waits for them up to
   * `timeoutMs` (then kills their workers). Queued jobs stay queued for the next start.
   */
  async shutdown(timeoutMs: number): Promise<void> {
    this.isShuttingDown = true;
    if (this.active.size === 0) return;
    const allDone = new Promise<void>((resolve) => {
      this.onDrained = resolve;
    });
    for (const job of this.active.values()) this.requestCancel(job, 'Cancelled because Quantdesk was shutting down.');
    const timer = setTimeout(() => {
      for (const id of this.active.keys()) this.pool?.kill(id);
    }, timeoutMs);
    await allDone;
    clearTimeout(timer);
  }

  // --- worker messages ---------------------------------------------------------------

  handleWorkerMessage(_slot: WorkerSlot, message: WorkerToMain): void {
    if (!('jobId' in message)) return;
    const job = this.active.get(message.jobId);
    if (!job) return;
    const isCancelling = job.cancelRequestedAt !== null;
    switch (message.type) {
      case 'phase':
        if (isCancelling || job.record.status === message.phase) return;
        job.record.status = message.phase;
        job.record.progress = { ...job.record.progress, phase: message.phase };
        this.persistAndPublish(job.record, { status: message.phase });
        return;
      case 'progress':
        if (isCancelling) return;
        job.record.progress = { fraction: message.fraction, message: message.message, phase: job.record.progress.phase };
        this.progressEvents.push(job.record.id, job.record.progress);
        this.progressWrites.push(job.record.id, job.record.progress);
        return;
      case 'warning':
        this.addWarning(job.record, message.message);
        appendJobEvent(this.options.db, job.record.id, 'warning', { message: message.message });
        this.persistAndPublish(job.record);
        return;
      case 'unit':
        recordCompletedUnit(this.options.db, job.record.id, message.unit, message.outcome);
        return;
      case 'result':
        if (isCancelling) {
          // The work finished before the worker saw the cancel: its effects are real, so say so.
          this.addWarning(job.record, 'Cancel arrived after the job had finished; its result is kept.');
        }
        this.finishActive(job, message.status, {
          result: message.result,
          error: message.error ? { message: message.error } : null,
        });
        return;
      case 'failed':
        this.finishActive(job, 'failed', { error: { message: message.error.message, reason: message.error.kind } });
        return;
      case 'cancelled':
        this.finishActive(job, 'cancelled', { error: null });
        return;
    }
  }

  handleWorkerLost(jobId: string, reason: string): void {
    const job = this.active.get(jobId);
    if (!job) return;
    if (job.cancelRequestedAt !== null) {
      const waitedMs = Date.now() - job.cancelRequestedAt;
      this.addWarning(job.record, `The worker did not stop within ${waitedMs} ms of the cancel request and was stopped forcibly.`);
      this.finishActive(job, 'cancelled', { error: null });
      return;
    }
    this.finishActive(job, 'failed', {
      error: { message: `The worker process running this job stopped unexpectedly (${reason}).`, reason: 'worker_crashed' },
    });
  }

  // --- internals ---------------------------------------------------------------------

  private resolveKind(kind: string): JobKind {
    if (isJobKind(kind) && (this.options.enableDiagnostics || !JOB_KINDS[kind].isDiagnostic)) return kind;
    const known = Object.entries(JOB_KINDS)
      .filter(([, spec]) => this.options.enableDiagnostics || !spec.isDiagnostic)
      .map(([name]) => name);
    throw new AppError('invalid', `Unknown job kind '${kind}'. Known kinds: ${known.join(', ')}.`);
  }

  private requestCancel(job: ActiveJob, reason: string): void {
    if (job.cancelRequestedAt !== null) return;
    job.cancelRequestedAt = Date.now();
    job.cancelReason = reason;
    this.progressEvents.forget(job.record.id);
    this.progressWrites.forget(job.record.id);
    job.record.progress = { ...job.record.progress, message: 'Cancelling…' };
    this.persistAndPublish(job.record);
    this.pool?.cancel(job.record.id);
    job.killTimer = setTimeout(() => this.pool?.kill(job.record.id), this.options.cancelGraceMs);
    job.killTimer.unref();
  }

  private schedulePump(): void {
    if (this.isPumpScheduled) return;
    this.isPumpScheduled = true;
    queueMicrotask(() => {
      this.isPumpScheduled = false;
      this.pump();
    });
  }

  /** Starts queued jobs while a slot under the concurrency limit and an idle worker exist. */
  pump(): void {
    const pool = this.pool;
    if (!pool || this.isShuttingDown) return;
    while (this.queue.length > 0 && this.active.size < this.options.concurrency && pool.idleCount > 0) {
      const record = this.queue.shift()!;
      record.status = 'preparing';
      record.startedAt = new Date().toISOString();
      record.progress = { fraction: 0, message: 'Starting', phase: 'preparing' };
      const job: ActiveJob = { record, cancelRequestedAt: null, cancelReason: null, killTimer: null };
      this.active.set(record.id, job);
      this.persistAndPublish(record, { status: 'preparing' });
      pool.run({
        type: 'run',
        jobId: record.id,
        kind: record.kind,
        params: record.params,
        context: { marketDbPath: this.options.marketDbPath, completedUnits: completedUnits(this.options.db, record.id) },
      });
    }
    this.publishSystem();
  }

  private finishActive(job: ActiveJob, status: TerminalStatus, outcome: { result?: unknown; error: JobError | null }): void {
    if (job.killTimer) clearTimeout(job.killTimer);
    this.active.delete(job.record.id);
    this.progressEvents.forget(job.record.id);
    this.progressWrites.forget(job.record.id);
    if (status === 'cancelled' && job.cancelReason) {
      job.record.error = null;
      job.record.progress = { ...job.record.progress, message: job.cancelReason };
    }
    this.finish(job.record, status, outcome);
    this.pool?.release(job.record.id);
    if (this.active.size === 0) this.onDrained?.();
    this.schedulePump();
  }

  private finish(record: JobRecord, status: TerminalStatus, outcome: { result?: unknown; error: JobError | null }): void {
    record.status = status;
    record.finishedAt = new Date().toISOString();
    record.error = outcome.error;
    if (outcome.result !== undefined) record.result = outcome.result;
    if (status === 'succeeded') record.progress = { ...record.progress, fraction: 1 };
    if (status === 'cancelled' && record.progress.message === 'Waiting for a worker') {
      record.progress = { ...record.progress, message: 'Cancelled before it started.' };
    }
    this.persistAndPublish(record, { status, error: outcome.error?.message });
    this.options.logger.info({ jobId: record.id, kind: record.kind, status }, `Job ${status}`);
    this.options.onFinished?.(structuredClone(record));
  }

  private persistAndPublish(record: JobRecord, statusEvent?: Record<string, unknown>): void {
    updateJob(this.options.db, record);
    if (statusEvent) appendJobEvent(this.options.db, record.id, 'status', statusEvent);
    this.options.hub.publish('job/updated', structuredClone(record));
  }

  private addWarning(record: JobRecord, message: string): void {
    if (record.warnings.length < MAX_WARNINGS) record.warnings.push(message);
    else if (record.warnings.length === MAX_WARNINGS) record.warnings.push('Further warnings were omitted.');
  }

  private publishSystem(): void {
    this.onSystemChange?.();
  }
}
