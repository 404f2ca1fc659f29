import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSystemStore } from './system-store';

afterEach(() => {
  vi.useRealTimers();
  useSystemStore.setState(useSystemStore.getInitialState());
});

describe('lostContactAt', () => {
  it('is when the connection first dropped, until it is back', () => {
    vi.useFakeTimers({ now: 1_000 });
    const { setConnection } = useSystemStore.getState();
    setConnection('connected');
    expect(useSystemStore.getState().lostContactAt).toBeNull();
    setConnection('reconnecting');
    vi.setSystemTime(5_000);
    setConnection('reconnecting');
    expect(useSystemStore.getState().lostContactAt).toBe(1_000);
    setConnection('connected');
    expect(useSystemStore.getState().lostContactAt).toBeNull();
  });
});
