import type { Migration } from './migrate';

/**
 * Deleting a sweep marks it (`deleted_at`, NULL while it lives) and its rows are then purged
 * in short batches (`store/sweep-deletions.ts`): one cascading DELETE of a 10,000-cell sweep
 * held main ~440 ms. The partial index lists the marked sweeps (usually none), oldest first,
 * from the index alone: what the purge and every reader hiding their cells look up.
 */
export const migration0070SweepDeletions = {
  version: 70,
  name: 'sweep deletions',
  up(db) {
    db.exec(`
      ALTER TABLE sweeps ADD COLUMN deleted_at TEXT;
      CREATE INDEX deleted_sweeps ON sweeps (deleted_at, id) WHERE deleted_at IS NOT NULL;
    `);
  },
} satisfies Migration;
