import { z } from 'zod';
import type { ErrorBody } from './errors';
import {
  NUMERIC_STAT_KEYS,
  STRATEGY_NAMES,
  type BacktestDetail,
  type BacktestSeries,
  type BacktestSummary,
  type NumericStatKey,
  type StrategyName,
  type SweepCellStatistics,
  type SweepDetail,
  type SweepSummary,
  type Trade,
} from './backtest';
import { JOB_STATUSES, type JobProgress, type JobRecord } from './job';
import { settingsChange, type Settings } from './settings';

/**
 * The one contract between the renderer and main, whatever carries it
 * (Electron IPC or HTTP + SSE). Request schemas are zod (validated at main's
 * boundary, unknown fields refused); responses and events are plain types.
 */

const jobId = z.string().min(1).max(64);
const kindName = z.string().min(1).max(64);
const recordId = z.string().min(1).max(64);

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Largest file the headless host stages for import (an upload's body), in bytes. */
export const MAX_STAGED_FILE_BYTES = 64 * 1024 * 1024;

/** What an upload (`POST /api/uploads/<file name>`, headless host only) answers: where the file was staged. */
export interface StagedUpload {
  path: string;
}

export const commandSchemas = {
  'jobs/submit': z.strictObject({ kind: kindName, params: z.unknown() }),
  'jobs/cancel': z.strictObject({ id: jobId }),
  'jobs/get': z.strictObject({ id: jobId }),
  'jobs/list': z.strictObject({
    statuses: z.array(z.enum(JOB_STATUSES)).max(JOB_STATUSES.length).optional(),
    kind: kindName.optional(),
    limit: z.int().min(1).max(500).default(100),
    offset: z.int().min(0).max(10_000_000).default(0),
  }),
  'data/symbols': z.strictObject({}),
  'logs/tail': z.strictObject({
    limit: z.int().min(1).max(2000).default(500),
    minLevel: z.enum(LOG_LEVELS).default('trace'),
    search: z.string().max(200).optional(),
  }),
  'system/status': z.strictObject({}),
  'backtests/list': z.strictObject({
    sortBy: z.enum(['createdAt', ...NUMERIC_STAT_KEYS] as ['createdAt', ...NumericStatKey[]]).default('createdAt'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    strategy: z.enum(STRATEGY_NAMES as [StrategyName, ...StrategyName[]]).optional(),
    symbol: z.string().max(20).optional(),
    status: z.enum(['succeeded', 'partial', 'failed']).optional(),
    /** Matches name, notes, strategy and symbols. */
    search: z.string().max(100).optional(),
    /** Sweep cells are backtests too; the list leaves them out unless asked. */
    includeSweepCells: z.boolean().default(false),
    /** Only this sweep's cells (ties in the order they finished, as the sweep's best is chosen). */
    sweepId: recordId.optional(),
    limit: z.int().min(1).max(500).default(100),
    offset: z.int().min(0).max(10_000_000).default(0),
  }),
  /** Every symbol of a stored run (not of sweep cells): what `backtests/list` can be filtered by. */
  'backtests/symbols': z.strictObject({}),
  'backtests/get': z.strictObject({ id: recordId }),
  'backtests/series': z.strictObject({ id: recordId, symbol: z.string().min(1).max(20) }),
  'backtests/trades': z.strictObject({
    id: recordId,
    symbol: z.string().min(1).max(20),
    limit: z.int().min(1).max(100_000).default(1000),
    offset: z.int().min(0).default(0),
  }),
  'backtests/update': z.strictObject({ id: recordId, notes: z.string().max(20_000) }),
  'backtests/delete': z.strictObject({ id: recordId }),
  'sweeps/list': z.strictObject({
    limit: z.int().min(1).max(500).default(100),
    offset: z.int().min(0).max(10_000_000).default(0),
  }),
  'sweeps/get': z.strictObject({ id: recordId }),
  /** A page of a sweep's cells with all their statistics, for the cells export (`sweeps/get` carries the maximized one only). */
  'sweeps/cells': z.strictObject({
    id: recordId,
    limit: z.int().min(1).max(5000).default(1000),
    offset: z.int().min(0).max(10_000_000).default(0),
  }),
  /** Deletes a sweep with all its cells' runs; refused ('conflict') while its job is queued or running. */
  'sweeps/delete': z.strictObject({ id: recordId }),
  'settings/get': z.strictObject({}),
  /** Changes the settings named; answers all of them as they now are. */
  'settings/update': settingsChange,
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandRequest<C extends CommandName> = z.input<(typeof commandSchemas)[C]>;
export type ParsedCommandRequest<C extends CommandName> = z.output<(typeof commandSchemas)[C]>;

export interface JobList {
  jobs: JobRecord[];
  total: number;
  nextOffset: number | null;
}

export interface SymbolCoverage {
  symbol: string;
  firstDate: string;
  lastDate: string;
  rows: number;
  source: string;
  updatedAt: string;
}

export interface LogEntry {
  seq: number;
  time: string;
  level: LogLevel;
  message: string;
  /** 'main', 'host', or 'worker' (then `pid` names the process). */
  source: string;
  pid?: number;
  fields?: Record<string, unknown>;
}

export interface SystemStatus {
  version: string;
  dataDir: string;
  startedAt: string;
  workers: { size: number; alive: number; busy: number; restarts: number };
  queue: { waiting: number; running: number; queueLimit: number; concurrency: number };
  diagnosticsEnabled: boolean;
}

export interface CommandResponses {
  'jobs/submit': JobRecord;
  'jobs/cancel': JobRecord;
  'jobs/get': JobRecord;
  'jobs/list': JobList;
  'data/symbols': { symbols: SymbolCoverage[] };
  'logs/tail': { entries: LogEntry[] };
  'system/status': SystemStatus;
  'backtests/list': { runs: BacktestSummary[]; total: number; nextOffset: number | null };
  'backtests/symbols': { symbols: string[] };
  'backtests/get': BacktestDetail;
  'backtests/series': BacktestSeries;
  'backtests/trades': { trades: Trade[]; total: number };
  'backtests/update': BacktestSummary;
  'backtests/delete': { id: string };
  'sweeps/list': { sweeps: SweepSummary[]; total: number; nextOffset: number | null };
  'sweeps/get': SweepDetail;
  'sweeps/cells': { cells: SweepCellStatistics[]; total: number; nextOffset: number | null };
  'sweeps/delete': { id: string };
  'settings/get': Settings;
  'settings/update': Settings;
}

export type CommandResponse<C extends CommandName> = CommandResponses[C];

export interface ResponseMeta {
  elapsedMs: number;
}

/** Every command answers with this envelope; an error never answers `ok: true`. */
export type Envelope<T> =
  | { ok: true; data: T; meta: ResponseMeta }
  | { ok: false; error: ErrorBody; meta: ResponseMeta };

export interface EventPayloads {
  /** A status change or any other change to the record but progress: the full record. */
  'job/updated': JobRecord;
  /** Coalesced: at most ~10 per second per job. */
  'job/progress': { id: string; progress: JobProgress };
  'log/appended': LogEntry;
  /** Worker pool or queue changed. */
  'system/updated': SystemStatus;
  /** Someone changed the settings (in any window): all of them as they now are. */
  'settings/updated': Settings;
}

export type EventName = keyof EventPayloads;

/** One event; a union over the names, so checking `name` narrows `payload`. */
export type AppEvent<E extends EventName = EventName> = { [K in E]: { name: K; payload: EventPayloads[K] } }[E];

export const EVENT_NAMES = ['job/updated', 'job/progress', 'log/appended', 'system/updated', 'settings/updated'] as const satisfies readonly EventName[];

/**
 * What the renderer talks to: implemented by the preload bridge in Electron and by
 * the HTTP client in the browser. Same shapes, same names.
 */
export interface QuantdeskApi {
  invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<Envelope<CommandResponse<C>>>;
  /** Receives every event; returns the unsubscribe function. */
  subscribe(listener: (event: AppEvent) => void): () => void;
  /** The local path of a picked or dropped file, where the transport can know it (Electron). */
  pathForFile?(file: File): string | undefined;
}
