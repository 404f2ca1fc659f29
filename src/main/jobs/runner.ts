import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors';
import { countText } from '../../shared/count-text';
import type { JobList, ParsedCommandRequest } from '../../shared/contract';
import { JOB_KINDS, isJobKind, isResumableKind, type JobKind } from '../../shared/kinds';
import type { CancelReason, JobError, JobProgress, JobRecord, TerminalStatus } from '../../shared/job';
import { Throttle } from '../../shared/throttle';
import { parseOrThrow } from '../../shared/validation';
import { isTerminalMessage, type UnitReport, type WorkerToMain } from '../../shared/worker-protocol';
import type { TrackingDb } from '../store/connection';
import { completedUnits, recordCompletedUnit } from '../store/completed-units';
import { appendJobEvent, hasCancelRequest } from '../store/job-events';
import { failUnreadableJob, findJobsByStatus, getJob, insertJob, listJobs, updateJob } from '../store/jobs';
import type { EventHub } from '../services/event-hub';
import type { KindHookMap, KindHooks } from './kind-hooks';
import { Lease, type Chunk } from './lease';
import type { WorkerPool } from './worker-pool';

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
  hooks?: KindHookMap;
}

/** A job that holds one or more workers (several when its kind fans out). */
interface ActiveJob {
  record: JobRecord;
  hooks: KindHooks;
  leases: Map<string, Lease>;
  /** Chunks of a fan-out job not yet handed to a worker. */
  pending: Chunk[];
  fanOut: { totalUnits: number; completedUnits: number; failedUnits: Array<{ unit: string; reason: string }>; chunkResults: unknown[] } | null;
  /** A single-worker job's terminal message, kept until its lease ends. */
  outcome: { status: TerminalStatus; result?: unknown; error: JobError | null } | null;
  /**
   * When a cancel was asked for and why; and the progress message its "Cancelling…" replaced,
   * put back when the job ends: a cancelled job shows where it stopped.
   */
  cancelRequest: { at: number; reason: CancelReason; message: string } | null;
  /** Stopped by a shutdown and left running in the store, for the next start to resume (resumable kinds). */
  resumesAtNextStart: boolean;
}

/**
 * The warning on a job resumed at start-up. Its start time is then the resume's (counting the
 * time the app was down as run time would mislead more), which the warning says.
 */
function resumeWarning(finishedUnits: number, unitLabel: string): string {
  return `The app stopped while this job ran; it resumed when the app started again (its start time is the resume's)${keptUnitsText(finishedUnits, unitLabel)}.`;
}

/** `, keeping the 3,173 cells it had finished`; nothing when it had finished none. */
function keptUnitsText(finishedUnits: number, unitLabel: string): string {
  if (finishedUnits === 0) return '';
  return `, keeping the ${countText(finishedUnits)} ${finishedUnits === 1 ? unitLabel.replace(/s$/, '') : unitLabel} it had finished`;
}

/** A worker's death, queued behind its last messages so its finished units still count. */
interface WorkerLost {
  type: 'lost';
  /** The lease the worker held. */
  jobId: string;
  reason: string;
}

/** One finished unit of a `units` message, queued on its own. */
interface UnitMessage extends UnitReport {
  type: 'unit';
  /** The lease the worker held. */
  jobId: string;
}

type InboxEntry = Exclude<WorkerToMain, { type: 'units' }> | UnitMessage | WorkerLost;

/** Most warnings kept per job; a chatty job cannot grow its record without bound. */
const MAX_WARNINGS = 100;
const PROGRESS_EVENT_INTERVAL_MS = 100;
const PROGRESS_PERSIST_INTERVAL_MS = 1000;
const PHASE_ORDER = { preparing: 0, running: 1 } as const;
/** The progress message of a job while it is being cancelled (its last real one is put back when it ends). */
const CANCELLING_MESSAGE = 'Cancelling…';
/** Longest stretch main spends on worker messages before it lets other work run. */
const INBOX_SLICE_MS = 4;
/**
 * Owns every job's lifecycle: validation, the bounded queue, dispatch to workers
 * under a concurrency limit, fan-out of chunked jobs over the pool, cancellation with
 * a forced-kill backstop, crash and start-up recovery. Every job reaches exactly one
 * terminal status and every change is persisted before it is published.
 */
export class JobRunner {
  private readonly queue: JobRecord[] = [];
  private readonly active = new Map<string, ActiveJob>();
  /** Lease id → the job holding it. */
  private readonly leaseOwners = new Map<string, ActiveJob>();
  private pool: WorkerPool | null = null;
  private isShuttingDown = false;
  private isPumpScheduled = false;
  private readonly progressEvents: Throttle<JobProgress>;
  private readonly progressWrites: Throttle<JobProgress>;
  private onDrained: (() => void) | null = null;
  private readonly inbox: InboxEntry[] = [];
  private isInboxScheduled = false;
  /** Stores a burst of units taken from the inbox; see `applyUnitBurst`. */
  private readonly storeUnitBurst: (burst: UnitMessage[], deadline: number) => void;
  private readonly storeUnitAlone: (unit: UnitMessage) => void;
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
    this.storeUnitBurst = options.db.transaction((burst: UnitMessage[], deadline: number) => this.storeUnitsUntil(burst, deadline));
    this.storeUnitAlone = options.db.transaction((unit: UnitMessage) => this.storeUnit(unit));
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
    const left = findJobsByStatus(db, ['queued', 'preparing', 'running']);
    for (const job of left) {
      if (isUnreadable(job)) {
        // Its params cannot be trusted to run, and rewriting the row would replace what is left of them.
        failUnreadableJob(db, job.id, now);
        appendJobEvent(db, job.id, 'status', { status: 'failed', reason: 'corrupt' });
        logger.error({ jobId: job.id, kind: job.kind }, 'Failed a job whose stored record cannot be read');
        continue;
      }
      if (job.status === 'queued') continue;
      if (hasCancelRequest(db, job.id)) {
        this.finishCancelledBeforeCrash(job);
        continue;
      }
      if (isResumableKind(job.kind)) {
        const done = Object.keys(this.unitsCompletedBefore(job)).length;
        job.status = 'queued';
        job.startedAt = null;
        job.progress = { fraction: 0, message: 'Waiting to resume', phase: null };
        this.addWarning(job, resumeWarning(done, this.hooksFor(job.kind).fanOut?.unitLabel ?? 'units'));
      } else {
        job.status = 'failed';
        job.finishedAt = now;
        job.error = { message: 'Interrupted: the app stopped while this job was running.', reason: 'interrupted' };
      }
      updateJob(db, job);
      appendJobEvent(db, job.id, 'status', { status: job.status, reason: 'interrupted' });
      logger.warn({ jobId: job.id, kind: job.kind, status: job.status }, 'Recovered an interrupted job');
    }
    // In their original order, the resumed ones among them.
    this.queue.push(...left.filter((job) => job.status === 'queued' && !isUnreadable(job)));
  }

  /** A job the user was cancelling when the app stopped: cancelled, as asked, keeping what it finished. */
  private finishCancelledBeforeCrash(job: JobRecord): void {
    const hooks = this.hooksFor(job.kind);
    const done = Object.keys(this.unitsCompletedBefore(job)).length;
    this.addWarning(job, `The app stopped while this job was being cancelled; it stays cancelled${keptUnitsText(done, hooks.fanOut?.unitLabel ?? 'units')}.`);
    // Where it had got to was replaced by "Cancelling…" in the store, and is lost.
    if (job.progress.message === CANCELLING_MESSAGE) job.progress = { ...job.progress, message: '' };
    job.cancelReason = 'user';
    this.finish(job, hooks, 'cancelled', { error: null });
    this.options.logger.warn({ jobId: job.id, kind: job.kind }, 'Recovered a job cancelled as the app stopped');
  }

  submit(request: ParsedCommandRequest<'jobs/submit'>): JobRecord {
    if (this.isShuttingDown) throw new AppError('unavailable', 'Quantdesk is shutting down; the job was not queued.');
    const kind = this.resolveKind(request.kind);
    const params: unknown = parseOrThrow(JOB_KINDS[kind].params, request.params, `parameters for ${kind}`);
    this.hooksFor(kind).validate?.(params);
    const { queueLimit, db, hub } = this.options;
    if (this.queue.length >= queueLimit) {
      this.options.logger.warn({ kind, waiting: this.queue.length, limit: queueLimit }, 'Refused a job: the queue is full');
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
      cancelReason: null,
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
      const [record] = this.queue.splice(queuedIndex, 1);
      this.finish(record!, this.hooksFor(record!.kind), 'cancelled', { error: null });
      this.publishSystem();
      return structuredClone(record!);
    }
    const active = this.active.get(id);
    if (active) {
      // Stored, so a crash before the job has stopped does not resume (or fail) what the user stopped.
      if (active.cancelRequest === null) appendJobEvent(this.options.db, id, 'status', { status: active.record.status, cancelRequested: true });
      this.requestCancel(active, 'user');
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
   * Graceful shutdown: refuses new jobs, stops running ones and waits for them up to
   * `timeoutMs` (then kills their workers). Jobs of a resumable kind are left running in the
   * store, so the next start resumes them as it would after a crash, keeping their finished
   * units: quitting in the middle of a long sweep loses none of it. Others end cancelled,
   * saying why. Queued jobs stay queued for the next start.
   */
  async shutdown(timeoutMs: number): Promise<void> {
    this.isShuttingDown = true;
    if (this.active.size === 0) return;
    const allDone = new Promise<void>((resolve) => {
      this.onDrained = resolve;
    });
    for (const job of this.active.values()) {
      job.resumesAtNextStart = isResumableKind(job.record.kind);
      this.requestCancel(job, 'shutdown');
    }
    const timer = setTimeout(() => {
      for (const leaseId of this.leaseOwners.keys()) this.pool?.kill(leaseId);
    }, timeoutMs);
    await allDone;
    clearTimeout(timer);
  }

  // --- worker messages ---------------------------------------------------------------

  /**
   * A message from the worker holding lease `message.jobId`. A worker is free as soon as its
   * terminal message arrives: it takes its next chunk while main is still storing the units
   * it sent before (a sweep's worker would otherwise wait for them, a third of its time).
   */
  handleWorkerMessage(message: WorkerToMain): void {
    if (message.type === 'units') {
      for (const report of message.units) this.inbox.push({ type: 'unit', jobId: message.jobId, ...report });
    } else {
      this.inbox.push(message);
      if (isTerminalMessage(message)) this.pool?.release(message.jobId);
    }
    this.scheduleInbox();
  }

  /** The worker holding `leaseId` died (crash, or killed after ignoring cancel). */
  handleWorkerLost(leaseId: string, reason: string): void {
    this.inbox.push({ type: 'lost', jobId: leaseId, reason });
    this.scheduleInbox();
  }

  private scheduleInbox(): void {
    if (this.isInboxScheduled) return;
    this.isInboxScheduled = true;
    setImmediate(() => this.drainInbox());
  }

  /**
   * Worker messages arrive in bursts (a sweep's workers each finish many cells between two
   * turns of main's event loop) and some are costly to store: handle them in slices of a
   * few milliseconds so timers, IPC and requests are never held up behind a burst.
   */
  private drainInbox(): void {
    const deadline = performance.now() + INBOX_SLICE_MS;
    while (this.inbox.length > 0 && performance.now() < deadline) {
      const next = this.inbox[0]!;
      if (next.type === 'unit') {
        this.applyUnitBurst(deadline);
      } else {
        this.inbox.shift();
        if (next.type === 'lost') this.applyWorkerLost(next.jobId, next.reason);
        else this.applyWorkerMessage(next);
      }
    }
    this.isInboxScheduled = false;
    if (this.inbox.length > 0) this.scheduleInbox();
  }

  /** The job and lease a worker message is about; none once the lease has ended. */
  private ownerOf(leaseId: string): { job: ActiveJob; lease: Lease } | null {
    const job = this.leaseOwners.get(leaseId);
    const lease = job?.leases.get(leaseId);
    return job && lease ? { job, lease } : null;
  }

  private applyWorkerMessage(message: Exclude<InboxEntry, UnitMessage | WorkerLost>): void {
    if (!('jobId' in message)) return;
    const owner = this.ownerOf(message.jobId);
    if (!owner) return;
    const { job, lease } = owner;
    const isCancelling = job.cancelRequest !== null;
    switch (message.type) {
      case 'phase':
        if (isCancelling || PHASE_ORDER[message.phase] <= PHASE_ORDER[job.record.status as 'preparing']) return;
        job.record.status = message.phase;
        job.record.progress = { ...job.record.progress, phase: message.phase };
        this.persistAndPublish(job.record, { status: message.phase });
        return;
      case 'progress':
        // A fan-out job's progress counts its units instead.
        if (isCancelling || job.fanOut) return;
        this.setProgress(job, message.fraction, message.message);
        return;
      case 'warning':
        if (!this.addWarning(job.record, message.message)) return;
        appendJobEvent(this.options.db, job.record.id, 'warning', { message: message.message });
        this.persistAndPublish(job.record);
        return;
      case 'result':
        if (job.fanOut) {
          job.fanOut.chunkResults.push(message.result);
        } else {
          // A result that beats the cancel is real work done: keep it, and say so.
          if (isCancelling) this.addWarning(job.record, 'Cancel arrived after the job had finished; its result is kept.');
          job.outcome = { status: message.status, result: message.result, error: message.error ? { message: message.error } : null };
        }
        this.endLease(job, lease);
        return;
      case 'failed':
        this.failLease(job, lease, { message: message.error.message, reason: message.error.kind });
        return;
      case 'cancelled':
        this.endLease(job, lease);
        return;
    }
  }

  private applyWorkerLost(leaseId: string, reason: string): void {
    const owner = this.ownerOf(leaseId);
    if (!owner) return;
    const { job, lease } = owner;
    if (job.cancelRequest !== null) {
      const waitedMs = Date.now() - job.cancelRequest.at;
      this.addWarning(job.record, `Stopped forcibly: it did not respond to cancel within ${(waitedMs / 1000).toFixed(1)} s.`);
      this.endLease(job, lease);
      return;
    }
    this.failLease(job, lease, {
      message: `The worker process running this job stopped unexpectedly (${reason}).`,
      reason: 'worker_crashed',
    });
  }

  // --- dispatch ----------------------------------------------------------------------

  private schedulePump(): void {
    if (this.isPumpScheduled) return;
    this.isPumpScheduled = true;
    queueMicrotask(() => {
      this.isPumpScheduled = false;
      this.pump();
    });
  }

  /**
   * Hands idle workers out: first to queued jobs (while under the concurrency limit),
   * then to the pending chunks of running fan-out jobs, evenly (`neediestFanOutJob`).
   */
  pump(): void {
    const pool = this.pool;
    if (!pool || this.isShuttingDown) return;
    while (pool.idleCount > 0) {
      if (this.queue.length > 0 && this.active.size < this.options.concurrency) {
        this.start(this.queue.shift()!);
        continue;
      }
      const fanOutJob = this.neediestFanOutJob();
      if (!fanOutJob) break;
      this.dispatch(fanOutJob, fanOutJob.pending.shift()!);
    }
    this.publishSystem();
  }

  /**
   * The running fan-out job with chunks left and the fewest in flight, the oldest on a tie:
   * running sweeps share the workers, rather than the oldest taking every worker while a
   * younger one, counted as running, makes no progress.
   */
  private neediestFanOutJob(): ActiveJob | undefined {
    let neediest: ActiveJob | undefined;
    for (const job of this.active.values()) {
      if (job.pending.length === 0 || job.cancelRequest !== null) continue;
      if (neediest === undefined || job.leases.size < neediest.leases.size) neediest = job;
    }
    return neediest;
  }

  private start(record: JobRecord): void {
    const hooks = this.hooksFor(record.kind);
    record.status = 'preparing';
    record.startedAt = new Date().toISOString();
    record.progress = { fraction: 0, message: 'Starting', phase: 'preparing' };
    const job: ActiveJob = {
      record,
      hooks,
      leases: new Map(),
      pending: [],
      fanOut: null,
      outcome: null,
      cancelRequest: null,
      resumesAtNextStart: false,
    };
    this.active.set(record.id, job);
    this.persistAndPublish(record, { status: 'preparing' });

    if (!hooks.fanOut) {
      this.dispatch(job, { kind: record.kind, params: record.params, units: [], leaseId: record.id });
      return;
    }
    const done = this.unitsCompletedBefore(record);
    try {
      const plan = hooks.fanOut.plan(record, done);
      job.fanOut = { totalUnits: plan.totalUnits, completedUnits: Object.keys(done).length, failedUnits: [], chunkResults: [] };
      job.pending = plan.chunks.map((chunk, index) => ({ ...chunk, leaseId: `${record.id}/${index}` }));
    } catch (error) {
      this.finishActive(job, 'failed', { error: { message: `Could not plan the job: ${(error as Error).message}` } });
      return;
    }
    this.reportUnits(job);
    if (job.pending.length === 0) this.settle(job);
    else this.dispatch(job, job.pending.shift()!);
  }

  private dispatch(job: ActiveJob, chunk: Chunk): void {
    const lease = new Lease(chunk);
    job.leases.set(lease.id, lease);
    this.leaseOwners.set(lease.id, job);
    const isWholeJob = chunk.leaseId === job.record.id;
    this.pool!.run({
      type: 'run',
      jobId: lease.id,
      kind: chunk.kind,
      params: chunk.params,
      context: {
        marketDbPath: this.options.marketDbPath,
        completedUnits: isWholeJob ? this.unitsCompletedBefore(job.record) : {},
      },
    });
  }

  // --- progress of units ---------------------------------------------------------------

  /**
   * Stores the units at the head of the inbox in one transaction, taking them until the
   * slice's time is up: a commit costs about as much as storing a sweep cell. Only once it
   * is committed are they counted, so no progress is published for units not yet durable.
   *
   * If storing one unit throws, the whole burst is rolled back and its units are stored
   * again one per transaction: the unit that fails alone is counted as failed, the others
   * are kept. So `onUnit` may run twice for a unit and must not cache what it wrote.
   */
  private applyUnitBurst(deadline: number): void {
    const burst: UnitMessage[] = [];
    let storeErrors = new Map<UnitMessage, string>();
    try {
      this.storeUnitBurst(burst, deadline);
    } catch (error) {
      this.options.logger.warn({ err: error, units: burst.length }, 'Could not store a burst of finished units; storing them one by one');
      storeErrors = this.storeEachUnitAlone(burst);
    }
    this.countUnits(burst, storeErrors);
  }

  /** Takes and stores units from the inbox (at least one) while there is time left. */
  private storeUnitsUntil(burst: UnitMessage[], deadline: number): void {
    do {
      const unit = this.inbox.shift() as UnitMessage;
      burst.push(unit);
      this.storeUnit(unit);
    } while (this.inbox[0]?.type === 'unit' && performance.now() < deadline);
  }

  /** Stores each unit in its own transaction; returns why each one that failed did. */
  private storeEachUnitAlone(units: UnitMessage[]): Map<UnitMessage, string> {
    const errors = new Map<UnitMessage, string>();
    for (const unit of units) {
      try {
        this.storeUnitAlone(unit);
      } catch (error) {
        this.options.logger.error({ err: error, jobId: unit.jobId, unit: unit.unit }, 'Could not store a finished unit');
        errors.set(unit, (error as Error).message);
      }
    }
    return errors;
  }

  private storeUnit({ jobId, unit, outcome, error }: UnitMessage): void {
    const job = this.ownerOf(jobId)?.job;
    if (!job) return;
    const kept = job.hooks.onUnit ? job.hooks.onUnit(job.record, unit, outcome, error) : outcome;
    if (!error && !job.hooks.completedUnits) recordCompletedUnit(this.options.db, job.record.id, unit, kept);
  }

  /** Units an earlier, interrupted run of the job completed: as its kind lists them, or as the runner recorded them. */
  private unitsCompletedBefore(record: JobRecord): Record<string, unknown> {
    const hooks = this.hooksFor(record.kind);
    return hooks.completedUnits ? hooks.completedUnits(record) : completedUnits(this.options.db, record.id);
  }

  /** Counts stored units in their jobs, then reports each fan-out job's progress once. */
  private countUnits(units: UnitMessage[], storeErrors: Map<UnitMessage, string>): void {
    const counted = new Set<ActiveJob>();
    for (const unit of units) {
      const job = this.countUnit(unit, storeErrors.get(unit));
      if (job) counted.add(job);
    }
    for (const job of counted) {
      if (job.fanOut && job.cancelRequest === null) this.reportUnits(job);
    }
  }

  private countUnit({ jobId, unit, error }: UnitMessage, storeError: string | undefined): ActiveJob | null {
    const owner = this.ownerOf(jobId);
    if (!owner) return null;
    const { job, lease } = owner;
    lease.finishedUnits.add(unit);
    if (job.fanOut) {
      const reason = error ?? (storeError === undefined ? undefined : `Its result could not be stored: ${storeError}`);
      if (reason === undefined) job.fanOut.completedUnits++;
      else job.fanOut.failedUnits.push({ unit, reason });
    } else if (storeError !== undefined) {
      this.addWarning(job.record, `Unit ${unit} finished but could not be recorded (${storeError}); a resumed run does it again.`);
      this.persistAndPublish(job.record);
    }
    return job;
  }

  private reportUnits(job: ActiveJob): void {
    const { totalUnits, completedUnits: completed, failedUnits } = job.fanOut!;
    const finished = completed + failedUnits.length;
    const label = job.hooks.fanOut!.unitLabel;
    const failedNote = failedUnits.length > 0 ? `, ${failedUnits.length} failed` : '';
    this.setProgress(job, totalUnits === 0 ? 1 : finished / totalUnits, `${countText(finished)} of ${countText(totalUnits)} ${label}${failedNote}`);
  }

  private setProgress(job: ActiveJob, fraction: number, message: string): void {
    job.record.progress = { fraction, message, phase: job.record.progress.phase };
    this.progressEvents.push(job.record.id, job.record.progress);
    this.progressWrites.push(job.record.id, job.record.progress);
  }

  // --- ending ----------------------------------------------------------------------------

  private requestCancel(job: ActiveJob, reason: CancelReason): void {
    if (job.cancelRequest !== null) return;
    job.cancelRequest = { at: Date.now(), reason, message: job.record.progress.message };
    job.pending = [];
    this.progressEvents.forget(job.record.id);
    this.progressWrites.forget(job.record.id);
    job.record.progress = { ...job.record.progress, message: CANCELLING_MESSAGE };
    this.persistAndPublish(job.record);
    for (const lease of job.leases.values()) {
      this.pool?.cancel(lease.id);
      lease.killTimer = setTimeout(() => this.pool?.kill(lease.id), this.options.cancelGraceMs);
    }
    if (job.leases.size === 0) this.settle(job);
  }

  /** A chunk (or the whole job) failed: its unfinished units fail with the same reason. */
  private failLease(job: ActiveJob, lease: Lease, error: JobError): void {
    if (job.fanOut) {
      for (const unit of lease.chunk.units) {
        if (!lease.finishedUnits.has(unit)) job.fanOut.failedUnits.push({ unit, reason: error.message });
      }
      this.reportUnits(job);
    } else {
      job.outcome = { status: 'failed', error };
    }
    this.endLease(job, lease);
  }

  private endLease(job: ActiveJob, lease: Lease): void {
    if (lease.killTimer) clearTimeout(lease.killTimer);
    job.leases.delete(lease.id);
    this.leaseOwners.delete(lease.id);
    if (job.leases.size === 0 && (job.pending.length === 0 || job.cancelRequest !== null)) this.settle(job);
    this.schedulePump();
  }

  /** Every lease has ended: decide the job's terminal status. */
  private settle(job: ActiveJob): void {
    // A single-worker job whose result beat the shutdown ends with it.
    if (job.resumesAtNextStart && job.outcome === null) {
      this.leaveForNextStart(job);
      return;
    }
    const isCancelled = job.cancelRequest !== null;
    if (job.fanOut) {
      const combined = job.hooks.fanOut!.combine(job.record, { ...job.fanOut, isCancelled });
      for (const warning of combined.warnings ?? []) this.addWarning(job.record, warning);
      if (isCancelled) {
        const finished = job.fanOut.completedUnits + job.fanOut.failedUnits.length;
        this.addWarning(job.record, `Cancelled after ${countText(finished)} of ${countText(job.fanOut.totalUnits)} ${job.hooks.fanOut!.unitLabel}; the finished ones are kept.`);
        this.finishActive(job, 'cancelled', { result: combined.result, error: null });
      } else {
        this.finishActive(job, combined.status, { result: combined.result, error: combined.error ? { message: combined.error } : null });
      }
      return;
    }
    // A job cancelled before its worker answered has no outcome; one whose result beat the cancel keeps it.
    this.finishActive(job, job.outcome?.status ?? 'cancelled', job.outcome ?? { error: null });
  }

  /** No longer active: no worker, no pending progress. */
  private deactivate(job: ActiveJob): void {
    this.active.delete(job.record.id);
    this.progressEvents.forget(job.record.id);
    this.progressWrites.forget(job.record.id);
  }

  private leaveForNextStart(job: ActiveJob): void {
    this.deactivate(job);
    job.record.progress = { ...job.record.progress, message: 'Stopped when Quantdesk quit; it resumes at the next start.' };
    updateJob(this.options.db, job.record);
    this.options.logger.info({ jobId: job.record.id, kind: job.record.kind }, 'Job left to resume at the next start');
    if (this.active.size === 0) this.onDrained?.();
  }

  private finishActive(job: ActiveJob, status: TerminalStatus, outcome: { result?: unknown; error: JobError | null }): void {
    this.deactivate(job);
    if (job.cancelRequest !== null) {
      job.record.progress = { ...job.record.progress, message: job.cancelRequest.message };
      if (status === 'cancelled') job.record.cancelReason = job.cancelRequest.reason;
    }
    let result = outcome.result;
    if (result !== undefined && job.hooks.storeResult) {
      try {
        result = job.hooks.storeResult(job.record, result);
      } catch (error) {
        this.options.logger.error({ err: error, jobId: job.record.id }, 'Could not store the job result');
        status = 'failed';
        outcome = { error: { message: `The result could not be stored: ${(error as Error).message}`, reason: 'store_failed' } };
        result = undefined;
      }
    }
    this.finish(job.record, job.hooks, status, { result, error: outcome.error });
    if (this.active.size === 0) this.onDrained?.();
    this.schedulePump();
  }

  private finish(record: JobRecord, hooks: KindHooks, status: TerminalStatus, outcome: { result?: unknown; error: JobError | null }): void {
    record.status = status;
    record.finishedAt = new Date().toISOString();
    record.error = outcome.error;
    if (outcome.result !== undefined) record.result = outcome.result;
    if (status === 'succeeded') record.progress = { ...record.progress, fraction: 1 };
    if (status === 'cancelled' && record.startedAt === null) record.cancelReason = 'beforeStart';
    this.persistAndPublish(record, { status, error: outcome.error?.message });
    // The error's text goes in the message: it is what a reader of the Logs page looks for.
    const summary = outcome.error ? `Job ${status}: ${outcome.error.message}` : `Job ${status}`;
    const fields = { jobId: record.id, kind: record.kind, status, reason: outcome.error?.reason };
    if (status === 'failed') this.options.logger.error(fields, summary);
    else if (status === 'partial') this.options.logger.warn({ ...fields, warnings: record.warnings.length }, summary);
    else this.options.logger.info(fields, summary);
    try {
      hooks.onFinished?.(structuredClone(record));
    } catch (error) {
      this.options.logger.error({ err: error, jobId: record.id }, 'A finished-job hook failed');
    }
  }

  // --- helpers -------------------------------------------------------------------------

  private resolveKind(kind: string): JobKind {
    if (isJobKind(kind) && (this.options.enableDiagnostics || !JOB_KINDS[kind].isDiagnostic)) return kind;
    const known = Object.entries(JOB_KINDS)
      .filter(([, spec]) => this.options.enableDiagnostics || !spec.isDiagnostic)
      .map(([name]) => name);
    throw new AppError('invalid', `Unknown job kind '${kind}'. Known kinds: ${known.join(', ')}.`);
  }

  private hooksFor(kind: string): KindHooks {
    return (isJobKind(kind) ? this.options.hooks?.[kind] : undefined) ?? {};
  }

  private persistAndPublish(record: JobRecord, statusEvent?: Record<string, unknown>): void {
    updateJob(this.options.db, record);
    if (statusEvent) appendJobEvent(this.options.db, record.id, 'status', statusEvent);
    this.options.hub.publish('job/updated', structuredClone(record));
  }

  /**
   * Keeps a warning on the job and writes it to the app's log, both up to MAX_WARNINGS a job
   * and each text once (a sweep's chunks each report the same symbol without data).
   * Returns whether the job's list changed.
   */
  private addWarning(record: JobRecord, message: string): boolean {
    if (record.warnings.includes(message)) return false;
    if (record.warnings.length < MAX_WARNINGS) {
      record.warnings.push(message);
      this.options.logger.warn({ jobId: record.id, kind: record.kind }, message);
    } else if (record.warnings.length === MAX_WARNINGS) {
      record.warnings.push('Further warnings were omitted.');
    } else {
      return false;
    }
    return true;
  }

  private publishSystem(): void {
    this.onSystemChange?.();
  }
}

/** A job `findJobsByStatus` could not read whole (see jobFromRow). */
function isUnreadable(job: JobRecord): boolean {
  return job.error?.reason === 'corrupt';
}
