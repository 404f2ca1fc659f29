import type { Migration } from './migrate';

/**
 * Drops the index of sweep cells by metric. Only finishing a sweep, or deleting one of its
 * runs, looks for the best cell; the sweep's own cells are then read through the primary key,
 * which takes a few milliseconds for 10,000 cells. Meanwhile, every stored cell updated the
 * index at a random place, which cost a quarter of the pages each stored cell wrote.
 */
export const migration0040SweepCellsUnindexedMetric = {
  version: 40,
  name: 'sweep cells unindexed metric',
  up(db) {
    db.exec('DROP INDEX sweep_cells_by_metric');
  },
} satisfies Migration;
