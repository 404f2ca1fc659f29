import { describe, expect, it } from 'vitest';
import { baseName, formatDuration, formatLogTime, formatParams, formatPercent, formatPreciseDuration, jobElapsedMs } from './format';

describe('format', () => {
  it('formats durations as a clock', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7_900)).toBe('0:07');
    expect(formatDuration(754_000)).toBe('12:34');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-5)).toBe('0:00');
  });

  it('gives short finished durations more precision', () => {
    expect(formatPreciseDuration(840.4)).toBe('840 ms');
    expect(formatPreciseDuration(4_260)).toBe('4.2 s');
    expect(formatPreciseDuration(19_600)).toBe('0:19');
  });

  it("dates a log entry's time only when it is not from today", () => {
    const now = new Date(2026, 10, 23, 9, 0, 0);
    expect(formatLogTime(new Date(2026, 10, 23, 8, 4, 5, 67).toISOString(), now)).toBe('08:04:05.067');
    expect(formatLogTime(new Date(2026, 10, 21, 23, 59, 59, 999).toISOString(), now)).toBe('11-21 23:59:59.999');
    expect(formatLogTime('not a time', now)).toBe('not a time');
  });

  it("writes a run's params in their order", () => {
    expect(formatParams({ fast: 10, slow: 30 })).toBe('fast=10 · slow=30');
    expect(formatParams({})).toBe('');
  });

  it('clamps percentages', () => {
    expect(formatPercent(0.426)).toBe('43%');
    expect(formatPercent(1.2)).toBe('100%');
  });

  it('takes the last path segment on any platform', () => {
    expect(baseName('/home/me/GOOG.csv')).toBe('GOOG.csv');
    expect(baseName('C:\\data\\NVDA.csv')).toBe('NVDA.csv');
  });

  it('measures a job from its start, or its creation while queued, to its end or now', () => {
    const createdAt = '2026-01-01T00:00:00.000Z';
    const now = Date.parse('2026-01-01T00:01:00.000Z');
    expect(jobElapsedMs({ createdAt, startedAt: null, finishedAt: null }, now)).toBe(60_000);
    expect(jobElapsedMs({ createdAt, startedAt: '2026-01-01T00:00:30.000Z', finishedAt: null }, now)).toBe(30_000);
    expect(jobElapsedMs({ createdAt, startedAt: '2026-01-01T00:00:30.000Z', finishedAt: '2026-01-01T00:00:40.000Z' }, now)).toBe(10_000);
  });
});
