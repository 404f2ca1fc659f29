import type { Logger } from 'pino';
import type { MainToWorker, WorkerToMain } from '../../shared/worker-protocol';
import type { ProcessAdapter, WorkerProcess } from './process-adapter';

export type WorkerState = 'starting' | 'idle' | 'busy' | 'stopped';

/** One long-lived worker process and the job it is running, if any. */
export interface WorkerSlot {
  readonly id: number;
  readonly pid: number | undefined;
  readonly state: WorkerState;
  readonly jobId: string | null;
}

export interface WorkerPoolEvents {
  /** A message about a job from the worker running it. */
  onJobMessage(slot: WorkerSlot, message: WorkerToMain): void;
  /** The worker died (crash or forced kill) while it was running `jobId`. */
  onJobLost(jobId: string, slot: WorkerSlot, reason: string): void;
  /** A worker became idle (started, or finished its job). */
  onIdle(): void;
  onChange(): void;
}

export interface WorkerPoolOptions {
  size: number;
  adapter: ProcessAdapter;
  logger: Logger;
  events: WorkerPoolEvents;
}

const RESPAWN_BACKOFF_MS = [0, 250, 1000, 5000, 15000];
/** A worker that dies sooner than this after starting counts as a failed start. */
const QUICK_DEATH_MS = 2000;

interface Slot extends WorkerSlot {
  id: number;
  pid: number | undefined;
  state: WorkerState;
  jobId: string | null;
  process: WorkerProcess | null;
  startedAt: number;
}

/**
 * A fixed-size pool of worker processes, each running one job at a time. Dead
 * workers are respawned (with back-off when they keep dying on start).
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private isStopping = false;
  private quickDeaths = 0;
  private restartCount = 0;
  private readonly respawnTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: WorkerPoolOptions) {}

  /** Starts every worker and resolves once all of them are ready. */
  async start(): Promise<void> {
    const ready: Array<Promise<void>> = [];
    for (let id = 0; id < this.options.size; id++) {
      const slot: Slot = { id, pid: undefined, state: 'stopped', jobId: null, process: null, startedAt: 0 };
      this.slots.push(slot);
      ready.push(this.spawn(slot));
    }
    await Promise.all(ready);
  }

  get stats(): { size: number; alive: number; busy: number; restarts: number } {
    return {
      size: this.options.size,
      alive: this.slots.filter((slot) => slot.state === 'idle' || slot.state === 'busy').length,
      busy: this.slots.filter((slot) => slot.state === 'busy').length,
      restarts: this.restartCount,
    };
  }

  get idleCount(): number {
    return this.slots.filter((slot) => slot.state === 'idle').length;
  }

  /** Hands a job to an idle worker; false when none is idle. */
  run(message: Extract<MainToWorker, { type: 'run' }>): boolean {
    const slot = this.slots.find((candidate) => candidate.state === 'idle');
    if (!slot || !slot.process) return false;
    slot.state = 'busy';
    slot.jobId = message.jobId;
    slot.process.send(message);
    this.options.events.onChange();
    return true;
  }

  cancel(jobId: string): void {
    this.slotRunning(jobId)?.process?.send({ type: 'cancel', jobId });
  }

  /** Kills the worker running `jobId`; `onJobLost` follows when it is gone. */
  kill(jobId: string): void {
    this.slotRunning(jobId)?.process?.kill();
  }

  /** Marks the worker that ran `jobId` idle again, once main has its terminal message. */
  release(jobId: string): void {
    const slot = this.slotRunning(jobId);
    if (!slot) return;
    slot.jobId = null;
    slot.state = 'idle';
    this.options.events.onChange();
    this.options.events.onIdle();
  }

  async stop(): Promise<void> {
    this.isStopping = true;
    for (const timer of this.respawnTimers) clearTimeout(timer);
    const exits = this.slots.map(
      (slot) =>
        new Promise<void>((resolve) => {
          if (!slot.process || slot.state === 'stopped') return resolve();
          slot.process.onExit(() => resolve());
          slot.process.kill();
        }),
    );
    await Promise.all(exits);
  }

  private slotRunning(jobId: string): Slot | undefined {
    return this.slots.find((slot) => slot.jobId === jobId);
  }

  private spawn(slot: Slot): Promise<void> {
    const { adapter, logger, events } = this.options;
    const child = adapter.fork();
    slot.process = child;
    slot.pid = child.pid;
    slot.state = 'starting';
    slot.startedAt = Date.now();
    // Electron knows a utility process's pid only once it runs: the `ready` message carries it.
    let workerLog = logger.child({ source: 'worker', pid: child.pid });

    return new Promise<void>((resolveReady) => {
      child.onOutput((stream, line) => (stream === 'stderr' ? workerLog.warn(line) : workerLog.info(line)));
      child.onMessage((message) => {
        switch (message.type) {
          case 'ready':
            slot.pid = message.pid;
            workerLog = logger.child({ source: 'worker', pid: message.pid });
            slot.state = 'idle';
            this.quickDeaths = 0;
            workerLog.debug('Worker ready');
            resolveReady();
            events.onChange();
            events.onIdle();
            return;
          case 'heartbeat':
            return;
          case 'log':
            workerLog[message.level]({ ...message.fields }, message.message);
            return;
          default:
            if (slot.jobId !== null && message.jobId === slot.jobId) events.onJobMessage(slot, message);
        }
      });
      child.onExit((code, signal) => {
        const lostJobId = slot.jobId;
        const wasStarting = slot.state === 'starting';
        slot.state = 'stopped';
        slot.process = null;
        slot.jobId = null;
        resolveReady();
        if (this.isStopping) return;
        const reason = signal ? `signal ${signal}` : `exit code ${code}`;
        workerLog.warn({ code, signal }, `Worker stopped (${reason})`);
        if (lostJobId) events.onJobLost(lostJobId, slot, reason);
        this.scheduleRespawn(slot, wasStarting || Date.now() - slot.startedAt < QUICK_DEATH_MS);
        events.onChange();
      });
    });
  }

  private scheduleRespawn(slot: Slot, isQuickDeath: boolean): void {
    this.quickDeaths = isQuickDeath ? this.quickDeaths + 1 : 0;
    const delay = RESPAWN_BACKOFF_MS[Math.min(this.quickDeaths, RESPAWN_BACKOFF_MS.length - 1)]!;
    const timer = setTimeout(() => {
      this.respawnTimers.delete(timer);
      if (this.isStopping) return;
      this.restartCount++;
      void this.spawn(slot);
    }, delay);
    this.respawnTimers.add(timer);
  }
}
