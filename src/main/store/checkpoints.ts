import type Database from 'better-sqlite3';

/**
 * Takes WAL checkpoints on a timer instead of inside whichever write crosses
 * SQLite's auto-checkpoint threshold: a checkpoint syncs the database file
 * (several ms), and on the write path that made submit's p99 latency 12 ms
 * instead of well under 1 ms. PASSIVE never waits on readers or writers.
 */
export function scheduleCheckpoints(db: Database.Database, intervalMs = 1000): () => void {
  db.pragma('wal_autocheckpoint = 0');
  const timer = setInterval(() => {
    if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (db.open) db.pragma('wal_checkpoint(TRUNCATE)');
  };
}
