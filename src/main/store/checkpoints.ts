import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * The checkpointer: a thread with its own connection that copies the WAL back into the
 * database file. It is inline (eval) so it needs no build entry of its own; it gets
 * better-sqlite3 by absolute path.
 */
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 100');
const checkpoint = (mode) => { try { db.pragma('wal_checkpoint(' + mode + ')'); } catch {} };
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort.close();
});
`;

/**
 * Takes WAL checkpoints off main's thread instead of inside whichever write crosses
 * SQLite's auto-checkpoint threshold: a checkpoint copies pages and syncs the file,
 * which on main's thread made submit's p99 latency 12 ms and, under a sweep's writes,
 * stalled main's event loop for up to ~200 ms. PASSIVE never waits on the writer.
 * Returns a function that stops the thread after a final TRUNCATE checkpoint.
 */
export function scheduleCheckpoints(db: Database.Database, intervalMs = 1000): () => Promise<void> {
  db.pragma('wal_autocheckpoint = 0');
  const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const thread = new Worker(CHECKPOINTER, { eval: true, workerData: { file: db.name, sqlitePath, intervalMs } });
  thread.unref();
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  return async () => {
    // Unreferenced, the thread would not keep the process alive until its last checkpoint.
    thread.ref();
    thread.postMessage('stop');
    await exited;
  };
}
