import type { Migration } from './migrate';

/**
 * The first tracking schema: jobs, their events, imports and the completed units
 * that let a resumed job skip finished work.
 *
 * Statuses are not CHECK-constrained on `jobs`: adding one would mean rebuilding a
 * table other tables reference, which cannot be done inside the runner's transaction.
 * Listing orders by `created_at, rowid`: the rowid is in every index for free and
 * breaks ties between jobs created in the same millisecond by insertion order.
 */
export const migration0010Init = {
  version: 10,
  name: 'init',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL,
        params TEXT NOT NULL,
        status TEXT NOT NULL,
        progress TEXT NOT NULL,
        warnings TEXT NOT NULL,
        error TEXT,
        result TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
      );
      CREATE INDEX jobs_by_created ON jobs (created_at);
      CREATE INDEX jobs_by_status_created ON jobs (status, created_at);
      CREATE INDEX jobs_by_kind_created ON jobs (kind, created_at, status);

      CREATE TABLE job_events (
        id INTEGER PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('status', 'warning', 'error')),
        data TEXT NOT NULL
      );
      CREATE INDEX job_events_by_job ON job_events (job_id);

      -- The import history outlives the job that made it.
      CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        job_id TEXT REFERENCES jobs (id) ON DELETE SET NULL,
        path TEXT NOT NULL,
        symbol TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('imported', 'failed', 'skipped')),
        rows INTEGER NOT NULL,
        first_date TEXT,
        last_date TEXT,
        error TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX imports_by_job ON imports (job_id);

      CREATE TABLE completed_units (
        job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        unit TEXT NOT NULL,
        outcome TEXT NOT NULL,
        completed_at TEXT NOT NULL,
        PRIMARY KEY (job_id, unit)
      ) WITHOUT ROWID;
    `);
  },
} satisfies Migration;
