import { z } from 'zod';
import { backtestRunParams, backtestSweepParams, symbolList } from './backtest';

/**
 * Every job kind with its parameter schema. Main validates submissions against these;
 * the renderer uses them to build and check forms. Unknown fields are refused (strictObject).
 */

const filePath = z.string().min(1).max(4096);

export const dataImportParams = z.strictObject({
  paths: z.array(filePath).min(1).max(200),
});
export type DataImportParams = z.infer<typeof dataImportParams>;

/** Deletes stored symbols' prices; they must be stored when the job is submitted. */
export const dataDeleteParams = z.strictObject({
  symbols: symbolList(200),
});
export type DataDeleteParams = z.infer<typeof dataDeleteParams>;

/** Result of a `data/delete` job: the rows deleted of each symbol, in the order given. */
export interface DataDeleteResult {
  symbols: Array<{ symbol: string; rowsDeleted: number }>;
  rowsDeleted: number;
}

/** Diagnostic kinds exercise the runtime (tests, benchmarks); hosts enable them explicitly. */
export const diagnosticsSleepParams = z.strictObject({
  durationMs: z.int().min(0).max(3_600_000),
  /** Units the work is split into; completed units are not redone after a crash. */
  units: z.int().min(1).max(10_000).default(1),
});
export const diagnosticsHangParams = z.strictObject({
  durationMs: z.int().min(0).max(600_000),
});
export const diagnosticsCrashParams = z.strictObject({
  afterMs: z.int().min(0).max(60_000),
});
export const diagnosticsProgressFloodParams = z.strictObject({
  events: z.int().min(1).max(10_000_000),
  ratePerSecond: z.int().min(1).max(1_000_000),
});

/** A job split into chunks of units that run in parallel workers (tests the fan-out path). */
export const diagnosticsFanOutParams = z.strictObject({
  units: z.int().min(1).max(10_000),
  unitMs: z.int().min(0).max(60_000),
  chunkSize: z.int().min(1).max(1000).default(4),
  /** Units (by number) that finish with an error. */
  failingUnits: z.array(z.int().min(0).max(10_000)).max(10_000).default([]),
});

/** What one worker runs of a fan-out job: some of its units. */
export interface FanOutChunkParams<P = unknown> {
  /** The whole job's params. */
  job: P;
  /** Unit keys this chunk must run. */
  units: string[];
}

/**
 * Kinds that only main submits to workers: the chunks of fan-out jobs. Users cannot
 * submit them; workers implement them like any other kind.
 */
export const CHUNK_KINDS = ['diagnostics/fan-out-chunk', 'backtest/sweep-chunk'] as const;
export type ChunkKind = (typeof CHUNK_KINDS)[number];

export interface JobKindSpec {
  params: z.ZodType;
  label: string;
  /** Resumable kinds are re-queued after a crash and skip their completed units. */
  isResumable: boolean;
  isDiagnostic: boolean;
}

export const JOB_KINDS = {
  'data/import': { params: dataImportParams, label: 'Import CSV', isResumable: true, isDiagnostic: false },
  'data/delete': { params: dataDeleteParams, label: 'Delete prices', isResumable: false, isDiagnostic: false },
  'backtest/run': { params: backtestRunParams, label: 'Backtest', isResumable: false, isDiagnostic: false },
  'backtest/sweep': { params: backtestSweepParams, label: 'Sweep', isResumable: true, isDiagnostic: false },
  'diagnostics/sleep': { params: diagnosticsSleepParams, label: 'Sleep', isResumable: true, isDiagnostic: true },
  'diagnostics/hang': { params: diagnosticsHangParams, label: 'Hang', isResumable: false, isDiagnostic: true },
  'diagnostics/crash': { params: diagnosticsCrashParams, label: 'Crash', isResumable: false, isDiagnostic: true },
  'diagnostics/fan-out': { params: diagnosticsFanOutParams, label: 'Fan-out', isResumable: true, isDiagnostic: true },
  'diagnostics/progress-flood': {
    params: diagnosticsProgressFloodParams,
    label: 'Progress flood',
    isResumable: false,
    isDiagnostic: true,
  },
} as const satisfies Record<string, JobKindSpec>;

export type JobKind = keyof typeof JOB_KINDS;
export type JobParams<K extends JobKind> = z.output<(typeof JOB_KINDS)[K]['params']>;

export function isJobKind(value: string): value is JobKind {
  return Object.hasOwn(JOB_KINDS, value);
}

/** Whether an interrupted job of this kind resumes (skipping its finished units) rather than failing. */
export function isResumableKind(kind: string): boolean {
  return isJobKind(kind) && JOB_KINDS[kind].isResumable;
}

/** Result of a `data/import` job: one entry per file, in the order given. */
export interface ImportFileResult {
  path: string;
  symbol: string;
  status: 'imported' | 'failed' | 'skipped';
  rows: number;
  /**
   * Of an imported file's `rows`, those that replaced a stored bar of the same date (the
   * rest were added). Absent when nothing was imported, and in results stored before it
   * was counted: unknown there.
   */
  replacedRows?: number;
  firstDate: string | null;
  lastDate: string | null;
  error?: string;
}

export interface DataImportResult {
  files: ImportFileResult[];
  rowsImported: number;
}

/** A file's import outcome, if it has the shape this version writes (stored results, earlier runs). */
export function isImportFileResult(value: unknown): value is ImportFileResult {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as Record<string, unknown>;
  return (
    typeof result.path === 'string' &&
    typeof result.symbol === 'string' &&
    (result.status === 'imported' || result.status === 'failed' || result.status === 'skipped') &&
    typeof result.rows === 'number' &&
    (result.replacedRows === undefined || typeof result.replacedRows === 'number')
  );
}

export function isDataImportResult(value: unknown): value is DataImportResult {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as Record<string, unknown>;
  return typeof result.rowsImported === 'number' && Array.isArray(result.files) && result.files.every(isImportFileResult);
}
