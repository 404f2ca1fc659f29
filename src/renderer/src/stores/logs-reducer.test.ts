import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../shared/contract';
import { appendLogEntries, mergeLogTail } from './logs-reducer';

function entry(seq: number, time = `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`): LogEntry {
  return { seq, time, level: 'info', message: `line ${seq}`, source: 'main' };
}

const seqs = (entries: readonly LogEntry[]) => entries.map((item) => item.seq);

describe('appendLogEntries', () => {
  it('appends in order and keeps only the newest entries', () => {
    const entries = appendLogEntries([entry(1), entry(2)], [entry(3), entry(4)], 3);
    expect(seqs(entries)).toEqual([2, 3, 4]);
  });

  it('drops duplicates and sorts entries that arrive out of order', () => {
    const entries = appendLogEntries([entry(1), entry(3)], [entry(2), entry(3)]);
    expect(seqs(entries)).toEqual([1, 2, 3]);
  });
});

describe('mergeLogTail', () => {
  it('merges a tail that overlaps the live entries', () => {
    const held = [entry(5), entry(6), entry(7)];
    expect(seqs(mergeLogTail(held, [entry(3), entry(4), entry(5), entry(6)]))).toEqual([3, 4, 5, 6, 7]);
  });

  it('replaces the buffer when the host restarted and numbers afresh', () => {
    const held = [entry(5), entry(6), entry(7)];
    const tail = [entry(1, '2026-02-01T00:00:00.000Z'), entry(2, '2026-02-01T00:00:01.000Z')];
    expect(mergeLogTail(held, tail)).toEqual(tail);
  });
});
