import type { BacktestSeries } from '../../shared/backtest';
import { deleteRun, getRunSeries } from '../store/backtests';
import type { TrackingDb } from '../store/connection';

/**
 * Backtest commands that span tables. Series are returned in full: downsampling for
 * charts is the renderer's job (LTTB in a Web Worker).
 */

export function getBacktestSeries(db: TrackingDb, id: string, symbol: string): BacktestSeries {
  return getRunSeries(db, id, symbol);
}

/** Deletes a run (symbols, curves, trades cascade); a sweep cell is refused, its sweep is deleted whole. */
export function deleteBacktest(db: TrackingDb, id: string): { id: string } {
  deleteRun(db, id);
  return { id };
}
