import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from './throttle';

describe('Throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('emits the first value at once, then at most one per interval, always the latest', () => {
    const emitted: Array<[string, number]> = [];
    const throttle = new Throttle<number>(100, (key, value) => emitted.push([key, value]));
    for (let value = 0; value < 1000; value++) throttle.push('job', value);
    expect(emitted).toEqual([['job', 0]]);
    vi.advanceTimersByTime(100);
    expect(emitted).toEqual([
      ['job', 0],
      ['job', 999],
    ]);
    vi.advanceTimersByTime(1000);
    expect(emitted).toHaveLength(2);
  });

  it('keeps keys apart and forgets pending values on request', () => {
    const emitted: string[] = [];
    const throttle = new Throttle<number>(100, (key) => emitted.push(key));
    throttle.push('a', 1);
    throttle.push('b', 1);
    throttle.push('a', 2);
    throttle.forget('a');
    vi.advanceTimersByTime(500);
    expect(emitted).toEqual(['a', 'b']);
  });

  it('flushes a pending value at once', () => {
    const emitted: number[] = [];
    const throttle = new Throttle<number>(100, (_key, value) => emitted.push(value));
    throttle.push('a', 1);
    throttle.push('a', 2);
    throttle.flush('a');
    throttle.flush('a');
    expect(emitted).toEqual([1, 2]);
  });
});
