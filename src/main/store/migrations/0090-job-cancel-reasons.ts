import type { Migration } from './migrate';

/**
 * Keeps why a job was cancelled in a column of its own. The reason used to be written over
 * the job's progress message, losing where the job stopped; the jobs cancelled before keep
 * their reason here and an empty message (what it replaced is gone). The texts are the ones
 * the runner wrote until now: a migration does not follow later changes to them.
 */
export const migration0090JobCancelReasons = {
  version: 90,
  name: 'job cancel reasons',
  up(db) {
    db.exec(`
      ALTER TABLE jobs ADD COLUMN cancel_reason TEXT;
      UPDATE jobs
         SET cancel_reason = CASE json_extract(progress, '$.message')
               WHEN 'Cancelled by the user.' THEN 'user'
               WHEN 'Cancelled before it started.' THEN 'beforeStart'
               ELSE 'shutdown'
             END,
             progress = json_set(progress, '$.message', '')
       WHERE status = 'cancelled'
         AND json_valid(progress)
         AND json_extract(progress, '$.message') IN
             ('Cancelled by the user.', 'Cancelled before it started.', 'Cancelled because Quantdesk was shutting down.');
    `);
  },
} satisfies Migration;
