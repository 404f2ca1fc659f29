import type { Logger } from 'pino';
import type { TrackingDb } from './connection';
import { statementCache } from './sqlite';

/**
 * Cells removed per transaction by default: 50 cells of a two-symbol sweep take 2–3 ms (a
 * cell's run with its index entries, symbol rows and cell row ~50 µs), the slowest of a
 * 10,000-cell sweep's batches 5–15 ms, so main stays within its 20 ms event-loop budget.
 * Batches of 200 took 11 ms, the slowest up to 25 ms.
 */
const PURGE_BATCH_CELLS = 50;

export interface PurgeOptions {
  logger: Logger;
  /** Cells removed per transaction. */
  batchSize?: number;
}

const statements = statementCache((db: TrackingDb) => ({
  oldestDeleted: db.prepare<[], string>('SELECT id FROM sweeps WHERE deleted_at IS NOT NULL ORDER BY deleted_at LIMIT 1').pluck(),
  // Their symbols, trades and cell rows go with them: the foreign keys cascade.
  deleteRuns: db.prepare<[string, number]>('DELETE FROM backtests WHERE rowid IN (SELECT rowid FROM backtests WHERE sweep_id = ? LIMIT ?)'),
  // Failed cells, which have no run.
  deleteCells: db.prepare<[string, string, number]>(
    'DELETE FROM sweep_cells WHERE sweep_id = ? AND cell_key IN (SELECT cell_key FROM sweep_cells WHERE sweep_id = ? LIMIT ?)',
  ),
  deleteSweep: db.prepare<[string]>('DELETE FROM sweeps WHERE id = ?'),
}));

/** Removes up to `batchSize` of the sweep's cells, and the sweep row once none is left; true when it is gone. */
const purgeBatch = statementCache((db: TrackingDb) =>
  db.transaction((id: string, batchSize: number): boolean => {
    const statement = statements(db);
    let left = batchSize - statement.deleteRuns.run(id, batchSize).changes;
    if (left > 0) left -= statement.deleteCells.run(id, id, left).changes;
    if (left === 0) return false;
    statement.deleteSweep.run(id);
    return true;
  }),
);

const purges = new WeakMap<TrackingDb, Promise<void>>();

/**
 * Removes the rows of every sweep marked deleted, one after another, in short transactions
 * with the event loop free in between. Called after marking one and at start-up (a purge cut
 * short by a crash or quit is finished there). A call while a purge runs joins it: that one
 * takes up the sweeps marked since, so no sweep is ever purged twice at once. Never rejects:
 * it stops when the db is closed, and logs a failure, leaving the rest to the next call.
 */
export function purgeDeletedSweeps(db: TrackingDb, { logger, batchSize = PURGE_BATCH_CELLS }: PurgeOptions): Promise<void> {
  const running = purges.get(db);
  if (running) return running;
  const purge = new Promise<void>((resolve) => {
    let current: { id: string; batches: number; startedAt: number } | null = null;
    const stop = () => {
      purges.delete(db);
      resolve();
    };
    // Decides to stop in the same turn as it finds nothing left, so a call made after that starts a new purge.
    const step = () => {
      if (!db.open) return stop();
      try {
        if (current === null) {
          const id = statements(db).oldestDeleted.get();
          if (id === undefined) return stop();
          current = { id, batches: 0, startedAt: performance.now() };
        }
        current.batches += 1;
        if (purgeBatch(db)(current.id, batchSize)) {
          const elapsedMs = Math.round(performance.now() - current.startedAt);
          logger.info({ sweepId: current.id, batches: current.batches, elapsedMs }, 'Purged a deleted sweep');
          current = null;
        }
      } catch (error) {
        logger.error({ err: error }, 'Purging deleted sweeps failed; it is tried again at the next delete or start');
        return stop();
      }
      setImmediate(step);
    };
    setImmediate(step);
  });
  purges.set(db, purge);
  return purge;
}
