import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../../shared/contract';
import { filterLogEntries, formatLogFields, logSource } from './log-filter';

const entries: LogEntry[] = [
  { seq: 1, time: '2026-01-01T00:00:00.000Z', level: 'debug', message: 'Worker ready', source: 'worker', pid: 4242 },
  { seq: 2, time: '2026-01-01T00:00:01.000Z', level: 'info', message: 'Job started', source: 'main', fields: { jobId: 'j-7' } },
  { seq: 3, time: '2026-01-01T00:00:02.000Z', level: 'error', message: 'Import failed', source: 'worker', pid: 4242 },
];

describe('filterLogEntries', () => {
  it('keeps entries at or above the level', () => {
    expect(filterLogEntries(entries, 'info', '').map((entry) => entry.seq)).toEqual([2, 3]);
  });

  it('searches messages, sources with pid, and fields, ignoring case', () => {
    expect(filterLogEntries(entries, 'trace', 'IMPORT').map((entry) => entry.seq)).toEqual([3]);
    expect(filterLogEntries(entries, 'trace', 'worker:4242').map((entry) => entry.seq)).toEqual([1, 3]);
    expect(filterLogEntries(entries, 'trace', 'j-7').map((entry) => entry.seq)).toEqual([2]);
  });

  it('formats sources and fields', () => {
    expect(logSource(entries[0]!)).toBe('worker:4242');
    expect(formatLogFields({ jobId: 'j-7', rows: 12, nested: { a: 1 } })).toBe('jobId=j-7 rows=12 nested={"a":1}');
  });
});
