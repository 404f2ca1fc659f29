import type { DataImportResult, ImportFileResult } from '../../shared/kinds';
import type { JobRecord } from '../../shared/job';
import type { TrackingDb } from '../store/connection';
import { completedUnits } from '../store/completed-units';
import { recordImport } from '../store/imports';
import { importPaths, releaseStagedFiles } from '../services/staging';
import { backtestRunHooks, backtestSweepHooks } from './backtest-hooks';
import { diagnosticsFanOutHooks } from './diagnostics-hooks';
import type { KindHookMap } from './kind-hooks';

export interface HookDependencies {
  db: TrackingDb;
  /** Where uploads are staged (see services/staging.ts). */
  dataDir: string;
  /** Most cells a sweep may have. */
  sweepCellLimit: number;
}

/** Main's side of each job kind that needs one (see KindHooks). */
export function createKindHooks({ db, dataDir, sweepCellLimit }: HookDependencies): KindHookMap {
  return {
    'data/import': {
      onFinished: (job) => {
        recordFinishedImport(db, job);
        // No job will read its uploads again: a finished import is not resumed.
        releaseStagedFiles(dataDir, importPaths(job.params));
      },
    },
    'backtest/run': backtestRunHooks(db),
    'backtest/sweep': backtestSweepHooks(db, sweepCellLimit),
    'diagnostics/fan-out': diagnosticsFanOutHooks,
  };
}

/** Keeps the import history: every file a finished import touched, including those a cancel left committed. */
function recordFinishedImport(db: TrackingDb, job: JobRecord): void {
  const files = job.result
    ? (job.result as DataImportResult).files
    : (Object.values(completedUnits(db, job.id)) as ImportFileResult[]);
  for (const file of files) recordImport(db, { ...file, jobId: job.id });
}
