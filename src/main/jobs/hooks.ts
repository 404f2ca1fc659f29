import type { Logger } from 'pino';
import type { DataDeleteParams } from '../../shared/kinds';
import type { TrackingDb } from '../store/connection';
import type { MarketDb } from '../store/market/connection';
import { backtestRunHooks, backtestSweepHooks } from './backtest-hooks';
import { diagnosticsFanOutHooks } from './diagnostics-hooks';
import { dataImportHooks } from './import-hooks';
import type { KindHookMap } from './kind-hooks';
import { checkSymbolsStored } from './stored-symbols';

export interface HookDependencies {
  db: TrackingDb;
  /** Main's read-only connection to the prices (backtests and deletes check their symbols against it). */
  market: MarketDb;
  /** Where uploads are staged (see services/staging.ts). */
  dataDir: string;
  /** Most cells a sweep may have: the user's setting, read at each submit. */
  sweepCellLimit: () => number;
  logger: Logger;
}

/** Main's side of each job kind that needs one (see KindHooks). */
export function createKindHooks({ db, market, dataDir, sweepCellLimit, logger }: HookDependencies): KindHookMap {
  return {
    'data/import': dataImportHooks(db, dataDir, logger),
    'data/delete': { validate: (params) => checkSymbolsStored(market, (params as DataDeleteParams).symbols) },
    'backtest/run': backtestRunHooks(db, market),
    'backtest/sweep': backtestSweepHooks(db, market, sweepCellLimit),
    'diagnostics/fan-out': diagnosticsFanOutHooks,
  };
}
