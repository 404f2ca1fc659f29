import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, MAX_SWEEP_CELL_LIMIT } from '../../shared/settings';
import { TRACKING_DB_FILE } from './data-dir';
import { openTrackingStore } from '../store/connection';
import { useTestApps } from '../test-lifecycle';
import { makeTempDir } from '../test-support';

const start = useTestApps();

function storedRows(dataDir: string): Array<{ name: string; value: string }> {
  const db = openTrackingStore(join(dataDir, TRACKING_DB_FILE));
  try {
    return db.prepare<[], { name: string; value: string }>('SELECT name, value FROM settings ORDER BY name').all();
  } finally {
    db.close();
  }
}

describe('settings', () => {
  it('start at their defaults, and a change is stored, announced and kept across a restart', async () => {
    const dataDir = makeTempDir();
    const first = await start({ dataDir });
    expect(await first.invoke('settings/get', {})).toEqual(DEFAULT_SETTINGS);

    expect(await first.invoke('settings/update', { sweepCellLimit: 25_000 })).toEqual({ sweepCellLimit: 25_000 });
    expect(await first.waitForEvent('settings/updated', () => true)).toEqual({ sweepCellLimit: 25_000 });
    // An empty change changes nothing.
    expect(await first.invoke('settings/update', {})).toEqual({ sweepCellLimit: 25_000 });
    await first.close();

    const second = await start({ dataDir });
    expect(await second.invoke('settings/get', {})).toEqual({ sweepCellLimit: 25_000 });
  });

  it('refuse a value out of bounds, not whole, or a setting that does not exist, and keep what was stored', async () => {
    const harness = await start();
    await harness.invoke('settings/update', { sweepCellLimit: 500 });
    for (const change of [{ sweepCellLimit: 0 }, { sweepCellLimit: MAX_SWEEP_CELL_LIMIT + 1 }, { sweepCellLimit: 2.5 }, { sweepCellLimit: '100' }, { sweepCells: 5 }]) {
      const error = await harness.invokeError('settings/update', change);
      expect(error.kind).toBe('invalid');
    }
    expect((await harness.invokeError('settings/update', { sweepCellLimit: 0 })).message).toMatch(/sweepCellLimit/);
    expect(await harness.invoke('settings/get', {})).toEqual({ sweepCellLimit: 500 });
    expect(storedRows(harness.dataDir)).toEqual([{ name: 'sweepCellLimit', value: '500' }]);
  });

  it('read a stored value this version cannot use as the default, say so in the log, and keep the row until set again', async () => {
    const dataDir = makeTempDir();
    await (await start({ dataDir })).close();
    const db = openTrackingStore(join(dataDir, TRACKING_DB_FILE));
    db.prepare("INSERT INTO settings (name, value, updated_at) VALUES ('sweepCellLimit', '5000000', 'then'), ('fromANewerVersion', '\"x\"', 'then')").run();
    db.close();

    const harness = await start({ dataDir });
    expect(await harness.invoke('settings/get', {})).toEqual(DEFAULT_SETTINGS);
    const { entries } = await harness.invoke('logs/tail', { minLevel: 'warn', search: 'sweepCellLimit' });
    expect(entries.map((entry) => entry.message)).toContain('Stored setting sweepCellLimit (5000000) is not valid here; using its default until it is set again');
    expect(storedRows(dataDir)).toEqual([
      { name: 'fromANewerVersion', value: '"x"' },
      { name: 'sweepCellLimit', value: '5000000' },
    ]);

    await harness.invoke('settings/update', { sweepCellLimit: 20_000 });
    expect(storedRows(dataDir)).toContainEqual({ name: 'sweepCellLimit', value: '20000' });
  });
});
