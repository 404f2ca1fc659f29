import { isDataImportResult, isJobKind, JOB_KINDS, type ImportFileResult } from '../../../../shared/kinds';
import { CANCEL_REASONS, isTerminalStatus, type JobRecord } from '../../../../shared/job';
import { baseName, formatCount, formatDuration, formatPercent } from '../../format/format';
import { formatStat, STAT_SPECS } from '../backtests/stats';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function importPaths(params: unknown): string[] {
  return isRecord(params) && Array.isArray(params.paths) ? params.paths.filter((path): path is string => typeof path === 'string') : [];
}

/** The human name of a job's kind. */
export function jobTitle(job: JobRecord): string {
  return isJobKind(job.kind) ? JOB_KINDS[job.kind].label : job.kind;
}

/** A one-line description of what the job works on, from its params: what tells jobs apart (files, symbols) first. */
export function jobSubject(job: JobRecord): string {
  if (job.kind === 'data/import') {
    const names = importPaths(job.params).map(baseName);
    if (names.length === 0) return '';
    const listed = names.slice(0, 3).join(', ');
    return names.length > 3 ? `${listed} +${names.length - 3} more` : listed;
  }
  if (job.kind === 'data/delete' && isRecord(job.params) && Array.isArray(job.params.symbols)) return job.params.symbols.join(', ');
  if ((job.kind === 'backtest/run' || job.kind === 'backtest/sweep') && isRecord(job.params)) {
    const { strategy, symbols, params } = job.params;
    const values = isRecord(params) ? Object.entries(params).map(([name, value]) => `${name}=${String(value)}`) : [];
    const symbolList = Array.isArray(symbols) ? symbols.join(', ') : '';
    return [symbolList, String(strategy), values.join(' ')].filter(Boolean).join(' · ');
  }
  if (job.kind === 'diagnostics/sleep' && isRecord(job.params) && typeof job.params.durationMs === 'number') {
    const units = typeof job.params.units === 'number' ? job.params.units : 1;
    return `${formatDuration(job.params.durationMs)} in ${formatCount(units)} ${units === 1 ? 'unit' : 'units'}`;
  }
  return '';
}

/** What a cancelled job finished before it stopped, and keeps; null when nothing or unknown. */
function keptWork(job: JobRecord): string | null {
  if (isDataImportResult(job.result)) {
    const kept = job.result.files.filter((file) => file.status === 'imported').length;
    return kept > 0 ? `${kept} ${kept === 1 ? 'file' : 'files'} imported · ${formatCount(job.result.rowsImported)} rows kept` : null;
  }
  if (job.kind === 'backtest/sweep' && isRecord(job.result) && typeof job.result.finishedCells === 'number' && job.result.finishedCells > 0) {
    const total = typeof job.result.totalCells === 'number' ? ` of ${formatCount(job.result.totalCells)}` : '';
    return `${formatCount(job.result.finishedCells)}${total} cells finished`;
  }
  return null;
}

/** What a finished job came to, in a few words: never its last live progress, stale once it ended. */
export function jobOutcome(job: JobRecord): string {
  if (job.status === 'failed') return job.error?.message ?? 'Failed';
  if (job.status === 'cancelled') {
    const reason = job.cancelReason === null ? 'Cancelled.' : CANCEL_REASONS[job.cancelReason];
    // What a cancelled job committed stays: say so, not only that it was cancelled.
    const kept = keptWork(job);
    return kept ? `${reason} ${kept}` : reason;
  }
  if (job.kind === 'data/delete' && isRecord(job.result) && typeof job.result.rowsDeleted === 'number') {
    return `${formatCount(job.result.rowsDeleted)} rows deleted`;
  }
  if (isDataImportResult(job.result)) {
    const failed = job.result.files.filter((file) => file.status === 'failed').length;
    const imported = job.result.files.filter((file) => file.status === 'imported').length;
    const files = job.result.files.length;
    const replaced = replacedRows(job.result.files);
    const rows = `${formatCount(job.result.rowsImported)} rows${replaced ? `, ${formatCount(replaced)} replaced` : ''}`;
    return failed > 0 ? `${imported} imported, ${failed} failed · ${rows}` : `${files} ${files === 1 ? 'file' : 'files'} · ${rows}`;
  }
  const result = isRecord(job.result) ? job.result : {};
  if (job.kind === 'backtest/run' && isRecord(result.stats)) {
    const { returnPct, sharpeRatio, tradeCount } = result.stats;
    return [
      typeof returnPct === 'number' ? `Return ${returnPct >= 0 ? '+' : ''}${returnPct.toFixed(2)} %` : null,
      typeof sharpeRatio === 'number' ? `Sharpe ${sharpeRatio.toFixed(2)}` : null,
      typeof tradeCount === 'number' ? `${formatCount(tradeCount)} trades` : null,
    ]
      .filter(Boolean)
      .join(' · ');
  }
  if (job.kind === 'backtest/sweep' && typeof result.finishedCells === 'number') {
    const maximize = isRecord(job.params) && typeof job.params.maximize === 'string' && job.params.maximize in STAT_SPECS ? job.params.maximize : null;
    const metric = maximize ? formatStat(maximize as keyof typeof STAT_SPECS, result.bestMetric as number) : String(result.bestMetric);
    const best = typeof result.bestMetric === 'number' ? ` · best ${maximize ? STAT_SPECS[maximize as keyof typeof STAT_SPECS].label : ''} ${metric}` : '';
    const failed = typeof result.failedCells === 'number' && result.failedCells > 0 ? ` · ${formatCount(result.failedCells)} failed` : '';
    return `${formatCount(result.finishedCells)} cells${failed}${best}`;
  }
  return job.status === 'partial' ? 'Finished with some failures' : 'Completed';
}

/**
 * The live progress a failed or cancelled job last reported, for its detail: where it stopped.
 * Null for other jobs, for one that never started (its message only said it was waiting), and
 * when there is none.
 */
export function lastProgress(job: JobRecord): string | null {
  if ((job.status !== 'failed' && job.status !== 'cancelled') || job.startedAt === null) return null;
  if (!job.progress.message) return null;
  return `${job.progress.message} (${formatPercent(job.progress.fraction)})`;
}

/** How many imported rows replaced stored bars; null when a file's count is unknown (stored before it was counted). */
function replacedRows(files: readonly ImportFileResult[]): number | null {
  let replaced = 0;
  for (const file of files) {
    if (file.status !== 'imported') continue;
    if (file.replacedRows === undefined) return null;
    replaced += file.replacedRows;
  }
  return replaced;
}

/** A file of an import as listed in the job's detail: its outcome, else `pending` while the job runs and `not-imported` once it ended (not started, or rolled back by a cancel). */
export interface ImportFileRow {
  path: string;
  symbol: string | null;
  status: ImportFileResult['status'] | 'pending' | 'not-imported';
  rows: number | null;
  /** Of `rows`, those that replaced stored bars of the same date; absent when unknown or nothing was imported. */
  replacedRows?: number;
  firstDate: string | null;
  lastDate: string | null;
  error?: string;
}

/**
 * One row per file the import lists, with its outcome when known. A finished run's result
 * lists every file; a cancelled or crashed one's only those that were settled.
 */
export function importFileRows(job: JobRecord): ImportFileRow[] {
  const settled = isDataImportResult(job.result) ? job.result.files : [];
  const paths = importPaths(job.params);
  if (settled.length >= paths.length) return settled;
  // A path may be listed more than once: each listing takes the next outcome for it.
  const outcomes = new Map<string, ImportFileResult[]>();
  for (const file of settled) outcomes.set(file.path, [...(outcomes.get(file.path) ?? []), file]);
  const status = isTerminalStatus(job.status) ? 'not-imported' : 'pending';
  return paths.map((path) => outcomes.get(path)?.shift() ?? { path, symbol: null, status, rows: null, firstDate: null, lastDate: null });
}
