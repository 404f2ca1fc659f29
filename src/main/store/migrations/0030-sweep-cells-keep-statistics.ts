import type { Migration } from './migrate';

/**
 * Sweep cells from now on keep their statistics only, not curves and trades: a 10,000-cell
 * sweep used to store gigabytes, and storing every cell's trades held up main. A run says
 * whether it has its curves and trades; every run stored before this migration has them.
 */
export const migration0030SweepCellsKeepStatistics = {
  version: 30,
  name: 'sweep cells keep statistics',
  up(db) {
    db.exec('ALTER TABLE backtests ADD COLUMN has_details INTEGER NOT NULL DEFAULT 1 CHECK (has_details IN (0, 1))');
  },
} satisfies Migration;
