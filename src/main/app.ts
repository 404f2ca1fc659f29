import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import packageJson from '../../package.json';
import { commandSchemas, type CommandName, type Envelope, type SystemStatus } from '../shared/contract';
import { AppError, isAppError } from '../shared/errors';
import { assertNestingDepth, parseOrThrow } from '../shared/validation';
import type { AppServices, ReadinessReport } from './app-types';
import { createHandlers } from './handlers';
import type { ProcessAdapter } from './jobs/process-adapter';
import { createKindHooks } from './jobs/hooks';
import { JobRunner } from './jobs/runner';
import { Throttle } from '../shared/throttle';
import { WorkerPool } from './jobs/worker-pool';
import { EventHub } from './services/event-hub';
import type { Logging } from './services/logging';
import { scheduleCheckpoints } from './store/checkpoints';
import { openTrackingStore, type TrackingDb } from './store/connection';
import { findJobsByStatus } from './store/jobs';
import { purgeDeletedSweeps } from './store/sweep-deletions';
import { MARKET_DB_FILE, TRACKING_DB_FILE } from './services/data-dir';
import { lockDataDir } from './services/data-dir-lock';
import { openSettings } from './services/settings';
import { importPaths, stageFile, sweepStaging } from './services/staging';
import { openMarketStore } from './store/market/connection';

export interface AppOptions {
  dataDir: string;
  processAdapter: ProcessAdapter;
  logging: Logging;
  /** Most jobs running at once, and the worker pool's size. Default: the number of cores. */
  concurrency?: number;
  /** Most jobs waiting. Default 20. */
  queueLimit?: number;
  /** How long a running job may take to honour cancel before its worker is killed. Default 2 s. */
  cancelGraceMs?: number;
  /** Enables the diagnostics/* job kinds (tests, benchmarks). */
  enableDiagnostics?: boolean;
  /** On the first start of a new data directory, these CSVs are imported as sample data. */
  sampleDataDir?: string;
}

const VERSION = packageJson.version;

/**
 * Claims the data directory (refused with 'conflict' while another app holds it), opens the
 * stores, recovers interrupted jobs and unfinished sweep deletions, starts the worker pool,
 * and answers commands.
 */
export async function startApp(options: AppOptions): Promise<AppServices> {
  mkdirSync(options.dataDir, { recursive: true });
  const releaseDataDir = lockDataDir(options.dataDir);
  try {
    return await startOnLockedDataDir(options, releaseDataDir);
  } catch (error) {
    releaseDataDir();
    throw error;
  }
}

async function startOnLockedDataDir(options: AppOptions, releaseDataDir: () => void): Promise<AppServices> {
  const { dataDir, logging } = options;
  const logger = logging.logger.child({ source: 'main' });
  const concurrency = options.concurrency ?? availableParallelism();
  const cancelGraceMs = options.cancelGraceMs ?? 2000;
  const enableDiagnostics = options.enableDiagnostics ?? false;
  const startedAt = new Date().toISOString();

  const trackingPath = join(dataDir, TRACKING_DB_FILE);
  const marketPath = join(dataDir, MARKET_DB_FILE);
  const isNewDataDir = !existsSync(trackingPath);
  const db = openTrackingStore(trackingPath);
  const stopCheckpoints = scheduleCheckpoints(db);
  // Main only reads prices; the writable open here just creates and migrates the file.
  openMarketStore(marketPath).close();
  const market = openMarketStore(marketPath, { readonly: true });

  const hub = new EventHub();
  const settings = openSettings(db, hub, logger);
  const runner = new JobRunner({
    db,
    hub,
    logger,
    marketDbPath: marketPath,
    queueLimit: options.queueLimit ?? 20,
    concurrency,
    cancelGraceMs,
    enableDiagnostics,
    hooks: createKindHooks({ db, market, dataDir, sweepCellLimit: () => settings.current().sweepCellLimit, logger }),
  });
  runner.recover();
  sweepLeftoverUploads(db, dataDir, logger);
  // Sweeps deleted before a crash or quit cut their purge short: hidden already, finished here in the background.
  void purgeDeletedSweeps(db, { logger });

  const pool = new WorkerPool({
    size: concurrency,
    adapter: options.processAdapter,
    logger: logging.logger,
    events: {
      onJobMessage: (_slot, message) => runner.handleWorkerMessage(message),
      onJobLost: (leaseId, _slot, reason) => runner.handleWorkerLost(leaseId, reason),
      onIdle: () => runner.pump(),
      onChange: () => publishSystem(),
    },
  });

  const systemStatus = (): SystemStatus => ({
    version: VERSION,
    dataDir,
    startedAt,
    workers: pool.stats,
    queue: runner.queueStats,
    diagnosticsEnabled: enableDiagnostics,
  });
  const systemUpdates = new Throttle<null>(100, () => hub.publish('system/updated', systemStatus()));
  const publishSystem = () => systemUpdates.push('system', null);
  runner.onSystemChange = publishSystem;

  await pool.start();
  runner.attachPool(pool);
  const detachLogEvents = logging.ring.onAppend((entry) => hub.publish('log/appended', entry));
  logger.info({ dataDir, concurrency, workers: pool.stats.alive }, 'Quantdesk started');

  if (isNewDataDir && options.sampleDataDir) submitSampleImport(runner, options.sampleDataDir);

  const handlers = createHandlers({ runner, db, market, logging, settings, systemStatus });

  async function dispatch<C extends CommandName>(command: C, request: unknown): Promise<Envelope<never>> {
    const started = performance.now();
    const meta = () => ({ elapsedMs: Math.round((performance.now() - started) * 1000) / 1000 });
    try {
      if (!Object.hasOwn(commandSchemas, command)) throw new AppError('not_found', `Unknown command '${command}'.`);
      assertNestingDepth(request);
      const parsed = parseOrThrow(commandSchemas[command], request ?? {}, `request for ${command}`);
      const handler = handlers[command] as (input: unknown) => unknown;
      const data = await handler(parsed);
      return { ok: true, data: data as never, meta: meta() };
    } catch (error) {
      if (isAppError(error)) return { ok: false, error: error.toBody(), meta: meta() };
      logger.error({ err: error, command }, 'Command failed unexpectedly');
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { kind: 'internal', message: `Internal error: ${message}` }, meta: meta() };
    }
  }

  function readiness(): ReadinessReport {
    let isDatabaseUp = false;
    try {
      isDatabaseUp = db.prepare('SELECT 1').pluck().get() === 1;
    } catch {
      isDatabaseUp = false;
    }
    const checks = { database: isDatabaseUp, migrations: true, workers: pool.stats.alive > 0 };
    return { isReady: checks.database && checks.migrations && checks.workers, checks };
  }

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    closing ??= (async () => {
      await runner.shutdown(cancelGraceMs + 1000);
      await pool.stop();
      detachLogEvents();
      await stopCheckpoints();
      db.close();
      market.close();
      releaseDataDir();
      logger.info('Quantdesk stopped');
    })();
    return closing;
  }

  return {
    dispatch: dispatch as AppServices['dispatch'],
    events: hub,
    readiness,
    stageUpload: (name, chunks, signal) => stageFile(dataDir, name, chunks, signal),
    close,
  };
}

/** Uploads no queued import will read (a crash, or an upload never submitted) are deleted at start-up. */
function sweepLeftoverUploads(db: TrackingDb, dataDir: string, logger: Logger): void {
  const queuedImports = findJobsByStatus(db, ['queued']).filter((job) => job.kind === 'data/import');
  const stillNeeded = queuedImports.flatMap((job) => importPaths(job.params));
  const removed = sweepStaging(dataDir, stillNeeded);
  if (removed > 0) logger.info({ removed }, 'Deleted staged uploads no import needs');
}

function submitSampleImport(runner: JobRunner, sampleDataDir: string): void {
  const paths = readdirSync(sampleDataDir)
    .filter((name) => name.toLowerCase().endsWith('.csv'))
    .sort()
    .map((name) => join(sampleDataDir, name));
  if (paths.length > 0) runner.submit({ kind: 'data/import', params: { paths } });
}
