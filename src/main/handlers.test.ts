import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../shared/contract';
import { TRACKING_DB_FILE } from './services/data-dir';
import { openTrackingStore, type TrackingDb } from './store/connection';
import { deleteSweep } from './store/sweeps';
import { storeSweepFixture } from './store/test-helpers';
import { useTestApps } from './test-lifecycle';
import { makeTempDir, type TestApp } from './test-support';

const start = useTestApps();

/** A data directory whose tracking store holds sweeps 'gone' and 'kept'; `prepare` runs on it before it is closed. */
function dataDirWithSweeps(prepare: (db: TrackingDb) => void = () => {}): string {
  const dataDir = makeTempDir();
  const db = openTrackingStore(join(dataDir, TRACKING_DB_FILE));
  storeSweepFixture(db, 'gone', { cells: 5 });
  storeSweepFixture(db, 'kept');
  prepare(db);
  db.close();
  return dataDir;
}

/** Resolves once the app has logged that it purged the sweep (before or after this is called). */
async function sweepPurged(harness: TestApp, sweepId: string): Promise<void> {
  const isPurge = (entry: LogEntry) => entry.message === 'Purged a deleted sweep' && entry.fields?.sweepId === sweepId;
  const { entries } = await harness.invoke('logs/tail', { search: 'Purged a deleted sweep' });
  if (!entries.some(isPurge)) await harness.waitForEvent('log/appended', isPurge);
}

/** Rows left of a sweep, read once the app is closed. */
function rowsLeft(dataDir: string, sweepId: string): number {
  const db = openTrackingStore(join(dataDir, TRACKING_DB_FILE));
  try {
    const count = (table: string, column: string) => db.prepare(`SELECT count(*) FROM ${table} WHERE ${column} = ?`).pluck().get(sweepId) as number;
    return count('sweeps', 'id') + count('sweep_cells', 'sweep_id') + count('backtests', 'sweep_id');
  } finally {
    db.close();
  }
}

describe('sweeps/delete', () => {
  it('answers once the sweep is hidden, then purges its rows in the background', async () => {
    const dataDir = dataDirWithSweeps();
    const harness = await start({ dataDir, concurrency: 1 });

    expect(await harness.invoke('sweeps/delete', { id: 'gone' })).toEqual({ id: 'gone' });
    expect((await harness.invokeError('sweeps/get', { id: 'gone' })).kind).toBe('not_found');
    expect((await harness.invokeError('sweeps/delete', { id: 'gone' })).kind).toBe('not_found');
    expect((await harness.invoke('sweeps/list', {})).sweeps.map((sweep) => sweep.id)).toEqual(['kept']);
    const runs = await harness.invoke('backtests/list', { includeSweepCells: true });
    expect(runs.runs.every((run) => run.sweepId === 'kept')).toBe(true);
    expect((await harness.invokeError('backtests/get', { id: 'gone-cell-0' })).kind).toBe('not_found');

    await sweepPurged(harness, 'gone');
    await harness.close();
    expect(rowsLeft(dataDir, 'gone')).toBe(0);
    expect(rowsLeft(dataDir, 'kept')).toBe(1 + 4 + 3);
  });

  it('is finished at start-up for a sweep marked deleted whose purge never ran', async () => {
    const dataDir = dataDirWithSweeps((db) => deleteSweep(db, 'gone'));
    const harness = await start({ dataDir, concurrency: 1 });
    expect((await harness.invoke('sweeps/list', {})).total).toBe(1);

    await sweepPurged(harness, 'gone');
    await harness.close();
    expect(rowsLeft(dataDir, 'gone')).toBe(0);
    expect(rowsLeft(dataDir, 'kept')).toBe(1 + 4 + 3);
  });
});
