import path from 'node:path';
import type { Logger } from 'pino';
import type { JobRecord } from '../../shared/job';
import { isDataImportResult, isImportFileResult, type DataImportResult, type ImportFileResult } from '../../shared/kinds';
import type { TrackingDb } from '../store/connection';
import { recordImport } from '../store/imports';
import { updateJob } from '../store/jobs';
import { importPaths, releaseStagedFiles } from '../services/staging';
import type { KindHooks } from './kind-hooks';

/**
 * `data/import`: the job's result lists each file's outcome as the worker reports it, so an
 * import that is cancelled, or whose worker crashes, still shows which files were imported,
 * which failed and why (the files it lacks were not started). A finished run's own result
 * replaces it.
 */
export function dataImportHooks(db: TrackingDb, dataDir: string, logger: Logger): KindHooks {
  return {
    onUnit(job, _unit, outcome) {
      if (isImportFileResult(outcome)) {
        job.result = withFileOutcome(job, outcome);
        // In the unit's transaction: an app killed mid-import keeps the files' outcomes with its units.
        updateJob(db, job);
        // The job's own error only sums up ("BAD.csv could not be imported"): the log says why.
        if (outcome.status === 'failed') logger.warn({ jobId: job.id, file: outcome.path }, `${path.basename(outcome.path)} was not imported: ${outcome.error ?? 'no reason given'}`);
      }
      return outcome;
    },
    onFinished(job) {
      recordFinishedImport(db, job);
      // No job will read its uploads again: a finished import is not resumed.
      releaseStagedFiles(dataDir, importPaths(job.params));
    },
  };
}

/** The job's result with `file`'s outcome in it (replacing an earlier one), in the order the job lists its files. */
function withFileOutcome(job: JobRecord, file: ImportFileResult): DataImportResult {
  const others = isDataImportResult(job.result) ? job.result.files.filter((known) => known.path !== file.path) : [];
  const order = importPaths(job.params);
  const files = [...others, file].sort((a, b) => order.indexOf(a.path) - order.indexOf(b.path));
  return { files, rowsImported: files.reduce((sum, known) => sum + (known.status === 'imported' ? known.rows : 0), 0) };
}

/** Keeps the import history: every file a finished import touched, including those a cancel left committed. */
function recordFinishedImport(db: TrackingDb, job: JobRecord): void {
  if (!isDataImportResult(job.result)) return;
  for (const file of job.result.files) recordImport(db, { ...file, jobId: job.id });
}
