import { afterEach, describe, expect, it, vi } from 'vitest';
import { UNIT_BATCH_MS, type UnitReport } from '../shared/worker-protocol';
import { UnitBatch } from './unit-batch';

afterEach(() => {
  vi.useRealTimers();
});

function recordingBatch(): { batch: UnitBatch; sent: UnitReport[][] } {
  const sent: UnitReport[][] = [];
  return { batch: new UnitBatch((units) => sent.push(units)), sent };
}

describe('UnitBatch', () => {
  it('sends the units finished within UNIT_BATCH_MS of the first as one message, in order', () => {
    vi.useFakeTimers();
    const { batch, sent } = recordingBatch();
    batch.add({ unit: 'a', outcome: 1 });
    batch.add({ unit: 'b', outcome: 2, error: 'no data' });
    vi.advanceTimersByTime(UNIT_BATCH_MS - 1);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[{ unit: 'a', outcome: 1 }, { unit: 'b', outcome: 2, error: 'no data' }]]);
    // Nothing pending: the timer is not rearmed, and a later unit starts a new batch.
    vi.advanceTimersByTime(10 * UNIT_BATCH_MS);
    batch.add({ unit: 'c', outcome: 3 });
    vi.advanceTimersByTime(UNIT_BATCH_MS);
    expect(sent.map((units) => units.map((unit) => unit.unit))).toEqual([['a', 'b'], ['c']]);
  });

  it('sends at once when flushed (before any other message of the job), and nothing when empty', () => {
    vi.useFakeTimers();
    const { batch, sent } = recordingBatch();
    batch.flush();
    batch.add({ unit: 'a', outcome: null });
    batch.flush();
    expect(sent).toEqual([[{ unit: 'a', outcome: null }]]);
    vi.advanceTimersByTime(UNIT_BATCH_MS);
    expect(sent).toHaveLength(1);
  });

  it('bounds a message: a full batch goes out without waiting', () => {
    vi.useFakeTimers();
    const { batch, sent } = recordingBatch();
    for (let unit = 0; unit < 600; unit++) batch.add({ unit: String(unit), outcome: unit });
    expect(sent.map((units) => units.length)).toEqual([256, 256]);
    vi.advanceTimersByTime(UNIT_BATCH_MS);
    expect(sent.map((units) => units.length)).toEqual([256, 256, 88]);
    expect(sent.flat().map((report) => report.unit)).toEqual(Array.from({ length: 600 }, (_, unit) => String(unit)));
  });
});
