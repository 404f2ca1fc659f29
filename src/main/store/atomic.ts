import type Database from 'better-sqlite3';
import { statementCache } from './sqlite';

/**
 * Makes a multi-statement write atomic: it runs in a transaction of its own, or as part of
 * the caller's when one is open (the runner stores a burst of sweep cells in one).
 * better-sqlite3 would nest a SAVEPOINT there, and that costs ~0.1 ms a sweep cell: SQLite
 * first copies to a sub-journal each page the open transaction had changed that the write
 * changes again. It adds nothing as long as a caller whose transaction sees `write` throw
 * rolls it back whole.
 */
export function atomic<D extends Database.Database, A extends unknown[]>(
  write: (db: D, ...args: A) => void,
): (db: D, ...args: A) => void {
  // Built once per handle: wrapping a function as a transaction costs ~10 µs.
  const ownTransaction = statementCache((db: D) => db.transaction((...args: A) => write(db, ...args)));
  return (db, ...args) => {
    if (db.inTransaction) write(db, ...args);
    else ownTransaction(db)(...args);
  };
}
