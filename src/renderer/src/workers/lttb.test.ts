import { describe, expect, it } from 'vitest';
import { lttb, lttbIndexes } from './lttb';

const series = (ys: number[]) => ys.map((y, x) => ({ x, y }));

describe('lttb', () => {
  it('keeps short series as they are', () => {
    const points = series([1, 2, 3]);
    expect(lttb(points, 10)).toEqual(points);
  });

  it('keeps the first and last points and at most threshold points', () => {
    const points = series(Array.from({ length: 10_000 }, (_, index) => Math.sin(index / 50) * 100 + index / 10));
    const kept = lttb(points, 500);
    expect(kept.length).toBeLessThanOrEqual(500);
    expect(kept[0]).toBe(points[0]);
    expect(kept.at(-1)).toBe(points.at(-1));
  });

  it('answers ascending indexes', () => {
    const ys = Array.from({ length: 3000 }, (_, index) => (index * 7919) % 101);
    const indexes = lttbIndexes(ys.map((_, index) => index), ys, 200);
    for (let index = 1; index < indexes.length; index += 1) expect(indexes[index]!).toBeGreaterThan(indexes[index - 1]!);
  });

  it('picks the spike in a flat series', () => {
    const ys = Array.from({ length: 5000 }, () => 1);
    ys[2345] = 50;
    ys[4000] = -30;
    const kept = lttb(series(ys), 100).map((point) => point.x);
    expect(kept).toContain(2345);
    expect(kept).toContain(4000);
  });

  it('handles degenerate thresholds', () => {
    const points = series([1, 5, 2, 8, 3]);
    expect(lttb(points, 2).map((point) => point.x)).toEqual([0, 4]);
  });
});
