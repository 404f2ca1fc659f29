import type { Migration } from './migrate';
import { migration0010Init } from './0010-init';
import { migration0020Backtests } from './0020-backtests';
import { migration0030SweepCellsKeepStatistics } from './0030-sweep-cells-keep-statistics';
import { migration0040SweepCellsUnindexedMetric } from './0040-sweep-cells-unindexed-metric';
import { migration0050BacktestSymbolWarnings } from './0050-backtest-symbol-warnings';
import { migration0060RunsBySymbolList } from './0060-runs-by-symbol-list';
import { migration0070SweepDeletions } from './0070-sweep-deletions';
import { migration0080Settings } from './0080-settings';
import { migration0090JobCancelReasons } from './0090-job-cancel-reasons';

/** The tracking store's migrations, oldest first. Append only. */
export const trackingMigrations: readonly Migration[] = [
  migration0010Init,
  migration0020Backtests,
  migration0030SweepCellsKeepStatistics,
  migration0040SweepCellsUnindexedMetric,
  migration0050BacktestSymbolWarnings,
  migration0060RunsBySymbolList,
  migration0070SweepDeletions,
  migration0080Settings,
  migration0090JobCancelReasons,
];
