import Database from 'better-sqlite3';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';

export const LOCK_FILE = 'quantdesk.lock';

/**
 * Claims the data directory for this process: two apps on one directory would each take the
 * other's running jobs for interrupted ones, run them twice and overwrite each other's rows.
 *
 * The claim is an exclusive SQLite lock on a file of its own, held by a connection that never
 * releases it (`locking_mode = EXCLUSIVE`): SQLite takes it with the OS's file locks, which
 * the OS drops when the process ends however it ends, so a crash leaves no stale claim to
 * clean up (as a lock file with a PID in it would). Returns the release; throws AppError
 * 'conflict' when another process holds the directory.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  // No busy timeout: a held lock is an answer, not something to wait for.
  const connection = new Database(path, { timeout: 0 });
  try {
    connection.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock, and in this mode keeps it until the connection closes.
    connection.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL)');
    connection.prepare('INSERT OR REPLACE INTO holder (id, pid) VALUES (1, ?)').run(process.pid);
  } catch (error) {
    connection.close();
    if (isBusy(error)) {
      throw new AppError(
        'conflict',
        `Another Quantdesk is already using the data directory ${dataDir}. Close it first, or start this one with another data directory (--data-dir).`,
        { dataDir },
      );
    }
    throw error;
  }
  return () => connection.close();
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
